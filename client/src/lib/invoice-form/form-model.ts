/**
 * The invoice form's data model: what the inputs hold (strings everywhere, like
 * the inputs themselves), how it is validated (the shared InvoiceCreateSchema plus
 * the shared money rules, so the form never disagrees with the server), how it
 * becomes GraphQL input, and how the server's ValidationError paths land back on
 * the fields.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldError, FieldErrors, Resolver } from "react-hook-form";
import { InvoiceCreateSchema, type InvoiceCreateData, type InvoiceCreateInput } from "../../../../common/invoice/schema.ts";
import type { InvoiceTotals, TotalsInput } from "../../../../common/invoice/types.ts";
import { computeTotals, MoneyError } from "../../../../common/money/index.ts";
import type {
  CreateInvoiceInput,
  DetailLineInput,
  InvoiceDetailFragment,
  UpdateInvoiceInput,
} from "../../gql/graphql.ts";
import type { FieldIssue } from "../../lib/result.ts";

/** The invoice's own fields of CreateInvoiceInput and UpdateInvoiceInput (the mutations add `origin` and `id`). */
export type InvoiceInput = Omit<CreateInvoiceInput, "origin">;
export type InvoiceUpdateInput = Omit<UpdateInvoiceInput, "id">;

export interface DetailLineValues {
  label: string;
  value: string;
}

export interface ItemValues {
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  discountPercent: string;
  taxPercent: string;
  taxName: string;
}

export interface DiscountValues {
  description: string;
  kind: "percent" | "fixed";
  value: string;
}

export interface TaxValues {
  name: string;
  rate: string;
}

export interface CustomerValues {
  name: string;
  email: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  ref: string;
  logoUrl: string;
}

export interface InvoiceFormValues {
  number: string;
  title: string;
  issuedAt: string;
  dueAt: string;
  currency: string;
  locale: string;
  notes: string;
  customer: CustomerValues;
  fromDetails: DetailLineValues[];
  toDetails: DetailLineValues[];
  paymentDetails: DetailLineValues[];
  items: ItemValues[];
  discounts: DiscountValues[];
  taxes: TaxValues[];
}

export const DETAIL_ARRAYS = ["fromDetails", "toDetails", "paymentDetails"] as const;
export type DetailArrayName = (typeof DETAIL_ARRAYS)[number];

export function emptyItem(): ItemValues {
  return { description: "", quantity: "1", unit: "", unitPrice: "", discountPercent: "", taxPercent: "", taxName: "" };
}

export function emptyDetailLine(): DetailLineValues {
  return { label: "", value: "" };
}

export function emptyCustomer(): CustomerValues {
  return { name: "", email: "", address: "", city: "", state: "", zip: "", country: "", ref: "", logoUrl: "" };
}

export interface AccountDefaults {
  defaultCurrency: string;
  locale: string;
  businessName?: string | null;
  businessDetails?: readonly DetailLineValues[] | null;
}

/** A new invoice: the account's currency, locale and business details, issued today, one empty line. */
export function newInvoiceValues(account: AccountDefaults, today: string): InvoiceFormValues {
  const fromDetails: DetailLineValues[] = [];
  if (account.businessName) fromDetails.push({ label: "Name", value: account.businessName });
  for (const line of account.businessDetails ?? []) fromDetails.push({ label: line.label, value: line.value });
  return {
    number: "",
    title: "",
    issuedAt: today,
    dueAt: "",
    currency: account.defaultCurrency,
    locale: account.locale,
    notes: "",
    customer: emptyCustomer(),
    fromDetails,
    toDetails: [],
    paymentDetails: [],
    items: [emptyItem()],
    discounts: [],
    taxes: [],
  };
}

const text = (value: string | null | undefined) => value ?? "";

/** Label/value lines as the API returns them → the form's lines. */
export function detailLineValues(list: readonly { label: string; value: string }[]): DetailLineValues[] {
  return list.map(({ label, value }) => ({ label, value }));
}

/** A line item's fields as the API returns them (a stored invoice's and a preview's alike): null where blank. */
export interface ItemFields {
  description: string;
  quantity: string;
  unit: string | null;
  unitPrice: string;
  discountPercent: string | null;
  taxPercent: string | null;
  taxName: string | null;
}

/** A line item as the API returns it → the form's item. */
export function itemValues(item: ItemFields): ItemValues {
  return {
    description: item.description,
    quantity: item.quantity,
    unit: text(item.unit),
    unitPrice: item.unitPrice,
    discountPercent: text(item.discountPercent),
    taxPercent: text(item.taxPercent),
    taxName: text(item.taxName),
  };
}

export function invoiceToFormValues(invoice: InvoiceDetailFragment): InvoiceFormValues {
  return {
    number: invoice.number,
    title: invoice.title,
    issuedAt: invoice.issuedAt,
    dueAt: invoice.dueAt,
    currency: invoice.currency,
    locale: invoice.locale,
    notes: text(invoice.notes),
    customer: {
      name: text(invoice.customer.name),
      email: text(invoice.customer.email),
      address: text(invoice.customer.address),
      city: text(invoice.customer.city),
      state: text(invoice.customer.state),
      zip: text(invoice.customer.zip),
      country: text(invoice.customer.country),
      ref: text(invoice.customer.ref),
      logoUrl: text(invoice.customer.logoUrl),
    },
    fromDetails: detailLineValues(invoice.fromDetails),
    toDetails: detailLineValues(invoice.toDetails),
    paymentDetails: detailLineValues(invoice.paymentDetails),
    items: [...invoice.items].sort((a, b) => a.position - b.position).map(itemValues),
    discounts: invoice.discounts.map((discount) => ({
      description: text(discount.description),
      kind: discount.kind === "FIXED" ? "fixed" : "percent",
      value: discount.value,
    })),
    taxes: invoice.taxes.map((tax) => ({ name: tax.name, rate: tax.rate })),
  };
}

// ------------------------------------------------------------------ validation

const blank = (value: string | null | undefined) => value === undefined || value === null || value.trim() === "";
const orUndefined = (value: string) => (blank(value) ? undefined : value);
const orNull = (value: string) => (blank(value) ? null : value);

/**
 * The form's values in the shape InvoiceCreateSchema validates. Every array keeps
 * its indices, so a schema issue at items.2.unitPrice is the field items.2.unitPrice.
 * Optional fields left empty are omitted: the server fills the account's defaults.
 */
export function toSchemaInput(values: InvoiceFormValues): InvoiceCreateInput {
  const customer = values.customer;
  return {
    number: orUndefined(values.number),
    title: orUndefined(values.title),
    issuedAt: orUndefined(values.issuedAt),
    dueAt: orUndefined(values.dueAt),
    currency: orUndefined(values.currency),
    locale: orUndefined(values.locale),
    notes: orNull(values.notes),
    customer: {
      name: orNull(customer.name),
      email: orNull(customer.email),
      address: orNull(customer.address),
      city: orNull(customer.city),
      state: orNull(customer.state),
      zip: orNull(customer.zip),
      country: orNull(customer.country),
      ref: orNull(customer.ref),
      logoUrl: orNull(customer.logoUrl),
    },
    fromDetails: values.fromDetails,
    toDetails: values.toDetails,
    paymentDetails: values.paymentDetails,
    items: values.items.map((item) => ({
      description: item.description,
      quantity: item.quantity,
      unit: orNull(item.unit),
      unitPrice: item.unitPrice,
      discountPercent: orNull(item.discountPercent),
      taxPercent: orNull(item.taxPercent),
      taxName: orNull(item.taxName),
    })),
    discounts: values.discounts.map((discount) => ({
      description: orNull(discount.description),
      kind: discount.kind,
      value: discount.value,
    })),
    taxes: values.taxes,
  };
}

/** "items[2].unitPrice" (money module) or ["items", "2", "unitPrice"] (API) → "items.2.unitPrice". */
export function fieldName(path: string | readonly (string | number)[]): string {
  if (typeof path === "string") return path.replace(/\[(\d+)\]/g, ".$1");
  return path.map(String).join(".");
}

/** Validation messages are written to follow the field name ("is required"); the form shows them under a label. */
export function displayMessage(message: string): string {
  const trimmed = message.trim();
  if (trimmed === "is required") return "Required";
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

function setNested(target: Record<string, unknown>, path: string, error: FieldError): void {
  const parts = path.split(".");
  let node: Record<string, unknown> = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const next = node[part];
    if (typeof next !== "object" || next === null) node[part] = /^\d+$/.test(parts[i + 1]!) ? [] : {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = error;
}

const schemaResolver = zodResolver(InvoiceCreateSchema);

/**
 * react-hook-form resolver: zodResolver(InvoiceCreateSchema) on the form's values,
 * then the shared money rules (currency precision, percentage ranges, discounts not
 * exceeding the subtotal) via computeTotals, reported on the field they concern.
 * Submit handlers receive the raw form values.
 */
export const invoiceFormResolver: Resolver<InvoiceFormValues> = async (values, context, options) => {
  const result = await schemaResolver(
    toSchemaInput(values),
    context,
    options as unknown as Parameters<typeof schemaResolver>[2],
  );
  const errors = result.errors as FieldErrors<InvoiceFormValues>;
  const messages = Object.keys(errors).length > 0 ? errors : moneyErrors(result.values as InvoiceCreateData);
  if (Object.keys(messages).length > 0) {
    return { values: {}, errors: relabel(messages) };
  }
  return { values, errors: {} };
};

function moneyErrors(data: InvoiceCreateData): FieldErrors<InvoiceFormValues> {
  try {
    computeTotals({
      currency: data.currency ?? "USD",
      items: data.items,
      discounts: data.discounts ?? [],
      taxes: data.taxes ?? [],
    });
    return {};
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    const errors: Record<string, unknown> = {};
    const name = fieldName(error.field);
    setNested(errors, isFormField(name) ? name : `root.money`, { type: error.code, message: error.reason });
    return errors as FieldErrors<InvoiceFormValues>;
  }
}

/** Applies displayMessage() to every message of a nested error tree. */
function relabel<T>(errors: T): T {
  if (Array.isArray(errors)) return errors.map((entry) => relabel(entry)) as T;
  if (typeof errors !== "object" || errors === null) return errors;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(errors)) {
    if (key === "ref") out[key] = value;
    else if (key === "message" && typeof value === "string") out[key] = displayMessage(value);
    else out[key] = relabel(value);
  }
  return out as T;
}

// ------------------------------------------------------------------ submission

const FORM_FIELD =
  /^(number|title|issuedAt|dueAt|currency|locale|notes|customer\.(name|email|address|city|state|zip|country|ref|logoUrl)|items\.\d+\.(description|quantity|unit|unitPrice|discountPercent|taxPercent|taxName)|discounts\.\d+\.(description|kind|value)|taxes\.\d+\.(name|rate)|(fromDetails|toDetails|paymentDetails)\.\d+\.(label|value))$/;
const FORM_ARRAY = /^(items|discounts|taxes|fromDetails|toDetails|paymentDetails)$/;

export function isFormField(name: string): boolean {
  return FORM_FIELD.test(name);
}

export interface SubmitPlan<TInput> {
  input: TInput;
  /** A server issue path → the form field it concerns (or null when no field shows it). */
  fieldFor(path: readonly string[]): string | null;
}

export interface ToInputOptions {
  /** Update: send the customer (and so let the server rebuild recipient lines) only when changed. */
  customerChanged?: boolean;
  toDetailsChanged?: boolean;
}

const detailLines = (lines: readonly DetailLineValues[]) => {
  const kept: number[] = [];
  const out: DetailLineInput[] = [];
  lines.forEach((line, index) => {
    if (blank(line.label) && blank(line.value)) return;
    kept.push(index);
    out.push({ label: line.label.trim(), value: line.value.trim() });
  });
  return { out, kept };
};

function makePlan<TInput>(input: TInput, kept: Record<DetailArrayName, number[]>): SubmitPlan<TInput> {
  return {
    input,
    fieldFor(path) {
      const parts = [...path];
      const head = parts[0];
      if ((DETAIL_ARRAYS as readonly string[]).includes(head ?? "") && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
        const original = kept[head as DetailArrayName][Number(parts[1])];
        if (original === undefined) return null;
        parts[1] = String(original);
      }
      const name = fieldName(parts);
      if (isFormField(name)) return name;
      if (FORM_ARRAY.test(name)) return `${name}.root`;
      return null;
    },
  };
}

function commonInput(values: InvoiceFormValues) {
  const from = detailLines(values.fromDetails);
  const to = detailLines(values.toDetails);
  const payment = detailLines(values.paymentDetails);
  const schema = toSchemaInput(values);
  const customer = Object.fromEntries(Object.entries(schema.customer ?? {}).map(([key, value]) => [key, value ?? null]));
  return {
    kept: { fromDetails: from.kept, toDetails: to.kept, paymentDetails: payment.kept },
    from: from.out,
    to: to.out,
    payment: payment.out,
    customer,
    items: values.items.map((item) => ({
      description: item.description.trim(),
      quantity: item.quantity.trim(),
      unit: orNull(item.unit)?.trim() ?? null,
      unitPrice: item.unitPrice.trim(),
      discountPercent: orNull(item.discountPercent)?.trim() ?? null,
      taxPercent: orNull(item.taxPercent)?.trim() ?? null,
      taxName: orNull(item.taxName)?.trim() ?? null,
    })),
    discounts: values.discounts.map((discount) => ({
      description: orNull(discount.description)?.trim() ?? null,
      kind: discount.kind === "fixed" ? ("FIXED" as const) : ("PERCENT" as const),
      value: discount.value.trim(),
    })),
    taxes: values.taxes.map((tax) => ({ name: tax.name.trim(), rate: tax.rate.trim() })),
  };
}

/** createInvoice input: empty optional fields are left out so the server applies the account's defaults. */
export function toCreateInput(values: InvoiceFormValues): SubmitPlan<InvoiceInput> {
  const c = commonInput(values);
  const input: InvoiceInput = { items: c.items };
  const set = <K extends keyof InvoiceInput>(key: K, value: InvoiceInput[K] | undefined) => {
    if (value !== undefined && value !== null) input[key] = value;
  };
  set("number", orUndefined(values.number)?.trim());
  set("title", orUndefined(values.title)?.trim());
  set("issuedAt", orUndefined(values.issuedAt));
  set("dueAt", orUndefined(values.dueAt));
  set("currency", orUndefined(values.currency)?.trim().toUpperCase());
  set("locale", orUndefined(values.locale)?.trim());
  set("notes", orUndefined(values.notes)?.trim());
  if (Object.values(c.customer).some((value) => value !== null)) input.customer = c.customer;
  if (c.from.length > 0) input.fromDetails = c.from;
  if (c.to.length > 0) input.toDetails = c.to;
  if (c.payment.length > 0) input.paymentDetails = c.payment;
  if (c.discounts.length > 0) input.discounts = c.discounts;
  if (c.taxes.length > 0) input.taxes = c.taxes;
  return makePlan(input, c.kept);
}

/** updateInvoice input: the whole editable invoice (items, discounts and taxes replace as a whole). */
export function toUpdateInput(values: InvoiceFormValues, options: ToInputOptions = {}): SubmitPlan<InvoiceUpdateInput> {
  const c = commonInput(values);
  const input: InvoiceUpdateInput = {
    items: c.items,
    discounts: c.discounts,
    taxes: c.taxes,
    fromDetails: c.from,
    paymentDetails: c.payment,
    notes: orNull(values.notes)?.trim() ?? null,
    title: values.title.trim(),
  };
  if (!blank(values.number)) input.number = values.number.trim();
  if (!blank(values.issuedAt)) input.issuedAt = values.issuedAt;
  if (!blank(values.dueAt)) input.dueAt = values.dueAt;
  if (!blank(values.currency)) input.currency = values.currency.trim().toUpperCase();
  if (!blank(values.locale)) input.locale = values.locale.trim();
  if (options.customerChanged ?? true) input.customer = c.customer;
  if (options.toDetailsChanged ?? true) input.toDetails = c.to;
  return makePlan(input, c.kept);
}

export interface MappedIssues {
  fields: { name: string; message: string }[];
  /** Issues no field shows, for a message above the form. */
  general: string[];
}

/** Server ValidationError issues → form fields (via the submit plan's index mapping). */
export function mapServerIssues(issues: readonly FieldIssue[], fieldFor: (path: readonly string[]) => string | null): MappedIssues {
  const mapped: MappedIssues = { fields: [], general: [] };
  for (const issue of issues) {
    const name = issue.path.length > 0 ? fieldFor(issue.path) : null;
    if (name) mapped.fields.push({ name, message: displayMessage(issue.message) });
    else mapped.general.push(issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message);
  }
  return mapped;
}

// ------------------------------------------------------------------ live totals

export interface TotalsPreview {
  totals: InvoiceTotals | null;
  /** Net amount (minor units) per form row, null for rows not yet complete. */
  lineNets: (bigint | null)[];
  currency: string;
  /** Why no totals can be shown yet. */
  problem: string | null;
}

/**
 * Totals of what is typed so far, with the same exact arithmetic the server uses.
 * Incomplete rows (no quantity or price yet, taxes without a rate) are left out
 * rather than blocking the preview.
 */
export function previewTotals(values: Pick<InvoiceFormValues, "currency" | "items" | "discounts" | "taxes">): TotalsPreview {
  const currency = (values.currency ?? "").trim().toUpperCase();
  const rows = values.items ?? [];
  const used: number[] = [];
  const items: TotalsInput["items"][number][] = [];
  rows.forEach((item, index) => {
    if (!item || blank(item.quantity) || blank(item.unitPrice)) return;
    used.push(index);
    items.push({
      description: item.description,
      quantity: item.quantity.trim(),
      unitPrice: item.unitPrice.trim(),
      discountPercent: orNull(item.discountPercent ?? "")?.trim() ?? null,
      taxPercent: orNull(item.taxPercent ?? "")?.trim() ?? null,
      taxName: orNull(item.taxName ?? "")?.trim() ?? null,
    });
  });
  const discounts = (values.discounts ?? [])
    .filter((discount) => discount && !blank(discount.value))
    .map((discount) => ({ description: orNull(discount.description ?? ""), kind: discount.kind, value: discount.value.trim() }));
  const taxes = (values.taxes ?? [])
    .filter((tax) => tax && !blank(tax.rate))
    .map((tax) => ({ name: blank(tax.name) ? "Tax" : tax.name.trim(), rate: tax.rate.trim() }));
  const lineNets: (bigint | null)[] = rows.map(() => null);
  try {
    const totals = computeTotals({ currency, items, discounts, taxes });
    totals.lines.forEach((line, j) => {
      lineNets[used[j]!] = line.netMinor;
    });
    return { totals, lineNets, currency, problem: null };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    const field = error.field.replace(/^items\[(\d+)\]/, (_, j: string) => `Item ${(used[Number(j)] ?? 0) + 1}`);
    return { totals: null, lineNets, currency, problem: `${humanField(field)}: ${error.reason}` };
  }
}

function humanField(field: string): string {
  return field
    .replace(/^discounts\[(\d+)\]/, (_, i: string) => `Discount ${Number(i) + 1}`)
    .replace(/^taxes\[(\d+)\]/, (_, i: string) => `Tax ${Number(i) + 1}`)
    .replace(/\.(\w+)$/, (_, key: string) => ` ${key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}`)
    .replace(/^currency$/, "Currency");
}
