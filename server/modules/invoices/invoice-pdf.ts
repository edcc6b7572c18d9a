/**
 * Server side of the one PDF renderer (common/pdf): the stored invoice → the same
 * InvoiceDocument and totals the SPA renders from, so both downloads are the same file.
 *
 * Rendering is CPU-bound (~0.5 s for a 1,000-line invoice), so it runs on a piscina
 * worker pool (invoice-pdf.worker.ts) and the event loop keeps serving other requests.
 * The pool is per process, created on the first PDF; idle workers don't keep the
 * process alive.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { fetchLogo } from "../../../common/pdf/assets.node.ts";
import type { PdfLogo } from "../../../common/pdf/render-invoice/render-invoice.ts";
import { createGuardedFetch } from "../../net/guarded-fetch.ts";
import type { RequestContext } from "../../context.ts";
import { ApiError } from "../../rest/respond.ts";
import type { PdfJob } from "./invoice-pdf.worker.ts";
import { invoiceTotals, toInvoiceDocument, type InvoiceWithLines } from "./invoices.service.ts";

/** Logos are optional decoration: a slow or broken URL never delays the PDF for long. */
const LOGO_TIMEOUT_MS = 1_500;
const LOGO_MAX_BYTES = 1024 * 1024;

/** A customer's logo URL is user input: fetched only through the SSRF guard, never into private networks. */
const logoFetch = createGuardedFetch({ allowPrivate: false, timeoutMs: LOGO_TIMEOUT_MS, maxResponseBytes: LOGO_MAX_BYTES });

/** The logo for a stored invoice's PDF, or null (refused address, failure, not PNG/JPEG). */
export function fetchInvoiceLogo(url: string): Promise<PdfLogo | null> {
  return fetchLogo(url, LOGO_TIMEOUT_MS, { fetch: logoFetch, maxBytes: LOGO_MAX_BYTES });
}

/** Renders waiting for a free worker before new ones are turned away with a 503. */
export const PDF_QUEUE_LIMIT = 32;

export interface PdfPoolOptions {
  /** Worker threads (default: one fewer than the CPUs, at least 1, at most 4). */
  threads?: number;
  /** Renders that may wait for a worker (default PDF_QUEUE_LIMIT). */
  maxQueue?: number;
}

/**
 * The worker's file. From source (tsx, vitest) it is the TypeScript file next to this
 * one. In a bundle, this module's code lives in the bundle file, so the worker is the
 * separately built `invoice-pdf.worker<.js|.mjs>` next to it (same extension as the bundle).
 */
export function pdfWorkerFile(moduleUrl: string = import.meta.url): { file: string; fromSource: boolean } {
  const self = fileURLToPath(moduleUrl);
  const extension = extname(self);
  const fromSource = extension === ".ts";
  return { file: fileURLToPath(new URL(`./invoice-pdf.worker${fromSource ? ".ts" : extension}`, moduleUrl)), fromSource };
}

/** Worker threads inherit the parent's flags; a TypeScript worker also needs tsx's loader (vitest's process doesn't have it). */
function workerExecArgv(fromSource: boolean): string[] | undefined {
  if (!fromSource || process.execArgv.some((arg) => arg.includes("tsx"))) return undefined;
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return [...process.execArgv, "--import", tsxLoader];
}

/** The PDF port: createApp takes it as AppServices.renderInvoicePdf (absent → the download answers 501). */
export type RenderInvoicePdfFn = (ctx: RequestContext, invoice: InvoiceWithLines) => Promise<Uint8Array>;

export interface PdfPool {
  render: RenderInvoicePdfFn;
  close(): Promise<void>;
}

export function createPdfPool(options: PdfPoolOptions = {}): PdfPool {
  const { file, fromSource } = pdfWorkerFile();
  const threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  const pool = new Piscina<PdfJob, Uint8Array>({
    filename: pathToFileURL(file).href,
    minThreads: threads,
    maxThreads: threads,
    maxQueue: options.maxQueue ?? PDF_QUEUE_LIMIT,
    execArgv: workerExecArgv(fromSource),
  });
  return {
    async render(_ctx, invoice) {
      const document = toInvoiceDocument(invoice);
      const logo = document.customer.logoUrl ? await fetchInvoiceLogo(document.customer.logoUrl) : null;
      const job: PdfJob = { document, totals: invoiceTotals(invoice), logo };
      // Checked before run(): piscina's own "queue is at limit" error is a plain Error.
      if (pool.queueSize >= pool.options.maxQueue) throw busy();
      return pool.run(job);
    },
    close: () => pool.destroy(),
  };
}

function busy(): ApiError {
  return new ApiError(503, "The PDF renderer is busy; retry in a few seconds", {}, { "Retry-After": "5" });
}

let shared: PdfPool | undefined;

/** The process's pool (npm start's wiring): created on the first PDF. */
export const renderStoredInvoicePdf: RenderInvoicePdfFn = (ctx, invoice) => {
  shared ??= createPdfPool();
  return shared.render(ctx, invoice);
};

/** Stops the process's pool (tests; npm start exits instead). */
export async function closeSharedPdfPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
