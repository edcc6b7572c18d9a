/**
 * Piscina worker entry: renders one invoice PDF on a worker thread, so a large
 * invoice (~0.5 s of CPU for 1,000 lines) never blocks the event loop.
 *
 * Its own entry point on purpose: invoice-pdf.ts loads it by file name
 * (pdfWorkerFile), from source under tsx/vitest and as a separately built file
 * next to the server bundle. Keep its imports to the pure renderer (no database,
 * no server state): a worker has none of the main thread's.
 */
import { readlinkSync } from "node:fs";
import { constants, setPriority } from "node:os";
import { move } from "piscina";
import { loadPdfAssets } from "../../../common/pdf/assets.node.ts";
import { renderInvoicePdf, type PdfLogo } from "../../../common/pdf/render-invoice/render-invoice.ts";
import type { InvoiceDocument, InvoiceTotals } from "../../../common/invoice/types.ts";

/** What the main thread sends: plain data (bigints and bytes survive structured cloning). */
export interface PdfJob {
  document: InvoiceDocument;
  totals: InvoiceTotals;
  logo: PdfLogo | null;
}

/**
 * Linux: lower this thread's priority (nice 10), so on a busy machine the main thread's
 * request handling wins the CPU over PDF rendering. setpriority() on a thread id affects
 * that thread only. Elsewhere (no /proc/thread-self) the thread keeps normal priority.
 */
function lowerThreadPriority(): void {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not Linux, or not permitted: rendering works the same, just at normal priority.
  }
}
lowerThreadPriority();

export default async function renderPdfJob(job: PdfJob): Promise<Uint8Array> {
  // The fonts and the subsetter wasm are read once per worker thread and cached.
  const assets = await loadPdfAssets();
  const bytes = await renderInvoicePdf(job.document, job.totals, { ...assets, logo: job.logo });
  // Hand the buffer over instead of copying it.
  return move(bytes) as Uint8Array;
}
