/**
 * REST test helpers: a JSON-aware request function and fakes of the injectable
 * ports (the AI generator and the PDF renderer are written elsewhere).
 */
import type { InvoiceDocument } from "../../common/invoice/types.ts";
import type { RequestContext } from "../context.ts";
import { serviceContext } from "../context.ts";
import type { GenerateInvoiceFn, GenerateRequest } from "../modules/generation/generation.port.ts";
import type { RenderInvoicePdfFn } from "../modules/invoices/invoice-pdf.ts";
import { createInvoice, toInvoiceDocument, type InvoiceWithLines } from "../modules/invoices/invoices.service.ts";
import type { TestApp } from "./harness.ts";

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  auth?: Record<string, string>;
  /** Sent as JSON with Content-Type: application/json (unless headers override it). */
  json?: unknown;
  /** Sent as is. */
  body?: string;
  headers?: Record<string, string>;
}

export async function call(t: Pick<TestApp, "request">, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.auth };
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] = "application/json";
  } else if (options.body !== undefined) {
    body = options.body;
  }
  Object.assign(headers, options.headers);
  const response = await t.request(path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed, text, headers: response.headers };
}

/** What the fake generator understands: "10 hours of consulting at $150/hour for Acme Corp … 10% tax". */
function extract(prompt: string) {
  const work = /(\d+(?:\.\d+)?)\s*hours?\s+of\s+([\w -]+?)\s+at\s+\$(\d+(?:\.\d+)?)/i.exec(prompt);
  const customer = /\bfor\s+([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)/.exec(prompt.replace(/^.*?\bat\s+\$[\d.]+\S*/i, ""));
  const tax = /(\d+(?:\.\d+)?)\s*%\s*tax/i.exec(prompt);
  return {
    title: work ? `${work[2]!.replace(/^\w/, (ch) => ch.toUpperCase())} services` : "Services",
    items: [
      {
        description: work ? work[2]!.replace(/^\w/, (ch) => ch.toUpperCase()) : prompt.slice(0, 50),
        quantity: work?.[1] ?? "1",
        unit: work ? "hour" : null,
        unitPrice: work?.[3] ?? "100",
      },
    ],
    customer: { name: customer?.[1] ?? "Customer" },
    taxes: tax ? [{ name: "Tax", rate: tax[1]! }] : [],
  };
}

export interface FakeGenerator {
  fn: GenerateInvoiceFn;
  calls: GenerateRequest[];
}

/** A stand-in for the AI engine: creates a REAL invoice through the service (or a preview document). */
export function fakeGenerator(options: { delayMs?: number; fail?: Error } = {}): FakeGenerator {
  const calls: GenerateRequest[] = [];
  const fn: GenerateInvoiceFn = async (ctx: RequestContext, req) => {
    calls.push(req);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (options.fail) throw options.fail;
    const prompt = req.prompt ?? "";
    const input = extract(prompt);
    if (req.preview) {
      const document: InvoiceDocument = {
        number: "PREVIEW",
        title: input.title,
        status: "draft",
        issuedAt: "2025-01-15",
        dueAt: "2025-02-14",
        paidAt: null,
        currency: "USD",
        locale: "en-US",
        fromDetails: [],
        toDetails: [{ label: "Name", value: input.customer.name }],
        paymentDetails: [],
        customer: input.customer,
        items: input.items,
        discounts: [],
        taxes: input.taxes,
      };
      return { invoice: null, document };
    }
    const invoice = await createInvoice(serviceContext(ctx), input, {
      promptId: req.promptId ?? null,
      promptText: prompt,
      llmProvider: req.provider,
    }, { requestKey: req.requestKey });
    return { invoice, document: toInvoiceDocument(invoice) };
  };
  return { fn, calls };
}

export const FAKE_PDF = new TextEncoder().encode("%PDF-1.7\n% fake\n%%EOF\n");

export function fakeRenderer(): { fn: RenderInvoicePdfFn; calls: InvoiceWithLines[] } {
  const calls: InvoiceWithLines[] = [];
  return {
    calls,
    fn: async (_ctx, invoice) => {
      calls.push(invoice);
      return FAKE_PDF;
    },
  };
}

export interface RouteRequest {
  method: string;
  path: string;
  json?: unknown;
  /** The success status the route answers this request with. */
  status: number;
}

type Account = { user: { id: string } };

/**
 * A valid request for each documented operation (keyed by operationId), on fresh
 * resources of the account, so every route can be walked in any order.
 */
export async function validRequest(t: Pick<TestApp, "db">, a: Account, operationId: string): Promise<RouteRequest> {
  const ctx = { db: t.db, userId: a.user.id };
  const invoice = async () =>
    (
      await createInvoice(ctx, {
        title: "Consulting",
        issuedAt: "2025-01-15",
        dueAt: "2025-02-15",
        customer: { name: "Acme Corp" },
        items: [{ description: "Consulting", quantity: "10", unit: "hour", unitPrice: "150" }],
        taxes: [{ name: "Tax", rate: "10" }],
      })
    ).id;
  const prompt = async () => {
    const { createPrompt } = await import("../modules/prompts/prompts.service.ts");
    return (await createPrompt(ctx, { text: "Invoice for consulting", labels: [{ name: "Consulting", color: "#3b82f6" }] })).id;
  };
  switch (operationId) {
    case "listInvoices":
      return { method: "GET", path: "/api/v1/invoices?page=1&per_page=10", status: 200 };
    case "createInvoice":
      return {
        method: "POST",
        path: "/api/v1/invoices",
        json: { prompt: "10 hours of consulting at $150/hour for Acme Corp. Add 10% tax.", llm_provider: "offline" },
        status: 201,
      };
    case "getInvoice":
      return { method: "GET", path: `/api/v1/invoices/${await invoice()}`, status: 200 };
    case "updateInvoice":
      return { method: "PATCH", path: `/api/v1/invoices/${await invoice()}`, json: { title: "Renamed", notes: null }, status: 200 };
    case "deleteInvoice":
      return { method: "DELETE", path: `/api/v1/invoices/${await invoice()}`, status: 200 };
    case "downloadInvoice":
      return { method: "GET", path: `/api/v1/invoices/${await invoice()}/download`, status: 200 };
    case "markInvoicePaid":
      return { method: "POST", path: `/api/v1/invoices/${await invoice()}/mark-paid`, status: 200 };
    case "markInvoiceUnpaid":
      return { method: "POST", path: `/api/v1/invoices/${await invoice()}/mark-unpaid`, status: 200 };
    case "getInvoiceSummary":
      return { method: "GET", path: "/api/v1/invoices/summary", status: 200 };
    case "duplicateInvoice":
      return { method: "POST", path: `/api/v1/invoices/${await invoice()}/duplicate`, status: 201 };
    case "listPrompts":
      return { method: "GET", path: "/api/v1/prompts?label=Consulting", status: 200 };
    case "createPrompt":
      return { method: "POST", path: "/api/v1/prompts", json: { prompt_text: "New prompt", labels: [{ name: "New", color: "#10b981" }] }, status: 201 };
    case "listPromptLabels":
      return { method: "GET", path: "/api/v1/prompts/labels", status: 200 };
    case "getPrompt":
      return { method: "GET", path: `/api/v1/prompts/${await prompt()}`, status: 200 };
    case "updatePrompt":
      return { method: "PUT", path: `/api/v1/prompts/${await prompt()}`, json: { prompt_text: "Changed" }, status: 200 };
    case "deletePrompt":
      return { method: "DELETE", path: `/api/v1/prompts/${await prompt()}`, status: 200 };
    case "basicListInvoices":
      return { method: "GET", path: "/api/invoices", status: 200 };
    case "basicCreateInvoice":
      return {
        method: "POST",
        path: "/api/invoices",
        json: {
          invoiceNumber: `B-${Math.random().toString(36).slice(2, 10)}`,
          date: "2026-03-03",
          dueDate: "2026-03-17",
          status: "draft",
          customer: { id: "c", name: "Acme", email: "a@acme.example", address: "1 St", city: "NY", state: "NY", zipCode: "1", country: "US" },
          items: [{ id: "i", description: "Work", quantity: 1, rate: 10 }],
          currency: "USD",
        },
        status: 201,
      };
    case "basicGetInvoice":
      return { method: "GET", path: `/api/invoices/${await invoice()}`, status: 200 };
    case "basicUpdateInvoice":
      return { method: "PATCH", path: `/api/invoices/${await invoice()}`, json: { notes: "n" }, status: 200 };
    case "basicDeleteInvoice":
      return { method: "DELETE", path: `/api/invoices/${await invoice()}`, status: 200 };
    default:
      throw new Error(`validRequest: no example for ${operationId}; add one`);
  }
}
