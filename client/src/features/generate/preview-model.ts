/**
 * What the generate page does with the server's answer: the preview as invoice form
 * values (the draft the preview edits in place, that "Save invoice" stores and that
 * "Edit all fields" opens the editor with), its live totals and checks, the
 * `missing` still open after edits. Failures are generation-failure.ts; the notes
 * lib/invoice-form/missing.ts.
 */
import { billToLines, isDerivedBillTo } from "../../../../common/invoice/bill-to.ts";
import { InvoiceCreateSchema } from "../../../../common/invoice/schema.ts";
import type { InvoiceTotals, LineItem, TotalsInput } from "../../../../common/invoice/types.ts";
import { computeTotals, currencyExponent, EXTRA_UNIT_PRICE_DECIMALS, MoneyError, QUANTITY_DECIMALS } from "../../../../common/money/index.ts";
import type { GeneratedPreviewFragment } from "../../gql/graphql.ts";
import { formatDate } from "../../lib/dates.ts";
import { humanPath } from "../../lib/result.ts";
import type { DetailLineValues, InvoiceFormValues, InvoiceInput, TaxValues } from "../../lib/invoice-form/form-model.ts";
import { detailLineValues, displayMessage, emptyCustomer, fieldName, isFormField, itemValues, toCreateInput, toSchemaInput } from "../../lib/invoice-form/form-model.ts";

// ------------------------------------------------------------------ preview → form

const text = (value: string | null | undefined) => value ?? "";

/**
 * The preview's taxes are the computed groups (one per name and rate), which also
 * hold the lines' own taxes. The invoice-level taxes are the groups the lines alone do
 * not produce with that base.
 */
function invoiceLevelTaxes(preview: GeneratedPreviewFragment): TaxValues[] {
  if (preview.totals.taxes.length === 0) return [];
  let lineGroups: { name: string; rate: string; baseMinor: bigint }[] = [];
  try {
    lineGroups = computeTotals({
      currency: preview.currency,
      items: preview.items,
      discounts: preview.totals.discounts.map((d) => ({ description: d.description, kind: d.kind === "FIXED" ? "fixed" : "percent", value: d.value })),
      taxes: [],
    }).taxes;
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
  }
  return preview.totals.taxes
    .filter((tax) => {
      const fromLines = lineGroups.find((group) => group.name === tax.name && group.rate === tax.rate);
      return !fromLines || String(fromLines.baseMinor) !== String(tax.base.minor);
    })
    .map((tax) => ({ name: tax.name, rate: tax.rate }));
}

/**
 * The previewed invoice as the invoice form's values. The number is left empty (the
 * next number in sequence when saved) and so is a default title ("Invoice INV-0001"),
 * which the server derives from that number. Recipient lines the server would derive
 * from the customer fields anyway are left to it, so editing the customer name in
 * the editor also changes the printed "Bill to".
 */
export function previewToFormValues(preview: GeneratedPreviewFragment): InvoiceFormValues {
  const toDetails = detailLineValues(preview.toDetails);
  const address = toDetails.find((line) => line.label === "Address")?.value ?? "";
  const customer = { ...emptyCustomer(), name: text(preview.customerName), email: text(preview.customerEmail) };
  // The preview only names the customer and their email; an address comes back as a bill-to line.
  const derivable = isDerivedBillTo(toDetails, { ...customer, address }, preview.locale);
  if (derivable) customer.address = address;
  return {
    number: "",
    title: preview.title === `Invoice ${preview.number}` ? "" : preview.title,
    issuedAt: preview.issuedAt,
    dueAt: preview.dueAt,
    currency: preview.currency,
    locale: preview.locale,
    notes: text(preview.notes),
    customer,
    fromDetails: detailLineValues(preview.fromDetails),
    toDetails: derivable ? [] : toDetails,
    paymentDetails: detailLineValues(preview.paymentDetails),
    items: preview.items.map(itemValues),
    discounts: preview.totals.discounts.map((discount) => ({
      description: text(discount.description),
      kind: discount.kind === "FIXED" ? "fixed" : "percent",
      value: discount.value,
    })),
    taxes: invoiceLevelTaxes(preview),
  };
}

// ------------------------------------------------------------------ the editable preview

/** The "Bill to" lines the invoice prints: its own recipient lines, or those the server derives from the customer (the one rule, common/invoice/bill-to.ts). */
export function recipientLines(values: Pick<InvoiceFormValues, "customer" | "toDetails" | "locale">): DetailLineValues[] {
  return values.toDetails.length > 0 ? values.toDetails : billToLines(values.customer, values.locale);
}

/**
 * A new customer name. Printed recipient lines that named the customer by the old
 * name follow it, so the "Bill to" block never disagrees with the customer.
 */
export function withCustomerName(values: InvoiceFormValues, name: string): InvoiceFormValues {
  const old = values.customer.name;
  return {
    ...values,
    customer: { ...values.customer, name },
    toDetails: values.toDetails.map((line) => (line.label === "Name" && line.value === old ? { ...line, value: name } : line)),
  };
}

/** The fields the preview edits in place; everything else is in the full editor ("Edit all fields"). */
export const INLINE_FIELD = /^(title|dueAt|customer\.name|items\.\d+\.(description|quantity|unitPrice))$/;

/** Nothing typed yet, or only the sign: incomplete rather than wrong. */
const NOT_YET = /^-?$/;

/** A number typed with a trailing dot ("12.") as the number it is ("12"): what the field holds once it loses focus. */
export function settleDecimal(value: string): string {
  const trimmed = value.trim();
  return /^-?\d+\.$/.test(trimmed) ? trimmed.slice(0, -1) : value;
}

/** The draft with every quantity and unit price settled (see settleDecimal). */
export function settleDraft(values: InvoiceFormValues): InvoiceFormValues {
  const items = values.items.map((item) => ({ ...item, quantity: settleDecimal(item.quantity), unitPrice: settleDecimal(item.unitPrice) }));
  return items.every((item, i) => item.quantity === values.items[i]!.quantity && item.unitPrice === values.items[i]!.unitPrice) ? values : { ...values, items };
}

/** What the money module computes for exactly what "Save invoice" sends (toCreateInput). */
function totalsInputOf(input: InvoiceInput, currency: string): TotalsInput {
  return {
    currency,
    items: input.items.map(lineItemOf),
    discounts: (input.discounts ?? []).map((d) => ({ description: d.description ?? null, kind: d.kind === "FIXED" ? "fixed" : "percent", value: d.value })),
    taxes: (input.taxes ?? []).map((tax) => ({ name: tax.name, rate: tax.rate })),
  };
}

function lineItemOf(item: InvoiceInput["items"][number]): LineItem {
  return {
    description: item.description,
    quantity: item.quantity,
    unit: item.unit ?? null,
    unitPrice: item.unitPrice,
    discountPercent: item.discountPercent ?? null,
    taxPercent: item.taxPercent ?? null,
    taxName: item.taxName ?? null,
  };
}

export interface DraftTotals {
  /** Totals of the counted lines, or null when the invoice as a whole does not add up (see `problem`). */
  totals: InvoiceTotals | null;
  /** Net amount (minor units) per line, null for lines not counted. */
  lineNets: (bigint | null)[];
  /** Lines left out of the totals: a quantity or price still missing, or a value the money module rejects. */
  uncounted: number[];
  /** Values that are wrong as typed, by form field ("items.1.quantity"). Empty fields are not wrong yet. */
  fieldErrors: Record<string, string>;
  /** Why there are no totals, e.g. invoice discounts now larger than the subtotal. */
  problem: string | null;
  currency: string;
}

function moneyMessage(error: MoneyError, value: string, exponent: number): string {
  const field = error.field.split(".").pop();
  switch (error.code) {
    case "invalid_decimal":
      if (/^\s*-?\d+,\d+\s*$/.test(value)) return `Use a dot for decimals: ${value.trim().replace(",", ".")}`;
      return field === "unitPrice" ? "Enter an amount, like 150 or 99.95" : "Enter a number, like 10 or 2.5";
    case "too_many_decimals": {
      const places = field === "quantity" ? QUANTITY_DECIMALS : field === "unitPrice" ? exponent + EXTRA_UNIT_PRICE_DECIMALS : 4;
      return places === 0 ? "Must be a whole number" : `At most ${places} decimal place${places === 1 ? "" : "s"}`;
    }
    case "too_large":
      return "Too large";
    default:
      return displayMessage(error.reason);
  }
}

/**
 * Live totals of the draft while it is edited: the same exact arithmetic (common/money)
 * on the same input the create mutation sends, so what is shown is what the server
 * stores. A line whose quantity or price is missing or wrong is left out (and a wrong
 * value flagged on its field) rather than blanking the totals.
 */
export function draftTotals(values: InvoiceFormValues): DraftTotals {
  const input = toCreateInput(values).input;
  const currency = input.currency ?? values.currency.trim().toUpperCase();
  const lineNets: (bigint | null)[] = input.items.map(() => null);
  const fieldErrors: Record<string, string> = {};
  const uncounted: number[] = [];
  let exponent: number;
  try {
    exponent = currencyExponent(currency);
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    return { totals: null, lineNets, uncounted: input.items.map((_, i) => i), fieldErrors, problem: `Currency: ${error.reason}`, currency };
  }

  const counted: { index: number; item: LineItem }[] = [];
  input.items.forEach((sent, index) => {
    // "12." counts as 12 while it is typed; "" and "-" are not numbers yet, but not wrong either.
    const item = { ...lineItemOf(sent), quantity: settleDecimal(sent.quantity), unitPrice: settleDecimal(sent.unitPrice) };
    let countable = true;
    // Each probe varies one value only, so every wrong field is reported at once.
    const probes = [
      ["quantity", { ...item, unitPrice: "0", discountPercent: null, taxPercent: null }],
      ["unitPrice", { ...item, quantity: "1", discountPercent: null, taxPercent: null }],
    ] as const;
    for (const [field, probe] of probes) {
      if (NOT_YET.test(item[field])) {
        countable = false;
        continue;
      }
      try {
        computeTotals({ currency, items: [probe], discounts: [], taxes: [] });
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error;
        fieldErrors[`items.${index}.${field}`] = moneyMessage(error, values.items[index]![field], exponent);
        countable = false;
      }
    }
    if (countable) {
      try {
        computeTotals({ currency, items: [item], discounts: [], taxes: [] });
        counted.push({ index, item });
        return;
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error;
        fieldErrors[fieldName(error.field.replace(/^items\[0\]/, `items[${index}]`))] = displayMessage(error.reason);
      }
    }
    uncounted.push(index);
  });

  const totalsInput = totalsInputOf(input, currency);
  try {
    const totals = computeTotals({ ...totalsInput, items: counted.map((line) => line.item) });
    totals.lines.forEach((line, j) => {
      lineNets[counted[j]!.index] = line.netMinor;
    });
    return { totals, lineNets, uncounted, fieldErrors, problem: null, currency };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    return { totals: null, lineNets, uncounted, fieldErrors, problem: `${humanMoneyField(error.field)}: ${error.reason}`, currency };
  }
}

function humanMoneyField(field: string): string {
  return humanPath(fieldName(field).split("."));
}

export interface DraftProblems {
  /** By form field ("items.0.description", "dueAt", "fromDetails.1.value"). */
  fields: Record<string, string>;
  /** Problems no field shows. */
  general: string[];
}

/**
 * Everything "Save invoice" would be refused for, found before sending: the shared
 * InvoiceCreateSchema, the money rules, and the service's date rule.
 */
export function checkDraft(values: InvoiceFormValues): DraftProblems {
  const problems: DraftProblems = { fields: {}, general: [] };
  const add = (name: string, message: string) => {
    if (isFormField(name)) problems.fields[name] ??= displayMessage(message);
    else problems.general.push(`${humanPath(name.split("."))}: ${message}`);
  };
  const parsed = InvoiceCreateSchema.safeParse(toSchemaInput(values));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(fieldName(issue.path.map(String)), issue.message);
  } else {
    const input = toCreateInput(values).input;
    try {
      computeTotals(totalsInputOf(input, input.currency ?? values.currency));
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      add(fieldName(error.field), error.reason);
    }
  }
  if (!values.dueAt.trim()) problems.fields.dueAt ??= "Pick a due date";
  else if (values.issuedAt && values.dueAt < values.issuedAt) {
    problems.fields.dueAt ??= `Must not be before the issue date (${formatDate(values.issuedAt, values.locale)})`;
  }
  return problems;
}

/** The `missing` notes still worth showing once the draft was edited (a customer name typed in, a due date picked). */
export function openMissing(missing: readonly string[], preview: GeneratedPreviewFragment, values: InvoiceFormValues): string[] {
  return missing.filter((path) => {
    if (path === "to.name") return !values.customer.name.trim();
    if (path === "dueDate") return values.dueAt === preview.dueAt;
    return true;
  });
}

/** `missing` paths the preview itself lets the user fill in. */
export const INLINE_MISSING: readonly string[] = ["to.name", "dueDate"];
