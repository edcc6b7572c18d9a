/**
 * What a generated invoice's words did not say (the generator's `missing` paths), in
 * words: shown on the generate preview and again above the editor it hands over to.
 */
import { formatDate } from "../dates.ts";

export interface MissingNote {
  path: string;
  /** Short, lower-case: "customer name". */
  label: string;
  /** What was done instead, or what to do. */
  detail: string;
}

/** The invoice fields a note may quote (a generated preview and the form values both have them). */
export interface MissingContext {
  issuedAt: string;
  dueAt: string;
  currency: string;
  locale: string;
  fromDetails: readonly unknown[];
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
export function describeMissing(path: string, preview?: MissingContext | null): MissingNote {
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

