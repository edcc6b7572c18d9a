/**
 * From "what the words say" (an {@link InvoiceExtraction}) to the structured input of
 * the invoice service. This is the only place where a generated invoice meets the
 * account: relative dates are counted from today in the account's time zone, an
 * unnamed currency is the account's, and the parties become detail lines.
 *
 * It computes no money and checks no invoice rule: totals and every rule stay in the
 * invoice service (createInvoice). It only reports what an invoice cannot do without
 * and the prompt did not say (no items, an item without price or quantity); those
 * are `problems`, everything else the prompt left out is `missing` and gets the
 * service's defaults.
 */
import { canonicalLocale } from "../../../common/locale.ts";
import type { DetailLine } from "../../../common/invoice/types.ts";
import { CustomerSchema, type InvoiceCreateInput } from "../../../common/invoice/schema.ts";
import { formatPath, type FieldIssue } from "../../errors.ts";
import { addDays } from "../invoices/dates.ts";
import type { DateExtraction, InvoiceExtraction, PartyExtraction } from "./extraction.ts";

export interface AccountDefaults {
  defaultCurrency: string;
  locale: string;
  timezone: string;
}

export interface ResolveContext {
  /** Today in the account's time zone, "YYYY-MM-DD". */
  today: string;
  account: AccountDefaults;
}

export interface ResolvedInvoice {
  /** What createInvoice receives. */
  input: InvoiceCreateInput;
  /** What an invoice needs and the prompt does not say: no invoice can be made. Paths of the extraction. */
  problems: FieldIssue[];
  /** What the prompt does not say but has a default (customer, due date, currency…). */
  missing: string[];
}

/** Paths in `missing` that the service can not default: an invoice needs them. */
export function isFatalMissing(path: string): boolean {
  return path === "items" || /^items\[\d+\]\.(unitPrice|quantity|description)$/.test(path);
}

function partyLines(party: PartyExtraction): DetailLine[] {
  const lines: DetailLine[] = [];
  if (party.name) lines.push({ label: "Name", value: party.name });
  if (party.company) lines.push({ label: "Company", value: party.company });
  if (party.email) lines.push({ label: "Email", value: party.email });
  if (party.address) lines.push({ label: "Address", value: party.address });
  return [...lines, ...party.lines];
}

function resolveDate(spec: DateExtraction, base: string): string | undefined {
  if (spec.kind === "absolute" && spec.date) return spec.date;
  if (spec.kind === "relative" && spec.days !== null) return addDays(base, spec.days);
  return undefined;
}

function language(locale: string): string | null {
  try {
    return new Intl.Locale(locale).language;
  } catch {
    return null;
  }
}

/**
 * The account's locale, unless the prompt is written in another language than the
 * account's and that language is not English: a German prompt on an en-US account
 * gets German labels and formats; an English prompt (the lingua franca people often
 * type to a model) on a de-DE account stays de-DE.
 */
function resolveLocale(hint: string | null, accountLocale: string): string {
  if (!hint) return accountLocale;
  const canonical = canonicalLocale(hint);
  if (!canonical) return accountLocale;
  const hinted = language(canonical);
  return hinted && hinted !== "en" && hinted !== language(accountLocale) ? canonical : accountLocale;
}

const validEmail = (email: string | null): email is string => email !== null && CustomerSchema.shape.email.safeParse(email).success;

/** Expects a normalised extraction (normalizeExtraction). */
export function resolveExtraction(extraction: InvoiceExtraction, context: ResolveContext): ResolvedInvoice {
  const problems: FieldIssue[] = [];
  if (extraction.items.length === 0) {
    problems.push({ path: ["items"], message: "the prompt names nothing to bill (no item or service with a price)" });
  }
  const items = extraction.items.map((item, i) => {
    const what = item.description ? `"${item.description}"` : `item ${i + 1}`;
    if (!item.description) problems.push({ path: ["items", i, "description"], message: `the prompt does not say what ${what} is` });
    if (item.quantity === null) problems.push({ path: ["items", i, "quantity"], message: `the prompt gives no quantity for ${what}` });
    if (item.unitPrice === null) problems.push({ path: ["items", i, "unitPrice"], message: `the prompt gives no price for ${what}` });
    return {
      description: item.description,
      quantity: item.quantity ?? "",
      unit: item.unit,
      unitPrice: item.unitPrice ?? "",
      discountPercent: item.discountPercent,
      taxPercent: item.taxPercent,
    };
  });

  const issuedAt = resolveDate(extraction.issueDate, context.today) ?? context.today;
  const dueAt = resolveDate(extraction.dueDate, issuedAt);

  const fromDetails = partyLines(extraction.from);
  const toDetails = partyLines(extraction.to);
  const to = extraction.to;
  const customerName = to.company ?? to.name;
  const customer = {
    ...(customerName ? { name: customerName } : {}),
    ...(validEmail(to.email) ? { email: to.email } : {}),
    ...(to.address ? { address: to.address } : {}),
  };

  const input: InvoiceCreateInput = {
    ...(extraction.title ? { title: extraction.title } : {}),
    issuedAt,
    ...(dueAt ? { dueAt } : {}),
    currency: extraction.currency ?? context.account.defaultCurrency,
    locale: resolveLocale(extraction.localeHint, context.account.locale),
    ...(extraction.notes ? { notes: extraction.notes } : {}),
    // No sender in the prompt: the service uses the account's business profile.
    ...(fromDetails.length ? { fromDetails } : {}),
    ...(toDetails.length ? { toDetails } : {}),
    ...(Object.keys(customer).length ? { customer } : {}),
    paymentDetails: extraction.paymentDetails,
    items,
    discounts: extraction.discounts.map((d) => ({ ...(d.description ? { description: d.description } : {}), kind: d.kind, value: d.value })),
    taxes: extraction.taxes.map((t) => ({ name: t.name, rate: t.rate })),
  };

  const fatal = new Set(problems.map((p) => formatPath(p.path)));
  // A model writes `missing` freely: keep it short enough to show.
  const missing = extraction.missing
    .filter((path) => !isFatalMissing(path) && !fatal.has(path) && path.length <= 100)
    .slice(0, 30);
  return { input, problems, missing };
}

