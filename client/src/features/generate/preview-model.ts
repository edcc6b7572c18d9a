/**
 * What the generate page does with the server's answer: the preview as invoice form
 * values (so the editor opens prefilled, and "Create invoice" stores exactly what was
 * previewed), the `missing` paths as friendly notes, and generation failures as
 * messages people can act on.
 */
import { computeTotals, MoneyError } from "../../../../common/money/index.ts";
import type { GeneratedPreviewFragment } from "../../gql/graphql.ts";
import { formatDate } from "../../lib/dates.ts";
import type { FieldIssue } from "../../lib/result.ts";
import type { DetailLineValues, InvoiceFormValues, TaxValues } from "../invoices/form-model.ts";
import { detailLineValues, emptyCustomer, itemValues } from "../invoices/form-model.ts";

// ------------------------------------------------------------------ preview → form

const text = (value: string | null | undefined) => value ?? "";

/** The bill-to lines the server derives from customer fields (invoices.service customerLines, for name/email/address). */
function derivedRecipientLines(customer: { name: string; email: string; address: string }): DetailLineValues[] {
  const out: DetailLineValues[] = [];
  if (customer.name) out.push({ label: "Name", value: customer.name });
  if (customer.email) out.push({ label: "Email", value: customer.email });
  if (customer.address) out.push({ label: "Address", value: customer.address });
  return out;
}

const sameLines = (a: readonly DetailLineValues[], b: readonly DetailLineValues[]) =>
  a.length === b.length && a.every((line, i) => line.label === b[i]!.label && line.value === b[i]!.value);

/**
 * The preview's taxes are the computed groups (one per name and rate), which also
 * hold the lines' own taxes. The invoice-level taxes are the groups the lines alone do
 * not produce with that base.
 */
function invoiceLevelTaxes(preview: GeneratedPreviewFragment): TaxValues[] {
  if (preview.taxes.length === 0) return [];
  let lineGroups: { name: string; rate: string; baseMinor: bigint }[] = [];
  try {
    lineGroups = computeTotals({
      currency: preview.currency,
      items: preview.items,
      discounts: preview.discounts.map((d) => ({ description: d.description, kind: d.kind === "fixed" ? "fixed" : "percent", value: d.value })),
      taxes: [],
    }).taxes;
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
  }
  return preview.taxes
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
  const derivable = sameLines(toDetails, derivedRecipientLines({ ...customer, address }));
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
    discounts: preview.discounts.map((discount) => ({
      description: text(discount.description),
      kind: discount.kind === "fixed" ? "fixed" : "percent",
      value: discount.value,
    })),
    taxes: invoiceLevelTaxes(preview),
  };
}

// ------------------------------------------------------------------ missing

export interface MissingNote {
  path: string;
  /** Short, lower-case: "customer name". */
  label: string;
  /** What was done instead, or what to do. */
  detail: string;
}

const FIELD_WORDS: Record<string, string> = {
  name: "name",
  company: "company",
  email: "email",
  address: "address",
  unitPrice: "price",
  quantity: "quantity",
  description: "description",
  unit: "unit",
  taxPercent: "tax rate",
  discountPercent: "discount",
};

function words(key: string): string {
  return FIELD_WORDS[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "to.name" → { label: "customer name", detail: "…" }; unknown paths still read as words. */
export function describeMissing(path: string, preview?: Pick<GeneratedPreviewFragment, "issuedAt" | "dueAt" | "currency" | "locale" | "fromDetails"> | null): MissingNote {
  const locale = preview?.locale ?? "en-US";
  switch (path) {
    case "to.name":
      return { path, label: "customer name", detail: "Nobody to bill yet: add the customer before you send it." };
    case "to.email":
      return { path, label: "customer email", detail: "Add it if you want to email the invoice." };
    case "from.name":
      return {
        path,
        label: "your name or business",
        detail: preview && preview.fromDetails.length > 0 ? "Your business details from Settings are used." : "The invoice has no sender yet: add your business details.",
      };
    case "dueDate":
      return {
        path,
        label: "due date",
        detail: preview ? `Set to ${formatDate(preview.dueAt, locale)}, ${daysBetween(preview.issuedAt, preview.dueAt)} days after the issue date.` : "Your default payment term is used.",
      };
    case "issueDate":
      return { path, label: "issue date", detail: preview ? `Issued ${formatDate(preview.issuedAt, locale)} (today).` : "Issued today." };
    case "currency":
      return { path, label: "currency", detail: preview ? `Your default currency, ${preview.currency}, is used.` : "Your default currency is used." };
    case "taxes":
      return { path, label: "tax rate", detail: "A tax is mentioned without a rate, so none was added." };
    case "paymentDetails":
      return { path, label: "payment details", detail: "Add how you want to be paid: bank account, IBAN or a payment link." };
    case "items":
      return { path, label: "what you are billing for", detail: "Name at least one item or service with a price." };
    default:
      break;
  }
  const item = /^items\[(\d+)\]\.?(\w*)$/.exec(path);
  if (item) {
    const n = Number(item[1]) + 1;
    const field = item[2] ? words(item[2]) : "";
    return { path, label: field ? `item ${n} ${field}` : `item ${n}`, detail: field === "price" ? `Say what item ${n} costs.` : field === "quantity" ? `Say how many of item ${n}.` : "" };
  }
  const party = /^(from|to)\.(\w+)$/.exec(path);
  if (party) {
    return { path, label: `${party[1] === "to" ? "customer" : "your"} ${words(party[2]!)}`, detail: "" };
  }
  return { path, label: path.split(/[.[\]]+/).filter(Boolean).map(words).join(" "), detail: "" };
}

/** "customer name, due date and currency" */
export function listLabels(notes: readonly MissingNote[]): string {
  const labels = notes.map((note) => note.label);
  if (labels.length <= 1) return labels.join("");
  return `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
}

// ------------------------------------------------------------------ failures

/** A typed failure of generateInvoice (GenerationError, ValidationError, NotFoundError). */
export class GenerationFailure extends Error {
  override readonly name = "GenerationFailure";
  constructor(
    message: string,
    readonly typename: string,
    readonly code: string,
    readonly details: {
      status?: number | null;
      retryAfterSeconds?: number | null;
      missing?: readonly string[];
      issues?: readonly FieldIssue[];
    } = {},
  ) {
    super(message);
  }
}

export type GenerateField = "prompt" | "apiKey" | "baseUrl" | "model" | "promptId";

export interface FailureView {
  title: string;
  /** The server's words, when they add something. */
  message?: string;
  /** What to do next. */
  hint?: string;
  /** Rate limited: when trying again makes sense. */
  retryAfterSeconds?: number | null;
  /** INVOICE_INCOMPLETE: what the words must still say. */
  missing?: MissingNote[];
  /** Validation issues that belong to a control of the page. */
  fields?: Partial<Record<GenerateField, string>>;
  /** Offer the built-in generator instead. */
  suggestOffline?: boolean;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Any error the generate call can throw → what the page shows. `who` names the provider ("Gemini 2.5 Flash"). */
export function describeFailure(error: unknown, who: string): FailureView {
  if (!(error instanceof GenerationFailure)) {
    const message = error instanceof Error ? error.message : String(error);
    return { title: "Could not generate the invoice", message };
  }
  const { code, details } = error;
  switch (code) {
    case "LLM_KEY_REJECTED":
      return {
        title: "The API key was rejected",
        message: error.message,
        hint: `Check that you pasted the whole key and that it is a key for ${who}. Keys are never stored, so paste it again after a reload.`,
        fields: { apiKey: "This key was rejected by the provider" },
      };
    case "LLM_RATE_LIMITED":
      return {
        title: `${capitalize(who)} is rate limiting your key`,
        message: error.message,
        hint:
          details.retryAfterSeconds != null
            ? "Wait a moment, or use the built-in generator meanwhile."
            : "Wait a minute and try again, or use the built-in generator meanwhile.",
        retryAfterSeconds: details.retryAfterSeconds ?? null,
        suggestOffline: true,
      };
    case "LLM_TIMEOUT":
    case "LLM_UNAVAILABLE":
      return {
        title: `${capitalize(who)} is not answering`,
        message: error.message,
        hint: "The provider may be down or unreachable from your Invobi server. Try again in a moment, or use the built-in generator.",
        suggestOffline: true,
      };
    case "LLM_REQUEST_REJECTED":
      return { title: "The provider refused the request", message: error.message, hint: "Check the model name and base URL, or pick another model.", suggestOffline: true };
    case "LLM_REFUSED":
    case "LLM_EMPTY_ANSWER":
    case "LLM_TRUNCATED":
    case "LLM_INVALID_ANSWER":
      return {
        title: "The model's answer could not be used",
        message: error.message,
        hint: "Nothing was saved. Try again, say it a little more plainly, or use another model.",
        suggestOffline: true,
      };
    case "INVOICE_INCOMPLETE":
      return {
        title: "Your description is missing something an invoice needs",
        hint: 'Say what you are billing for and its price, e.g. "10 hours of consulting at $150/hour".',
        missing: (details.missing ?? []).map((path) => describeMissing(path)),
      };
    default:
      break;
  }
  if (error.typename === "ValidationError") {
    const fields: Partial<Record<GenerateField, string>> = {};
    const other: string[] = [];
    for (const issue of details.issues ?? []) {
      const head = issue.path[issue.path.length - 1] ?? "";
      const key = (["prompt", "apiKey", "baseUrl", "model", "promptId"] as const).find((name) => name === head);
      const message = capitalize(issue.message);
      if (key) fields[key] ??= message;
      else other.push(issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message);
    }
    return { title: "Check the highlighted fields", ...(other.length ? { message: other.join("; ") } : {}), fields };
  }
  if (error.typename === "NotFoundError") {
    return { title: "That saved prompt no longer exists", message: error.message, fields: { promptId: "Not found" } };
  }
  return { title: "Could not generate the invoice", message: error.message };
}
