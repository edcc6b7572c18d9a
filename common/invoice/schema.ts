/**
 * Zod schemas of structured invoice input, shared by the service layer (the one
 * place that enforces them), the REST/GraphQL translations and the SPA forms.
 * Money fields are exact decimal strings; JSON numbers are accepted for API
 * compatibility and converted through their shortest decimal representation,
 * which is exactly what the client wrote for any value with ≤ 15 significant digits.
 * Precision rules that depend on the currency (exponent, 4 extra unit-price
 * decimals) are enforced by the money module, which knows the currency.
 */
import { z } from "zod";
import { hasNoNul, NO_NUL_MESSAGE } from "../text.ts";
import { INVOICE_STATUSES } from "./types.ts";

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal given as a string ("12.50") or a plain JSON number (12.5). */
export const DecimalInput = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === "number" ? numberToDecimal(value) : value.trim();
  if (text === null || !DECIMAL.test(text)) {
    ctx.addIssue({ code: "custom", message: 'must be a decimal number like "12.50"' });
    return z.NEVER;
  }
  return text;
});

function numberToDecimal(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  // 1e21 and 1e-7 style renderings are out of any sane invoice range.
  return /e/i.test(text) ? null : text;
}

export const CalendarDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date in YYYY-MM-DD format")
  .refine((value) => {
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  }, "is not a real calendar date");

/** Accepts "2026-03-03" or a full ISO timestamp ("2026-03-03T10:00:00Z") and keeps the date part. */
export const CalendarDateLoose = z
  .string()
  .trim()
  .transform((value) => (/^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value))
  .pipe(CalendarDate);

const text = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).refine(hasNoNul, NO_NUL_MESSAGE);
const optionalText = (max: number) => text(max).nullish();

export const DetailLineSchema = z.object({
  label: text(100),
  value: text(1000),
});

export const DetailLinesSchema = z.array(DetailLineSchema).max(30, "must have at most 30 lines");

export const LineItemSchema = z.object({
  description: text(2000).min(1, "is required"),
  quantity: DecimalInput,
  unit: optionalText(30),
  unitPrice: DecimalInput,
  discountPercent: DecimalInput.nullish(),
  taxPercent: DecimalInput.nullish(),
  taxName: optionalText(60),
});

export const InvoiceDiscountSchema = z.object({
  description: optionalText(200),
  kind: z.enum(["percent", "fixed"], { message: "must be percent or fixed" }),
  value: DecimalInput,
});

export const InvoiceTaxSchema = z.object({
  name: text(60).min(1, "is required"),
  rate: DecimalInput,
});

export const CustomerSchema = z.object({
  ref: optionalText(100),
  name: optionalText(200),
  email: z.string().trim().toLowerCase().pipe(z.email("must be a valid email address")).nullish().or(z.literal("").transform(() => null)),
  address: optionalText(300),
  city: optionalText(100),
  state: optionalText(100),
  zip: optionalText(30),
  country: optionalText(100),
  logoUrl: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).nullish().or(z.literal("").transform(() => null)),
});

export const InvoiceStatusSchema = z.enum(INVOICE_STATUSES as [string, ...string[]], {
  message: `must be one of ${INVOICE_STATUSES.join(", ")}`,
});

/**
 * Most lines one invoice may have. Generous for any real invoice, and it bounds the work
 * of one create/update and one PDF (~0.5 s of worker CPU for 1,000 lines).
 */
export const MAX_LINE_ITEMS = 1000;

const invoiceFields = {
  number: text(40).min(1, "must not be empty"),
  title: text(200),
  status: InvoiceStatusSchema,
  issuedAt: CalendarDateLoose,
  dueAt: CalendarDateLoose,
  paidAt: CalendarDateLoose.nullable(),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code"),
  locale: z.string().trim().min(2).max(35),
  notes: text(5000).nullable(),
  fromDetails: DetailLinesSchema,
  toDetails: DetailLinesSchema,
  paymentDetails: DetailLinesSchema,
  customer: CustomerSchema,
  items: z.array(LineItemSchema).min(1, "must have at least one line item").max(MAX_LINE_ITEMS, `must have at most ${MAX_LINE_ITEMS} line items`),
  discounts: z.array(InvoiceDiscountSchema).max(20),
  taxes: z.array(InvoiceTaxSchema).max(20),
};

/** Structured creation: only items are required; the service fills every default. */
export const InvoiceCreateSchema = z.object({
  ...invoiceFields,
  number: invoiceFields.number.optional(),
  title: invoiceFields.title.optional(),
  status: invoiceFields.status.optional(),
  issuedAt: invoiceFields.issuedAt.optional(),
  dueAt: invoiceFields.dueAt.optional(),
  paidAt: invoiceFields.paidAt.optional(),
  currency: invoiceFields.currency.optional(),
  locale: invoiceFields.locale.optional(),
  notes: invoiceFields.notes.optional(),
  fromDetails: invoiceFields.fromDetails.optional(),
  toDetails: invoiceFields.toDetails.optional(),
  paymentDetails: invoiceFields.paymentDetails.optional(),
  customer: invoiceFields.customer.optional(),
  discounts: invoiceFields.discounts.optional(),
  taxes: invoiceFields.taxes.optional(),
});
export type InvoiceCreateInput = z.input<typeof InvoiceCreateSchema>;
export type InvoiceCreateData = z.output<typeof InvoiceCreateSchema>;

/** Partial update: only the fields given change; items/discounts/taxes replace as a whole. */
export const InvoiceUpdateSchema = z
  .object({
    ...invoiceFields,
    customer: CustomerSchema.partial(),
  })
  .partial();
export type InvoiceUpdateInput = z.input<typeof InvoiceUpdateSchema>;
export type InvoiceUpdateData = z.output<typeof InvoiceUpdateSchema>;
