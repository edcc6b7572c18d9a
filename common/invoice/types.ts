/**
 * The invoice shapes shared by the server, the SPA and the PDF renderer.
 * Every amount a user types (quantity, unit price, percentage, fixed discount)
 * travels as an exact decimal string ("1.5", "33.335", "9.975"); every computed
 * amount is an integer count of the currency's minor units (bigint).
 */

/** An exact decimal written with "." and no exponent, e.g. "150", "-2.5", "0.0001". */
export type DecimalString = string;

export type InvoiceStatus = "draft" | "sent" | "paid" | "cancelled";
export const INVOICE_STATUSES: readonly InvoiceStatus[] = ["draft", "sent", "paid", "cancelled"];

/** One "label: value" line of a party or payment block, kept in the user's order. */
export interface DetailLine {
  label: string;
  value: string;
}

export interface LineItem {
  description: string;
  quantity: DecimalString;
  unit?: string | null;
  /** Major units of the invoice currency; up to 4 decimals beyond the currency's. */
  unitPrice: DecimalString;
  /** 0–100. */
  discountPercent?: DecimalString | null;
  /** 0–100; taxed together with every other line and invoice tax of the same name and rate. */
  taxPercent?: DecimalString | null;
  taxName?: string | null;
}

export type InvoiceDiscountKind = "percent" | "fixed";

export interface InvoiceDiscount {
  description?: string | null;
  kind: InvoiceDiscountKind;
  /** A percentage (kind "percent") or an amount in major units (kind "fixed"). */
  value: DecimalString;
}

/** An invoice-level tax: applies to the whole (discounted) taxable base. */
export interface InvoiceTax {
  name: string;
  rate: DecimalString;
}

/** What the totals computation needs. */
export interface TotalsInput {
  currency: string;
  items: readonly LineItem[];
  discounts: readonly InvoiceDiscount[];
  taxes: readonly InvoiceTax[];
}

export interface LineTotal {
  /** quantity × unit price, rounded to the currency. */
  grossMinor: bigint;
  /** Line discount amount, rounded. */
  discountMinor: bigint;
  /** gross − discount: what the line contributes to the subtotal. */
  netMinor: bigint;
}

export interface DiscountTotal {
  description: string | null;
  kind: InvoiceDiscountKind;
  value: DecimalString;
  amountMinor: bigint;
}

/** One tax line per distinct (name, rate), computed once on that group's base (EN 16931 BR-CO-17). */
export interface TaxTotal {
  name: string;
  rate: DecimalString;
  baseMinor: bigint;
  amountMinor: bigint;
}

export interface InvoiceTotals {
  currency: string;
  /** ISO 4217 exponent: 2 for USD, 0 for JPY, 3 for KWD. */
  exponent: number;
  lines: LineTotal[];
  subtotalMinor: bigint;
  discounts: DiscountTotal[];
  discountTotalMinor: bigint;
  /** subtotal − discounts. */
  taxableMinor: bigint;
  taxes: TaxTotal[];
  taxTotalMinor: bigint;
  /** taxable + taxes. */
  totalMinor: bigint;
}

export interface CustomerFields {
  ref?: string | null;
  name?: string | null;
  email?: string | null;
  address?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  country?: string | null;
  logoUrl?: string | null;
}

/** A stored (or previewed) invoice as every face shows it. Dates are "YYYY-MM-DD". */
export interface InvoiceDocument {
  id?: string | null;
  number: string;
  title: string;
  status: InvoiceStatus;
  issuedAt: string;
  dueAt: string;
  paidAt?: string | null;
  currency: string;
  locale: string;
  notes?: string | null;
  fromDetails: DetailLine[];
  toDetails: DetailLine[];
  paymentDetails: DetailLine[];
  customer: CustomerFields;
  items: LineItem[];
  discounts: InvoiceDiscount[];
  taxes: InvoiceTax[];
  /** Last change; used as the PDF's fixed creation date so output is deterministic. */
  updatedAt?: string | null;
}
