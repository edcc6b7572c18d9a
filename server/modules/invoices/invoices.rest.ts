/**
 * Invoices over REST (Invobi API v1, docs/spec/invobi-api-v1.txt): thin
 * handlers that parse with zod, call the invoice service and shape snake_case JSON
 * through ONE serializer (invoiceJson). Money is exact decimal strings from the
 * money module ("1650.00"), plus total_minor.
 */
import type { Context } from "hono";
import { z } from "zod";
import { CalendarDate, CalendarDateLoose, InvoiceCreateSchema, InvoiceStatusSchema, InvoiceUpdateSchema } from "../../../common/invoice/schema.ts";
import { INVOICE_STATUSES, type InvoiceDocument, type InvoiceStatus } from "../../../common/invoice/types.ts";
import { computeTotals, minorToDecimal } from "../../../common/money/index.ts";
import type { AppEnv } from "../../http/env.ts";
import { serviceContext, viewerToday } from "../../context.ts";
import { requestKeyOf } from "../../http/idempotency.ts";
import { ValidationError } from "../../errors.ts";
import { camelKeys, snakeSchema, snakeValidationError } from "../../rest/case.ts";
import { ApiError } from "../../rest/respond.ts";
import { defineRoute, queryBool, queryInt, respond, type AnyRoute } from "../../rest/route.ts";
import { DateJson, DateTimeJson, DecimalJson, DeletedJson, ErrorJson } from "../../rest/schemas.ts";
import { GenerateInvoiceBody, generateFromPrompt, type GenerateInvoiceBodyOutput } from "../generation/generation.rest.ts";
import {
  createInvoice,
  deleteInvoice,
  getInvoice,
  getInvoiceInSlices,
  isOverdue,
  listInvoicesPage,
  markInvoicePaid,
  markInvoiceUnpaid,
  MAX_PAGE_SIZE,
  toInvoiceDocument,
  updateInvoice,
  type InvoiceOrder,
  type InvoiceSortField,
  type InvoiceWithLines,
} from "./invoices.service.ts";
import { customerRecord } from "./invoice.mapper.ts";

// ---------------------------------------------------------------- response schemas

const nullableText = z.string().nullable();
const DetailLineJson = z.strictObject({ label: z.string(), value: z.string() });
const DetailLinesJson = z.array(DetailLineJson);

const CustomerJson = z.strictObject({
  ref: nullableText.describe("Your own customer identifier."),
  name: nullableText,
  email: nullableText,
  address: nullableText,
  city: nullableText,
  state: nullableText,
  zip: nullableText,
  country: nullableText,
  logo_url: nullableText,
});

const InvoiceItemJson = z.strictObject({
  description: z.string(),
  quantity: DecimalJson,
  unit: nullableText,
  unit_price: DecimalJson,
  discount_percent: DecimalJson.nullable(),
  tax_percent: DecimalJson.nullable(),
  tax_name: nullableText,
  amount: DecimalJson.describe("quantity × unit price − line discount, rounded to the currency."),
});

const InvoiceDiscountJson = z.strictObject({
  description: nullableText,
  kind: z.enum(["percent", "fixed"]),
  value: DecimalJson.describe("A percentage (percent) or an amount in major units (fixed)."),
  amount: DecimalJson.describe("What the discount takes off the subtotal."),
});

const InvoiceTaxJson = z.strictObject({ name: z.string(), rate: DecimalJson });

const TaxLineJson = z.strictObject({
  name: z.string(),
  rate: DecimalJson,
  base: DecimalJson.describe("The taxable amount this rate applies to."),
  amount: DecimalJson,
});

const StatusJson = z.enum(INVOICE_STATUSES as unknown as [InvoiceStatus, ...InvoiceStatus[]]);

export const InvoiceJson = z
  .strictObject({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    status: StatusJson,
    issued_at: DateJson,
    due_at: DateJson,
    paid_at: DateJson.nullable().describe("Set when the invoice is paid: Invobi's 'paid' means 'has a paid date'."),
    is_overdue: z.boolean(),
    currency: z.string().describe("ISO 4217 code."),
    locale: z.string().describe("BCP 47 tag used for formatting."),
    notes: nullableText,
    from_details: DetailLinesJson,
    to_details: DetailLinesJson,
    payment_details: DetailLinesJson,
    customer: CustomerJson,
    items: z.array(InvoiceItemJson),
    discounts: z.array(InvoiceDiscountJson),
    taxes: z.array(InvoiceTaxJson),
    subtotal: DecimalJson,
    discount_total: DecimalJson,
    tax_total: DecimalJson,
    total: DecimalJson,
    total_minor: z.string().regex(/^-?\d+$/).describe("The total in minor units (cents), as a string."),
    tax_lines: z.array(TaxLineJson).describe("One line per distinct tax name and rate."),
    prompt_id: nullableText.describe("The saved prompt the invoice was generated from."),
    prompt_text: nullableText.describe("The words the invoice was generated from."),
    llm_provider: nullableText,
    created_at: DateTimeJson,
    updated_at: DateTimeJson,
  })
  .meta({ description: "An invoice." });

export const InvoicePreviewJson = InvoiceJson.extend({
  id: z.null(),
  created_at: z.null(),
  updated_at: z.null(),
}).meta({ description: "A generated invoice that was not stored (preview=true)." });

export const InvoiceEnvelope = z.strictObject({ invoice: InvoiceJson });
export const InvoicePreviewEnvelope = z.strictObject({ invoice: InvoicePreviewJson, preview: z.literal(true) });
export const InvoiceListJson = z.strictObject({
  invoices: z.array(InvoiceJson),
  pagination: z.strictObject({
    total: z.number().int(),
    page: z.number().int(),
    per_page: z.number().int(),
    total_pages: z.number().int(),
  }),
});

// ---------------------------------------------------------------- the serializer

export type InvoiceJsonOutput = z.output<typeof InvoiceJson>;
export type InvoicePreviewJsonOutput = z.output<typeof InvoicePreviewJson>;

interface InvoiceMeta {
  id: string | null;
  promptId: string | null;
  promptText: string | null;
  llmProvider: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** The one invoice serializer: a stored invoice or a preview document → snake_case JSON. */
export function invoiceJson(doc: InvoiceDocument, meta: InvoiceMeta, today: string): InvoiceJsonOutput | InvoicePreviewJsonOutput {
  const totals = computeTotals({ currency: doc.currency, items: doc.items, discounts: doc.discounts, taxes: doc.taxes });
  const decimal = (minor: bigint) => minorToDecimal(minor, totals.exponent);
  const paidAt = doc.paidAt ?? null;
  return {
    id: meta.id,
    number: doc.number,
    title: doc.title,
    status: doc.status,
    issued_at: doc.issuedAt,
    due_at: doc.dueAt,
    paid_at: paidAt,
    is_overdue: isOverdue({ dueAt: doc.dueAt, paidAt, status: doc.status }, today),
    currency: doc.currency,
    locale: doc.locale,
    notes: doc.notes ?? null,
    from_details: doc.fromDetails,
    to_details: doc.toDetails,
    payment_details: doc.paymentDetails,
    customer: customerRecord(doc.customer, { logoUrl: "logo_url" }),
    items: doc.items.map((item, i) => ({
      description: item.description,
      quantity: item.quantity,
      unit: item.unit ?? null,
      unit_price: item.unitPrice,
      discount_percent: item.discountPercent ?? null,
      tax_percent: item.taxPercent ?? null,
      tax_name: item.taxName ?? null,
      amount: decimal(totals.lines[i]!.netMinor),
    })),
    discounts: totals.discounts.map((d) => ({
      description: d.description,
      kind: d.kind,
      value: d.value,
      amount: decimal(d.amountMinor),
    })),
    taxes: doc.taxes.map((t) => ({ name: t.name, rate: t.rate })),
    subtotal: decimal(totals.subtotalMinor),
    discount_total: decimal(totals.discountTotalMinor),
    tax_total: decimal(totals.taxTotalMinor),
    total: decimal(totals.totalMinor),
    total_minor: totals.totalMinor.toString(),
    tax_lines: totals.taxes.map((t) => ({
      name: t.name,
      rate: t.rate,
      base: decimal(t.baseMinor),
      amount: decimal(t.amountMinor),
    })),
    prompt_id: meta.promptId,
    prompt_text: meta.promptText,
    llm_provider: meta.llmProvider,
    created_at: meta.createdAt ? meta.createdAt.toISOString() : null,
    updated_at: meta.updatedAt ? meta.updatedAt.toISOString() : null,
  } as InvoiceJsonOutput | InvoicePreviewJsonOutput;
}

export function serializeInvoice(invoice: InvoiceWithLines, today: string): InvoiceJsonOutput {
  return invoiceJson(
    toInvoiceDocument(invoice),
    {
      id: invoice.id,
      promptId: invoice.promptId,
      promptText: invoice.promptText,
      llmProvider: invoice.llmProvider,
      createdAt: invoice.createdAt,
      updatedAt: invoice.updatedAt,
    },
    today,
  ) as InvoiceJsonOutput;
}

/** "Today" in the caller's time zone: what is_overdue compares the due date with. */
export function todayOf(c: Context<AppEnv>): string {
  return viewerToday(c.get("ctx"));
}

// ---------------------------------------------------------------- request schemas

/** Structured invoice input: the service's own schema with snake_case keys. */
export const InvoiceCreateBody = snakeSchema(InvoiceCreateSchema).meta({
  description:
    "Structured invoice fields. Only items are required; the number, dates (due in 30 days), currency, locale and your business details default from your account. Amounts are decimal strings (\"150.00\") or JSON numbers.",
});

export const InvoiceUpdateBody = snakeSchema(InvoiceUpdateSchema)
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: "Provide at least one field to update" })
  .meta({ description: "Only the fields given change; items, discounts and taxes replace the whole list." });

export const StructuredCreateBody = z
  .object({ invoice: InvoiceCreateBody })
  .meta({ title: "Structured creation", description: "Creates the invoice from structured fields." });

const MarkPaidBody = z.object({
  paid_at: CalendarDateLoose.nullish().describe("The payment date (YYYY-MM-DD); default today in your time zone."),
});

const EmptyBody = z.object({});

const SORT_VALUES = [
  "created_at",
  "-created_at",
  "issued_at",
  "-issued_at",
  "due_at",
  "-due_at",
  "total",
  "-total",
  "number",
  "-number",
] as const;

const SORT_FIELDS: Record<string, InvoiceSortField> = {
  created_at: "createdAt",
  issued_at: "issuedAt",
  due_at: "dueAt",
  total: "total",
  number: "number",
};

export const ListInvoicesQuery = z.object({
  page: queryInt({ min: 1, max: 1_000_000, fallback: 1, description: "Page number (default: 1)." }),
  per_page: queryInt({ min: 1, max: MAX_PAGE_SIZE, fallback: 20, description: `Items per page (default: 20, max: ${MAX_PAGE_SIZE}).` }),
  status: z
    .enum(["paid", "unpaid"], { message: "must be paid or unpaid" })
    .optional()
    .describe("Filter by payment status: 'paid' (has a paid date) or 'unpaid'."),
  overdue: queryBool("true: only overdue invoices (due date passed, not paid, not cancelled); false: none of them."),
  search: z.string().trim().max(200, "must be at most 200 characters").optional().describe("Case-insensitive text in title, number or customer."),
  invoice_status: z
    .string()
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(InvoiceStatusSchema))
    .optional()
    .meta({ type: "string", description: "Comma-separated lifecycle statuses: draft, sent, paid, cancelled." } as Record<string, unknown>),
  issued_from: CalendarDate.optional().describe("Issued on or after (YYYY-MM-DD)."),
  issued_to: CalendarDate.optional().describe("Issued on or before (YYYY-MM-DD)."),
  sort: z
    .enum(SORT_VALUES, { message: `must be one of ${SORT_VALUES.join(", ")}` })
    .optional()
    .describe("Sort field; prefix with - for descending. Default -created_at (newest first)."),
});

const PreviewQuery = z.object({
  preview: queryBool("AI generation only: true returns the generated invoice without storing it (200)."),
});

// ---------------------------------------------------------------- handlers' helpers

/** Runs a service call, reporting its validation issues with the caller's snake_case paths. */
async function snakeErrors<T>(prefix: (string | number)[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ValidationError) throw snakeValidationError(error, prefix);
    throw error;
  }
}

function orderOf(sort: (typeof SORT_VALUES)[number] | undefined): InvoiceOrder | undefined {
  if (!sort) return undefined;
  const descending = sort.startsWith("-");
  return { field: SORT_FIELDS[descending ? sort.slice(1) : sort]!, direction: descending ? "desc" : "asc" };
}

/** "INV-0001" → attachment; filename="INV-0001.pdf" (+ RFC 5987 filename* when the number is not plain ASCII). */
export function pdfContentDisposition(number: string): string {
  const unicode =
    number
      .normalize("NFC")
      .replace(/[\u0000-\u001f\u007f-\u009f"\\/:*?<>|;,%]+/g, "_")
      .replace(/\s+/g, "_")
      .replace(/^\.+/, "")
      .slice(0, 100) || "invoice";
  const ascii =
    unicode
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/^\.+/, "") || "invoice";
  const header = `attachment; filename="${ascii}.pdf"`;
  if (ascii === unicode) return header;
  const encoded = encodeURIComponent(`${unicode}.pdf`).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${header}; filename*=UTF-8''${encoded}`;
}

// ---------------------------------------------------------------- routes

const idParam = { id: "The invoice ID." };
const TAG = "Invoices";

export const invoiceRoutes: AnyRoute[] = [
  defineRoute({
    method: "get",
    path: "/invoices",
    operationId: "listInvoices",
    summary: "List invoices",
    description: "Returns a paginated list of all invoices for the authenticated user. Supports filtering by payment status.",
    tag: TAG,
    permission: "read",
    query: ListInvoicesQuery,
    responses: { 200: { description: "A page of invoices.", schema: InvoiceListJson } },
    async handler(c, { query }) {
      const ctx = serviceContext(c.get("ctx"));
      const page = await listInvoicesPage(ctx, {
        filter: {
          paid: query.status === "paid" ? true : query.status === "unpaid" ? false : undefined,
          overdue: query.overdue,
          search: query.search || undefined,
          status: query.invoice_status?.length ? (query.invoice_status as InvoiceStatus[]) : undefined,
          issuedFrom: query.issued_from,
          issuedTo: query.issued_to,
        },
        orderBy: orderOf(query.sort),
        page: query.page,
        perPage: query.per_page,
      });
      const today = todayOf(c);
      return respond(c, InvoiceListJson, {
        invoices: page.invoices.map((invoice) => serializeInvoice(invoice, today)),
        pagination: { total: page.total, page: page.page, per_page: page.perPage, total_pages: page.totalPages },
      });
    },
  }),

  defineRoute({
    method: "post",
    path: "/invoices",
    operationId: "createInvoice",
    summary: "Create an invoice",
    description:
      "Creates a new invoice using natural language: describe it in plain text and an LLM generates it (`prompt`, `llm_provider`, `llm_api_key`). " +
      "Alternatively send an `invoice` object to create it from structured fields. With `?preview=true` a generated invoice is returned without being stored.",
    tag: TAG,
    permission: "write",
    query: PreviewQuery,
    body: {
      required: true,
      variants: [GenerateInvoiceBody, StructuredCreateBody],
      select(raw) {
        const structured = "invoice" in raw;
        const generated = "prompt" in raw || "prompt_id" in raw || "llm_provider" in raw;
        if (structured && generated) {
          return 'Send either "prompt" (AI generation) or an "invoice" object (structured creation), not both';
        }
        return structured ? StructuredCreateBody : GenerateInvoiceBody;
      },
    },
    responses: {
      201: { description: "The created invoice.", schema: InvoiceEnvelope },
      200: { description: "preview=true: the generated invoice, not stored.", schema: InvoicePreviewEnvelope },
      501: { description: "AI generation is not configured on this server.", schema: ErrorJson },
      502: { description: "The LLM provider failed.", schema: ErrorJson },
    },
    async handler(c, { query, body }) {
      const requestContext = c.get("ctx");
      const ctx = serviceContext(requestContext);
      const today = todayOf(c);
      if ("invoice" in body) {
        if (query.preview) throw new ApiError(400, "preview=true is only available for AI generation (send a prompt)");
        const invoice = await snakeErrors(["invoice"], () =>
          createInvoice(ctx, camelKeys(body.invoice), {}, { requestKey: requestKeyOf(c) }),
        );
        return respond(c, InvoiceEnvelope, { invoice: serializeInvoice(invoice, today) }, 201);
      }
      const result = await generateFromPrompt(requestContext, body as GenerateInvoiceBodyOutput, {
        preview: query.preview === true,
        requestKey: requestKeyOf(c),
      });
      if (query.preview) {
        const invoice = result.invoice
          ? serializeInvoice(result.invoice, today)
          : invoiceJson(result.document, { id: null, ...result.origin, createdAt: null, updatedAt: null }, today);
        const preview = { ...invoice, id: null, created_at: null, updated_at: null } as InvoicePreviewJsonOutput;
        return respond(c, InvoicePreviewEnvelope, { invoice: preview, preview: true }, 200);
      }
      if (!result.invoice) throw new Error("AI generation returned no stored invoice");
      return respond(c, InvoiceEnvelope, { invoice: serializeInvoice(result.invoice, today) }, 201);
    },
  }),

  defineRoute({
    method: "get",
    path: "/invoices/:id",
    operationId: "getInvoice",
    summary: "Get an invoice",
    description: "Returns a single invoice by ID.",
    tag: TAG,
    permission: "read",
    params: idParam,
    responses: { 200: { description: "The invoice.", schema: InvoiceEnvelope } },
    async handler(c, { params }) {
      const invoice = await getInvoice(serviceContext(c.get("ctx")), params.id!);
      return respond(c, InvoiceEnvelope, { invoice: serializeInvoice(invoice, todayOf(c)) });
    },
  }),

  defineRoute({
    method: "patch",
    path: "/invoices/:id",
    operationId: "updateInvoice",
    summary: "Update an invoice",
    description: "Changes only the fields given (snake_case, as in the invoice JSON). items, discounts and taxes replace the whole list.",
    tag: TAG,
    permission: "write",
    params: idParam,
    body: { schema: InvoiceUpdateBody, required: true },
    responses: { 200: { description: "The updated invoice.", schema: InvoiceEnvelope } },
    async handler(c, { params, body }) {
      const ctx = serviceContext(c.get("ctx"));
      const invoice = await snakeErrors([], () => updateInvoice(ctx, params.id!, camelKeys(body)));
      return respond(c, InvoiceEnvelope, { invoice: serializeInvoice(invoice, todayOf(c)) });
    },
  }),

  defineRoute({
    method: "delete",
    path: "/invoices/:id",
    operationId: "deleteInvoice",
    summary: "Delete an invoice",
    description: "Deletes an invoice.",
    tag: TAG,
    permission: "write",
    params: idParam,
    responses: { 200: { description: "Deleted.", schema: DeletedJson } },
    async handler(c, { params }) {
      await deleteInvoice(serviceContext(c.get("ctx")), params.id!);
      return respond(c, DeletedJson, { deleted: true });
    },
  }),

  defineRoute({
    method: "get",
    path: "/invoices/:id/download",
    operationId: "downloadInvoice",
    summary: "Download an invoice as PDF",
    description: "Returns the invoice as a PDF file with Content-Type: application/pdf.",
    tag: TAG,
    permission: "read",
    params: idParam,
    responses: {
      200: { description: "The PDF.", contentType: "application/pdf" },
      501: { description: "PDF rendering is not configured on this server.", schema: ErrorJson },
    },
    async handler(c, { params }) {
      const requestContext = c.get("ctx");
      const invoice = await getInvoiceInSlices(serviceContext(requestContext), params.id!);
      const render = requestContext.renderInvoicePdf;
      if (!render) throw new ApiError(501, "PDF rendering is not configured");
      const bytes = await render(requestContext, invoice);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": pdfContentDisposition(invoice.number),
        "Content-Length": String(bytes.byteLength),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      });
    },
  }),

  defineRoute({
    method: "post",
    path: "/invoices/:id/mark-paid",
    operationId: "markInvoicePaid",
    summary: "Mark an invoice as paid",
    description: "Marks an invoice as paid with today's date (in your time zone), or with paid_at when given.",
    tag: TAG,
    permission: "write",
    params: idParam,
    body: { schema: MarkPaidBody, required: false, description: "Optional." },
    responses: { 200: { description: "The paid invoice.", schema: InvoiceEnvelope } },
    async handler(c, { params, body }) {
      const ctx = serviceContext(c.get("ctx"));
      const invoice = await snakeErrors([], () => markInvoicePaid(ctx, params.id!, body.paid_at ?? undefined));
      return respond(c, InvoiceEnvelope, { invoice: serializeInvoice(invoice, todayOf(c)) });
    },
  }),

  defineRoute({
    method: "post",
    path: "/invoices/:id/mark-unpaid",
    operationId: "markInvoiceUnpaid",
    summary: "Mark an invoice as unpaid",
    description: "Marks an invoice as unpaid by clearing the paid date (a paid invoice goes back to sent).",
    tag: TAG,
    permission: "write",
    params: idParam,
    body: { schema: EmptyBody, required: false, description: "None." },
    responses: { 200: { description: "The unpaid invoice.", schema: InvoiceEnvelope } },
    async handler(c, { params }) {
      const ctx = serviceContext(c.get("ctx"));
      const invoice = await snakeErrors([], () => markInvoiceUnpaid(ctx, params.id!));
      return respond(c, InvoiceEnvelope, { invoice: serializeInvoice(invoice, todayOf(c)) });
    },
  }),
];

