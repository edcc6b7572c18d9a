/**
 * The basic invoice API at /api/invoices (docs/spec/basic-invoice-api.txt):
 * camelCase fields, the same Bearer auth, the same invoice service. Field mapping:
 *
 *   invoiceNumber → number, date → issuedAt, dueDate → dueAt, status → status,
 *   customer {id → ref, name, email, address, city, state, zipCode → zip, country,
 *   logo → logoUrl}, items[] {description, quantity, rate → unitPrice,
 *   discount → discountPercent, taxRate → taxPercent}, currency, notes,
 *   taxRate (global) → one invoice-level tax named "Tax".
 *
 * Item ids in responses are the stored line ids (lines are replaced as a whole).
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { CalendarDateLoose, DecimalInput, InvoiceStatusSchema } from "../../../common/invoice/schema.ts";
import { minorToDecimal } from "../../../common/money/index.ts";
import type { CustomerFields } from "../../../common/invoice/types.ts";
import type { AppEnv } from "../../http/env.ts";
import { serviceContext } from "../../context.ts";
import { requestKeyOf } from "../../http/idempotency.ts";
import { DomainError, ValidationError, type FieldIssue } from "../../errors.ts";
import { ApiError, databaseFaultResponse, domainErrorResponse, jsonError } from "../../rest/respond.ts";
import { defineRoute, parseBody, queryInt, registerRoutes } from "../../rest/route.ts";
import {
  createInvoice,
  deleteInvoice,
  getInvoice,
  invoiceTotals,
  listInvoicesPage,
  MAX_PAGE_SIZE,
  toInvoiceDocument,
  updateInvoice,
  type InvoiceWithLines,
} from "./invoices.service.ts";
import { customerFromRecord, customerRecord } from "./invoice.mapper.ts";

export const GLOBAL_TAX_NAME = "Tax";

// ---------------------------------------------------------------- request validation

const REQUIRED_FIELDS = ["invoiceNumber", "date", "dueDate", "status", "customer", "items", "currency"] as const;
const REQUIRED_CUSTOMER_FIELDS = ["id", "name", "email", "address", "city", "state", "zipCode", "country"] as const;
const REQUIRED_ITEM_FIELDS = ["id", "description", "quantity", "rate"] as const;

const isMissing = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/** Every required field the body lacks, as paths ("customer.zipCode", "items[0].rate"). */
export function missingFields(body: Record<string, unknown>): string[] {
  const missing: string[] = REQUIRED_FIELDS.filter((field) => isMissing(body[field]));
  const customer = body.customer;
  if (customer && typeof customer === "object" && !Array.isArray(customer)) {
    for (const field of REQUIRED_CUSTOMER_FIELDS) {
      if (isMissing((customer as Record<string, unknown>)[field])) missing.push(`customer.${field}`);
    }
  }
  if (Array.isArray(body.items)) {
    body.items.forEach((item, i) => {
      if (!item || typeof item !== "object") return missing.push(`items[${i}]`);
      for (const field of REQUIRED_ITEM_FIELDS) {
        if (isMissing((item as Record<string, unknown>)[field])) missing.push(`items[${i}].${field}`);
      }
    });
  }
  return missing;
}

const str = z.string({ message: "must be a string" });
const percent = DecimalInput.nullish();

const BasicCustomer = z.object({
  id: str,
  name: str,
  email: str,
  address: str,
  city: str,
  state: str,
  zipCode: str,
  country: str,
  logo: str.nullish(),
});

const BasicItem = z.object({
  id: str,
  description: str,
  quantity: DecimalInput,
  rate: DecimalInput,
  discount: percent,
  taxRate: percent,
});

export const BasicCreateBody = z.object({
  invoiceNumber: str,
  date: CalendarDateLoose,
  dueDate: CalendarDateLoose,
  status: InvoiceStatusSchema,
  customer: BasicCustomer,
  items: z.array(BasicItem, { message: "must be an array of line items" }),
  currency: str,
  notes: str.nullish(),
  taxRate: percent,
});

export const BasicUpdateBody = BasicCreateBody.extend({ customer: BasicCustomer.partial() }).partial();

const UPDATABLE = new Set(Object.keys(BasicUpdateBody.shape));

type BasicCreate = z.output<typeof BasicCreateBody>;
type BasicUpdate = z.output<typeof BasicUpdateBody>;

// ---------------------------------------------------------------- mapping

/** The basic API's names of the customer fields it renames (id, zipCode, logo). */
const BASIC_CUSTOMER_NAMES = { ref: "id", zip: "zipCode", logoUrl: "logo" } as const;

function customerInput(customer: Partial<BasicCreate["customer"]>) {
  return customerFromRecord(customer, BASIC_CUSTOMER_NAMES);
}

/** The customer as the basic API writes it: every field, null where absent, logo only when there is one. */
function customerJson(customer: CustomerFields) {
  const { logo, ...fields } = customerRecord(customer, BASIC_CUSTOMER_NAMES);
  return { ...fields, ...(logo ? { logo } : {}) };
}

function itemsInput(items: BasicCreate["items"]) {
  return items.map((item) => ({
    description: item.description,
    quantity: item.quantity,
    unitPrice: item.rate,
    discountPercent: item.discount ?? null,
    taxPercent: item.taxRate ?? null,
  }));
}

function taxesInput(taxRate: string | null | undefined) {
  return taxRate === null || taxRate === undefined ? [] : [{ name: GLOBAL_TAX_NAME, rate: taxRate }];
}

function serviceInput(body: BasicUpdate): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (body.invoiceNumber !== undefined) out.number = body.invoiceNumber;
  if (body.date !== undefined) out.issuedAt = body.date;
  if (body.dueDate !== undefined) out.dueAt = body.dueDate;
  if (body.status !== undefined) out.status = body.status;
  if (body.currency !== undefined) out.currency = body.currency;
  if (body.notes !== undefined) out.notes = body.notes;
  if (body.customer !== undefined) out.customer = customerInput(body.customer);
  if (body.items !== undefined) out.items = itemsInput(body.items);
  if (body.taxRate !== undefined) out.taxes = taxesInput(body.taxRate);
  return out;
}

const SERVICE_TO_BASIC: Record<string, string> = {
  number: "invoiceNumber",
  issuedAt: "date",
  dueAt: "dueDate",
  unitPrice: "rate",
  discountPercent: "discount",
  taxPercent: "taxRate",
  ref: "id",
  zip: "zipCode",
  logoUrl: "logo",
};

/** Service validation paths (items[0].unitPrice, taxes[0].rate) in this API's names (items[0].rate, taxRate). */
function basicValidationError(error: ValidationError): ValidationError {
  if (!error.issues.length) return error;
  const issues: FieldIssue[] = error.issues.map((issue) => {
    if (issue.path[0] === "taxes") return { path: ["taxRate"], message: issue.message };
    return { path: issue.path.map((p) => (typeof p === "string" ? (SERVICE_TO_BASIC[p] ?? p) : p)), message: issue.message };
  });
  return ValidationError.fromIssues(issues);
}

async function basicErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ValidationError) throw basicValidationError(error);
    throw error;
  }
}

// ---------------------------------------------------------------- serializer

const num = (decimal: string) => Number(decimal);

export function basicInvoiceJson(invoice: InvoiceWithLines) {
  const doc = toInvoiceDocument(invoice);
  const totals = invoiceTotals(invoice);
  const decimal = (minor: bigint) => minorToDecimal(minor, totals.exponent);
  const globalTax = doc.taxes.length === 1 && doc.taxes[0]!.name === GLOBAL_TAX_NAME ? doc.taxes[0]! : null;
  return {
    id: invoice.id,
    invoiceNumber: doc.number,
    date: doc.issuedAt,
    dueDate: doc.dueAt,
    status: doc.status,
    paidDate: doc.paidAt ?? null,
    customer: customerJson(doc.customer),
    items: invoice.items.map((item, i) => ({
      id: item.id,
      description: item.description,
      quantity: num(item.quantity),
      rate: num(item.unitPrice),
      ...(item.discountPercent !== null ? { discount: num(item.discountPercent) } : {}),
      ...(item.taxPercent !== null ? { taxRate: num(item.taxPercent) } : {}),
      amount: decimal(totals.lines[i]!.netMinor),
    })),
    currency: doc.currency,
    notes: doc.notes ?? null,
    ...(globalTax ? { taxRate: num(globalTax.rate) } : {}),
    subtotal: decimal(totals.subtotalMinor),
    discountTotal: decimal(totals.discountTotalMinor),
    taxTotal: decimal(totals.taxTotalMinor),
    total: decimal(totals.totalMinor),
    createdAt: invoice.createdAt.toISOString(),
    updatedAt: invoice.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------- routes

const AnyObject = z.record(z.string(), z.unknown());
const ListQuery = z.object({
  page: queryInt({ min: 1, max: 1_000_000, fallback: 1, description: "Page number." }),
  perPage: queryInt({ min: 1, max: MAX_PAGE_SIZE, fallback: 20, description: "Items per page." }),
  status: InvoiceStatusSchema.optional(),
});

const FAILURE: Record<string, string> = {
  "GET /": "Failed to fetch invoices",
  "POST /": "Failed to create invoice",
  "GET /:id": "Failed to fetch invoice",
  "PATCH /:id": "Failed to update invoice",
  "DELETE /:id": "Failed to delete invoice",
};

function failureMessage(c: Context<AppEnv>): string {
  const hasId = c.req.param("id") !== undefined;
  return FAILURE[`${c.req.method} ${hasId ? "/:id" : "/"}`] ?? "Internal server error";
}

const routes = [
  defineRoute({
    method: "get",
    path: "/",
    operationId: "basicListInvoices",
    summary: "List all invoices",
    tag: "Basic invoices",
    permission: "read",
    query: ListQuery,
    responses: {},
    async handler(c, { query }) {
      const page = await listInvoicesPage(serviceContext(c.get("ctx")), {
        filter: { status: query.status ? [query.status as never] : undefined },
        page: query.page,
        perPage: query.perPage,
      });
      return c.json({
        invoices: page.invoices.map(basicInvoiceJson),
        pagination: { total: page.total, page: page.page, perPage: page.perPage, totalPages: page.totalPages },
      });
    },
  }),

  defineRoute({
    method: "post",
    path: "/",
    operationId: "basicCreateInvoice",
    summary: "Create an invoice",
    tag: "Basic invoices",
    permission: "write",
    body: { schema: AnyObject, required: true },
    responses: {},
    async handler(c, { body }) {
      const missing = missingFields(body);
      if (missing.length) throw new ApiError(400, "Missing required fields", { missing });
      const input = parseBody(BasicCreateBody, body);
      const invoice = await basicErrors(() =>
        createInvoice(serviceContext(c.get("ctx")), serviceInput(input), {}, { requestKey: requestKeyOf(c) }),
      );
      return c.json({ message: "Invoice created successfully", invoice: basicInvoiceJson(invoice) }, 201);
    },
  }),

  defineRoute({
    method: "get",
    path: "/:id",
    operationId: "basicGetInvoice",
    summary: "Get an invoice",
    tag: "Basic invoices",
    permission: "read",
    responses: {},
    async handler(c, { params }) {
      const invoice = await getInvoice(serviceContext(c.get("ctx")), params.id!);
      return c.json({ invoiceId: invoice.id, invoice: basicInvoiceJson(invoice) });
    },
  }),

  defineRoute({
    method: "patch",
    path: "/:id",
    operationId: "basicUpdateInvoice",
    summary: "Update an invoice",
    tag: "Basic invoices",
    permission: "write",
    body: { schema: AnyObject, required: true },
    responses: {},
    async handler(c, { params, body }) {
      const updates = Object.fromEntries(Object.entries(body).filter(([key]) => UPDATABLE.has(key)));
      if (Object.keys(updates).length === 0) {
        throw new ApiError(400, `No fields to update: send at least one of ${[...UPDATABLE].join(", ")}`);
      }
      const input = parseBody(BasicUpdateBody, updates);
      const invoice = await basicErrors(() => updateInvoice(serviceContext(c.get("ctx")), params.id!, serviceInput(input)));
      return c.json({ message: "Invoice updated successfully", invoiceId: invoice.id, updates, invoice: basicInvoiceJson(invoice) });
    },
  }),

  defineRoute({
    method: "delete",
    path: "/:id",
    operationId: "basicDeleteInvoice",
    summary: "Delete an invoice",
    tag: "Basic invoices",
    permission: "write",
    responses: {},
    async handler(c, { params }) {
      await deleteInvoice(serviceContext(c.get("ctx")), params.id!);
      return c.json({ message: "Invoice deleted successfully", invoiceId: params.id! });
    },
  }),
];

export const BASIC_INVOICE_ROUTES = routes;

/** Mounted at /api/invoices. */
export function createBasicInvoiceApi() {
  const api = new Hono<AppEnv>();
  api.onError((error, c) => {
    if (error instanceof ValidationError || error instanceof DomainError || error instanceof ApiError) {
      return domainErrorResponse(c, error)!;
    }
    const fault = databaseFaultResponse(c, error);
    if (fault) return fault;
    c.get("ctx")?.logger.error({ err: error, requestId: c.get("requestId") }, "basic invoice API failed");
    return jsonError(c, 500, failureMessage(c));
  });
  registerRoutes(api, routes);
  return api;
}

