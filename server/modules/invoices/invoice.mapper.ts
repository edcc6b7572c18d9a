/**
 * The one mapping between invoice rows and the shared invoice shapes: a stored invoice
 * (with its lines) as the InvoiceDocument every face shows, and an invoice's customer,
 * lines and totals as the columns and rows the service writes. The nine customer fields
 * are listed once (CUSTOMER_COLUMN); the wire formats (REST v1, the basic API) rename them
 * through customerRecord / customerFromRecord instead of listing them again.
 */
import type { CustomerFields, InvoiceDiscountKind, InvoiceDocument, InvoiceStatus, InvoiceTotals } from "../../../common/invoice/types.ts";
import { detailLines } from "../../db/json.ts";
import type { Prisma } from "../../db/generated/sqlite/client.ts";

export const INVOICE_INCLUDE = {
  items: { orderBy: { position: "asc" } },
  discounts: { orderBy: { position: "asc" } },
  taxes: { orderBy: { position: "asc" } },
} as const satisfies Prisma.InvoiceInclude;

export type InvoiceWithLines = Prisma.InvoiceGetPayload<{ include: typeof INVOICE_INCLUDE }>;

// ---------------------------------------------------------------- customer

/** Each customer field and the invoice column that stores it, in the order every face lists them. */
export const CUSTOMER_COLUMN = {
  ref: "customerRef",
  name: "customerName",
  email: "customerEmail",
  address: "customerAddress",
  city: "customerCity",
  state: "customerState",
  zip: "customerZip",
  country: "customerCountry",
  logoUrl: "customerLogoUrl",
} as const satisfies Record<keyof CustomerFields, keyof Prisma.InvoiceUncheckedCreateInput>;

export type CustomerField = keyof typeof CUSTOMER_COLUMN;
const CUSTOMER_FIELDS = Object.keys(CUSTOMER_COLUMN) as CustomerField[];

type CustomerColumnName = (typeof CUSTOMER_COLUMN)[CustomerField];
export type CustomerColumns = { [C in CustomerColumnName]: string | null };

/** Every customer field, null where absent. */
export type StoredCustomer = { [F in CustomerField]: string | null };

/** The customer's columns of an invoice row (null where a field is absent). */
export function customerColumns(customer: CustomerFields): CustomerColumns {
  return Object.fromEntries(CUSTOMER_FIELDS.map((field) => [CUSTOMER_COLUMN[field], customer[field] ?? null])) as CustomerColumns;
}

/** The customer stored in an invoice row. */
export function customerOfRow(row: CustomerColumns): StoredCustomer {
  return Object.fromEntries(CUSTOMER_FIELDS.map((field) => [field, row[CUSTOMER_COLUMN[field]]])) as StoredCustomer;
}

/** Wire names of the customer fields a format renames; the others keep their own name. */
export type CustomerRenames = Partial<Record<CustomerField, string>>;
type WireName<F extends CustomerField, R extends CustomerRenames> = R[F] extends string ? R[F] : F;
export type CustomerRecord<R extends CustomerRenames> = { [F in CustomerField as WireName<F, R>]: string | null };

/** The customer as a wire format writes it: every field in the fixed order, null where absent, renamed keys. */
export function customerRecord<const R extends CustomerRenames>(customer: CustomerFields, renames: R): CustomerRecord<R> {
  return Object.fromEntries(CUSTOMER_FIELDS.map((field) => [renames[field] ?? field, customer[field] ?? null])) as CustomerRecord<R>;
}

/** A wire format's customer (renamed keys) as customer fields: only the fields it holds, undefined ones left out. */
export function customerFromRecord(record: Readonly<Record<string, string | null | undefined>>, renames: CustomerRenames): CustomerFields {
  const customer: CustomerFields = {};
  for (const field of CUSTOMER_FIELDS) {
    const value = record[renames[field] ?? field];
    if (value !== undefined) customer[field] = value;
  }
  return customer;
}

// ---------------------------------------------------------------- lines and totals

type LinesInput = Pick<InvoiceDocument, "items" | "discounts" | "taxes">;

/** The item, discount and tax rows of an invoice, positioned; items carry their computed net amount. */
export function lineRows(data: LinesInput, totals: InvoiceTotals) {
  return {
    items: data.items.map((item, position) => ({
      position,
      description: item.description,
      quantity: item.quantity,
      unit: item.unit ?? null,
      unitPrice: item.unitPrice,
      discountPercent: item.discountPercent ?? null,
      taxPercent: item.taxPercent ?? null,
      taxName: item.taxName ?? null,
      netMinor: totals.lines[position]!.netMinor,
    })),
    discounts: data.discounts.map((d, position) => ({
      position,
      description: d.description ?? null,
      kind: d.kind,
      value: d.value,
    })),
    taxes: data.taxes.map((t, position) => ({ position, name: t.name, rate: t.rate })),
  };
}

/** The totals stored with an invoice (minor units) so lists can sort and filter by them. */
export function totalColumns(totals: InvoiceTotals) {
  return {
    subtotalMinor: totals.subtotalMinor,
    discountMinor: totals.discountTotalMinor,
    taxMinor: totals.taxTotalMinor,
    totalMinor: totals.totalMinor,
  };
}

// ---------------------------------------------------------------- the document

/** The shape the PDF renderer, REST and the SPA consume. */
export function toInvoiceDocument(invoice: InvoiceWithLines): InvoiceDocument {
  return {
    id: invoice.id,
    number: invoice.number,
    title: invoice.title,
    status: invoice.status as InvoiceStatus,
    issuedAt: invoice.issuedAt,
    dueAt: invoice.dueAt,
    paidAt: invoice.paidAt,
    currency: invoice.currency,
    locale: invoice.locale,
    notes: invoice.notes,
    fromDetails: detailLines(invoice.fromDetails),
    toDetails: detailLines(invoice.toDetails),
    paymentDetails: detailLines(invoice.paymentDetails),
    customer: customerOfRow(invoice),
    items: invoice.items.map((i) => ({
      description: i.description,
      quantity: i.quantity,
      unit: i.unit,
      unitPrice: i.unitPrice,
      discountPercent: i.discountPercent,
      taxPercent: i.taxPercent,
      taxName: i.taxName,
    })),
    discounts: invoice.discounts.map((d) => ({ description: d.description, kind: d.kind as InvoiceDiscountKind, value: d.value })),
    taxes: invoice.taxes.map((t) => ({ name: t.name, rate: t.rate })),
    updatedAt: invoice.updatedAt.toISOString(),
  };
}
