/**
 * The extraction schema: ONLY what a prompt's words say about an invoice, before any
 * defaults (account currency, payment terms, sender profile) are applied.
 *
 * The same zod schema is (a) sent to OpenAI / Gemini as a strict JSON-schema structured
 * output via {@link extractionJsonSchema}, (b) produced by the rule-based offline
 * extractor, and (c) used to validate a model's answer. Hence its shape follows OpenAI
 * strict mode: every property is required, "absent" is `null` (never an omitted key),
 * no unions except with null, no numeric bounds, string patterns or formats.
 *
 * Amounts are decimal STRINGS with "." as separator and no grouping ("1234.56"),
 * never JSON numbers, so nothing is lost to floating point. Use
 * {@link normalizeExtraction} on a model's answer to clean what a model gets wrong
 * ("1,234.56", "10%", "usd") before use.
 */
import { z } from "zod";
import { canonicalDecimal, parseNumberText } from "./numbers.ts";

const DECIMAL_RULE =
  'an exact decimal string with "." as decimal separator, no thousands separators, no currency symbol and no % sign, e.g. "150", "12.5", "1234.56"';

const decimal = (what: string) => z.string().describe(`${what}: ${DECIMAL_RULE}.`);
const nullableDecimal = (what: string) => z.string().nullable().describe(`${what} (${DECIMAL_RULE}).`);
const text = (what: string) => z.string().nullable().describe(`${what}; null when the prompt does not say.`);

export const DetailLineExtraction = z
  .object({
    label: z.string().describe('Short label, e.g. "Bank", "Account", "IBAN", "SWIFT/BIC", "PayPal", "VAT ID", "Phone".'),
    value: z.string().describe("The value exactly as written in the prompt."),
  })
  .describe("One label: value line.");
export type DetailLineExtraction = z.infer<typeof DetailLineExtraction>;

export const PartyExtraction = z
  .object({
    name: text("Person or business name (for the customer: whoever is billed)"),
    company: text('Company the person belongs to, when the prompt names both ("John Smith at Smith LLC")'),
    email: text("Email address"),
    address: text("Postal address as one string"),
    lines: z
      .array(DetailLineExtraction)
      .describe('Other details about this party, e.g. {"label":"VAT ID","value":"DE123456789"}; [] when none.'),
  })
  .describe("A party of the invoice; every field null when the prompt does not mention it.");
export type PartyExtraction = z.infer<typeof PartyExtraction>;

export const ItemExtraction = z.object({
  description: z.string().describe('What is billed, short and capitalised, e.g. "Consulting", "Logo design".'),
  quantity: nullableDecimal('How many units; "1" for a single fee; null when a rate is given without a quantity'),
  unit: text('Unit in singular English: "hour", "day", "week", "month", "item", "word"… null for a plain count or fee'),
  unitPrice: nullableDecimal(
    "Price of ONE unit in major currency units; if the prompt gives a total for several units, divide; null when the prompt gives no price — never guess",
  ),
  discountPercent: nullableDecimal("A discount on this line only, in percent; null when none"),
  taxPercent: nullableDecimal('A tax rate that applies to this line only, in percent; null when none (invoice-wide taxes go in "taxes")'),
});
export type ItemExtraction = z.infer<typeof ItemExtraction>;

export const DiscountExtraction = z.object({
  description: text('Wording of the discount, e.g. "Loyalty discount"'),
  kind: z.enum(["percent", "fixed"]).describe('"percent" for "10% off", "fixed" for "$50 off".'),
  value: decimal("The percentage (kind percent) or the amount in major currency units (kind fixed)"),
});
export type DiscountExtraction = z.infer<typeof DiscountExtraction>;

export const TaxExtraction = z.object({
  name: z.string().describe('Tax name as used in the prompt, e.g. "VAT", "Sales tax", "GST", "MwSt"; "Tax" when unnamed.'),
  rate: decimal("Rate in percent"),
});
export type TaxExtraction = z.infer<typeof TaxExtraction>;

export const DATE_KINDS = ["absolute", "relative", "none"] as const;
export type DateKind = (typeof DATE_KINDS)[number];

const dateSpec = (subject: string, relativeTo: string) =>
  z
    .object({
      kind: z
        .enum(DATE_KINDS)
        .describe(
          `"absolute" when the prompt gives a calendar date, "relative" when it gives a number of days ${relativeTo}, "none" when it says nothing.`,
        ),
      date: z.string().nullable().describe('For kind "absolute": the date as "YYYY-MM-DD"; otherwise null.'),
      days: z
        .number()
        .int()
        .nullable()
        .describe(`For kind "relative": whole days ${relativeTo} (weeks × 7, months × 30); otherwise null.`),
    })
    .describe(subject);

export const IssueDateExtraction = dateSpec(
  'The invoice date. "dated 1 Feb 2026" → absolute; "dated today" → relative 0.',
  "after today",
);
export const DueDateExtraction = dateSpec(
  'The payment due date. "net 30", "due in 30 days", "payment within 30 days" → relative 30; "due upon receipt" / "due immediately" → relative 0; "due on March 3rd 2026" → absolute.',
  "after the issue date",
);
export type DateExtraction = z.infer<typeof IssueDateExtraction>;

export const InvoiceExtraction = z
  .object({
    title: text('Invoice title or project name, only when explicitly given ("titled …")'),
    currency: text('ISO 4217 code implied by a symbol, code or word ("$" → "USD", "€" → "EUR", "£" → "GBP", "CHF", "euros" → "EUR")'),
    localeHint: text('BCP 47 locale suggested by the prompt\'s language and currency, e.g. "de-DE", "fr-CA"'),
    from: PartyExtraction.describe("The sender: who issues the invoice and gets paid."),
    to: PartyExtraction.describe("The customer: who is billed."),
    items: z.array(ItemExtraction).describe("Billed lines in the order given; [] when none."),
    discounts: z
      .array(DiscountExtraction)
      .describe("Discounts on the whole invoice (applied before taxes); [] when none."),
    taxes: z.array(TaxExtraction).describe("Taxes on the whole invoice; [] when none."),
    issueDate: IssueDateExtraction,
    dueDate: DueDateExtraction,
    paymentDetails: z
      .array(DetailLineExtraction)
      .describe(
        'How to pay, in the order given, e.g. [{"label":"Bank","value":"Chase Bank"},{"label":"Account","value":"1234567890"}], IBAN, SWIFT/BIC, routing number, PayPal; [] when none.',
      ),
    notes: text("A note to print on the invoice"),
    missing: z
      .array(z.string())
      .describe(
        'Paths of what an invoice needs but the prompt does not say, e.g. "to.name", "from.name", "currency", "items", "items[0].unitPrice", "items[0].quantity", "dueDate". Never invent a value to avoid listing it here.',
      ),
  })
  .describe("Everything a request to create an invoice says, and nothing it does not.");
export type InvoiceExtraction = z.infer<typeof InvoiceExtraction>;

/** JSON-schema keywords OpenAI strict mode rejects (or that zod adds for int/number bounds). */
const STRIPPED_KEYWORDS = [
  "$schema",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "pattern",
  "format",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "default",
] as const;

type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if ((STRIPPED_KEYWORDS as readonly string[]).includes(key)) continue;
    if (key === "properties" && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, strictify(schema)]));
    } else {
      out[key] = strictify(value);
    }
  }
  const isObjectType = out.type === "object" || (Array.isArray(out.type) && out.type.includes("object"));
  if (isObjectType) {
    const properties = isObject(out.properties) ? out.properties : {};
    out.properties = properties;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}

/**
 * The strict JSON schema of {@link InvoiceExtraction} for OpenAI `response_format:
 * {type: "json_schema", json_schema: {name, strict: true, schema}}` (and Gemini's
 * `responseJsonSchema`): every object closes with `additionalProperties: false` and
 * requires all its keys, nullable values are `type: [T, "null"]` / `anyOf [T, null]`,
 * and bounds/patterns/formats are removed. A fresh object on every call.
 */
export function extractionJsonSchema(): JsonObject {
  const raw = z.toJSONSchema(InvoiceExtraction, { target: "draft-7", io: "output", unrepresentable: "throw" });
  return strictify(raw) as JsonObject;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written "YYYY-MM-DD". */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A decimal a model wrote ("1,234.50", "10%", "$150") as canonical "1234.5", or null. */
function cleanDecimal(value: string | null | undefined, percent = false): string | null {
  if (value === null || value === undefined) return null;
  const stripped = value.replace(/[%\s]|[^\d.,'’-]+/g, "");
  if (stripped === "") return null;
  return parseNumberText(stripped, { percent }) ?? canonicalDecimal(stripped);
}

function cleanText(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, " ").trim();
  return trimmed ? trimmed : null;
}

function cleanDate(spec: DateExtraction): DateExtraction {
  if (spec.kind === "absolute" && spec.date !== null && isIsoDate(spec.date)) {
    return { kind: "absolute", date: spec.date, days: null };
  }
  if (spec.kind === "relative" && spec.days !== null && Number.isInteger(spec.days) && Math.abs(spec.days) <= 3660) {
    return { kind: "relative", date: null, days: spec.days };
  }
  return { kind: "none", date: null, days: null };
}

function cleanParty(party: PartyExtraction): PartyExtraction {
  return {
    name: cleanText(party.name),
    company: cleanText(party.company),
    email: cleanText(party.email),
    address: cleanText(party.address),
    lines: party.lines
      .map((line) => ({ label: line.label.trim(), value: line.value.trim() }))
      .filter((line) => line.label !== "" && line.value !== ""),
  };
}

/**
 * Clean an extraction (typically a model's answer, already parsed with
 * `InvoiceExtraction.parse`): canonical decimal strings, upper-case 3-letter currency,
 * valid dates or kind "none", trimmed texts, empty lines dropped, and `missing`
 * completed with what is evidently absent (customer, currency, items, prices).
 * Never adds a value the input didn't have.
 */
export function normalizeExtraction(input: InvoiceExtraction): InvoiceExtraction {
  const currency = cleanText(input.currency)?.toUpperCase() ?? null;
  const items = input.items
    .map((item) => ({
      description: item.description.replace(/\s+/g, " ").trim(),
      quantity: cleanDecimal(item.quantity),
      unit: cleanText(item.unit),
      unitPrice: cleanDecimal(item.unitPrice),
      discountPercent: cleanDecimal(item.discountPercent, true),
      taxPercent: cleanDecimal(item.taxPercent, true),
    }))
    .filter((item) => item.description !== "" || item.unitPrice !== null);
  const discounts = input.discounts.flatMap((d) => {
    const value = cleanDecimal(d.value, d.kind === "percent");
    return value === null ? [] : [{ description: cleanText(d.description), kind: d.kind, value }];
  });
  const taxes = input.taxes.flatMap((t) => {
    const rate = cleanDecimal(t.rate, true);
    return rate === null ? [] : [{ name: cleanText(t.name) ?? "Tax", rate }];
  });
  const out: InvoiceExtraction = {
    title: cleanText(input.title),
    currency: currency !== null && /^[A-Z]{3}$/.test(currency) ? currency : null,
    localeHint: cleanText(input.localeHint),
    from: cleanParty(input.from),
    to: cleanParty(input.to),
    items,
    discounts,
    taxes,
    issueDate: cleanDate(input.issueDate),
    dueDate: cleanDate(input.dueDate),
    paymentDetails: input.paymentDetails
      .map((line) => ({ label: line.label.trim(), value: line.value.trim() }))
      .filter((line) => line.label !== "" && line.value !== ""),
    notes: cleanText(input.notes),
    missing: [],
  };
  out.missing = completeMissing(out, input.missing);
  return out;
}

/**
 * `missing` plus every path that is evidently absent in `extraction`, de-duplicated,
 * minus paths that are in fact present.
 */
export function completeMissing(extraction: InvoiceExtraction, declared: readonly string[] = []): string[] {
  const missing = new Set(declared.map((m) => m.trim()).filter(Boolean));
  const need = (path: string, absent: boolean) => {
    if (absent) missing.add(path);
    else missing.delete(path);
  };
  need("currency", extraction.currency === null);
  need("to.name", extraction.to.name === null && extraction.to.company === null);
  need("from.name", extraction.from.name === null && extraction.from.company === null);
  need("items", extraction.items.length === 0);
  need("dueDate", extraction.dueDate.kind === "none");
  for (const path of [...missing]) {
    const m = /^items\[(\d+)\]\.?(\w*)/.exec(path);
    if (!m) continue;
    const item = extraction.items[Number(m[1])];
    if (item === undefined) missing.delete(path);
    else if (m[2] === "unitPrice" && item.unitPrice !== null) missing.delete(path);
    else if (m[2] === "quantity" && item.quantity !== null) missing.delete(path);
  }
  extraction.items.forEach((item, i) => {
    if (item.unitPrice === null) missing.add(`items[${i}].unitPrice`);
    if (item.quantity === null) missing.add(`items[${i}].quantity`);
    if (item.description === "") missing.add(`items[${i}].description`);
  });
  return [...missing];
}
