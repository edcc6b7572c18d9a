/** The invoice as the pages print it: every label, amount, date and party line formatted and sanitised before any drawing. */
import { billToLines, extraBillToDetails } from "../../invoice/bill-to.ts";
import type { DetailLine, InvoiceDocument, InvoiceTotals } from "../../invoice/types.ts";
import { formatMoney } from "../../money/index.ts";
import { fill, labelLanguage, labelsFor, type PdfLabels } from "../labels.ts";
import { formatDate, formatPercent, formatUnitPrice, isNonZero, quantityText } from "./formatting.ts";

export interface PartyView {
  name: string;
  lines: LabelledLine[];
}

export interface LabelledLine {
  /** Shown muted before the value ("VAT ID: …"); empty for self-explanatory lines. */
  label: string;
  value: string;
}

export interface TotalRow {
  label: string;
  amount: string;
  kind: "sub" | "discount" | "tax" | "total" | "paid";
}

/** Everything the pages print, formatted and sanitised before any drawing. */
export interface InvoiceView {
  labels: PdfLabels;
  heading: string;
  subject: string;
  number: string;
  meta: LabelledLine[];
  from: PartyView;
  billTo: PartyView;
  box: { eyebrow: string; amount: string; caption: string; tone: "due" | "paid" | "void" };
  columns: { key: string; header: string; numeric: boolean }[];
  rows: Record<string, string>[];
  totals: TotalRow[];
  paidStamp: { word: string; date: string } | null;
  watermark: string | null;
  payment: LabelledLine[];
  paymentHeading: string;
  notes: string[];
  notesHeading: string;
  eyebrows: { from: string; billTo: string };
  runningHeader: string;
  footerLeft: string;
  pageTemplate: string;
}

export function buildView(
  invoice: InvoiceDocument,
  totals: InvoiceTotals,
  t: (text: string) => string,
  printable: (money: string) => string,
): InvoiceView {
  const locale = invoice.locale;
  const labels = labelsFor(locale);
  const L = Object.fromEntries(Object.entries(labels).map(([key, value]) => [key, t(value)])) as unknown as PdfLabels;
  const moneyText = (minor: bigint): string => printable(formatMoney(minor, totals.currency, locale));
  const money = (minor: bigint): string => t(moneyText(minor));
  const date = (value: string): string => t(formatDate(value, locale));
  // Upper-case by the labels' language: English labels on an "az" invoice must not get a dotted İ.
  const upper = (text: string): string => t(text.toLocaleUpperCase(labelLanguage(locale)));

  const meta: LabelledLine[] = [
    { label: L.issueDate, value: date(invoice.issuedAt) },
    { label: L.dueDate, value: date(invoice.dueAt) },
  ];
  if (invoice.paidAt) meta.push({ label: L.paidDate, value: date(invoice.paidAt) });

  const from = partyFromDetails(invoice.fromDetails, t);
  const billTo = billToParty(invoice, L, t);

  const hasLineDiscount = invoice.items.some((item) => isNonZero(item.discountPercent));
  const hasLineTax = invoice.items.some((item) => isNonZero(item.taxPercent));
  const columns: InvoiceView["columns"] = [
    { key: "description", header: upper(labels.description), numeric: false },
    { key: "quantity", header: upper(labels.quantity), numeric: true },
    { key: "unitPrice", header: upper(labels.unitPrice), numeric: true },
  ];
  if (hasLineDiscount) columns.push({ key: "discount", header: upper(labels.discount), numeric: true });
  if (hasLineTax) columns.push({ key: "tax", header: upper(labels.tax), numeric: true });
  columns.push({ key: "amount", header: upper(labels.amount), numeric: true });

  const rows = invoice.items.map((item, index) => {
    const line = totals.lines[index];
    if (!line) throw new Error(`render-invoice: totals has no line ${index} (were they computed from this invoice?)`);
    const row: Record<string, string> = {
      description: t(item.description.trim()),
      quantity: t(quantityText(item, locale)),
      unitPrice: t(printable(formatUnitPrice(item.unitPrice, totals.currency, totals.exponent, locale))),
      amount: money(line.netMinor),
    };
    if (hasLineDiscount) row.discount = isNonZero(item.discountPercent) ? t(formatPercent(item.discountPercent ?? "0", locale)) : "";
    if (hasLineTax) row.tax = isNonZero(item.taxPercent) ? t(formatPercent(item.taxPercent ?? "0", locale)) : "";
    return row;
  });

  const totalRows: TotalRow[] = [{ label: L.subtotal, amount: money(totals.subtotalMinor), kind: "sub" }];
  for (const discount of totals.discounts) {
    const name = discount.description?.trim() || labels.invoiceDiscount;
    const label = discount.kind === "percent" ? `${name} (${formatPercent(discount.value, locale)})` : name;
    totalRows.push({ label: t(label), amount: money(-discount.amountMinor), kind: "discount" });
  }
  for (const tax of totals.taxes) {
    const label = fill(labels.taxOn, {
      tax: `${tax.name} ${formatPercent(tax.rate, locale)}`,
      base: moneyText(tax.baseMinor),
    });
    totalRows.push({ label: t(label), amount: money(tax.amountMinor), kind: "tax" });
  }
  const paid = Boolean(invoice.paidAt) || invoice.status === "paid";
  totalRows.push({ label: paid ? L.total : L.totalDue, amount: money(totals.totalMinor), kind: "total" });
  if (paid && invoice.paidAt) {
    totalRows.push({ label: t(fill(labels.paidOn, { date: formatDate(invoice.paidAt, locale) })), amount: money(-totals.totalMinor), kind: "paid" });
    totalRows.push({ label: L.amountDue, amount: money(0n), kind: "sub" });
  }

  const box: InvoiceView["box"] =
    invoice.status === "cancelled"
      ? { eyebrow: upper(labels.cancelled), amount: money(totals.totalMinor), caption: t(fill(labels.dueOn, { date: formatDate(invoice.dueAt, locale) })), tone: "void" }
      : paid
        ? { eyebrow: upper(labels.paid), amount: money(totals.totalMinor), caption: invoice.paidAt ? t(fill(labels.paidOn, { date: formatDate(invoice.paidAt, locale) })) : "", tone: "paid" }
        : { eyebrow: upper(labels.amountDue), amount: money(totals.totalMinor), caption: t(fill(labels.dueOn, { date: formatDate(invoice.dueAt, locale) })), tone: "due" };

  const heading = L.invoice;
  const title = invoice.title.trim();
  const subject = title && title.toLocaleLowerCase(locale) !== labels.invoice.toLocaleLowerCase(locale) && title.toLowerCase() !== "invoice" ? t(title) : "";
  const number = t(invoice.number);

  const notes = (invoice.notes ?? "").trim();
  return {
    labels: L,
    heading,
    subject,
    number,
    meta: [{ label: t(`${labels.invoice} ${labels.number}`), value: number }, ...meta],
    from,
    billTo,
    box,
    columns,
    rows,
    totals: totalRows,
    paidStamp: paid ? { word: upper(labels.paid), date: invoice.paidAt ? date(invoice.paidAt) : "" } : null,
    watermark: invoice.status === "draft" ? upper(labels.draft) : invoice.status === "cancelled" ? upper(labels.cancelled) : null,
    payment: invoice.paymentDetails.filter((line) => line.value.trim()).map((line) => ({ label: t(line.label.trim()), value: t(line.value.trim()) })),
    paymentHeading: upper(labels.paymentDetails),
    notes: notes ? [t(notes)] : [],
    notesHeading: upper(labels.notes),
    eyebrows: { from: upper(labels.from), billTo: upper(labels.billTo) },
    runningHeader: t(`${labels.invoice} ${labels.number} ${invoice.number} · ${labels.continued}`),
    footerLeft: t([from.name, `${labels.invoice} ${labels.number} ${invoice.number}`].filter(Boolean).join(" · ")),
    pageTemplate: L.page,
  };
}

/** Labels that name what any reader recognises (a name, an address): the value alone is printed. */
const SELF_EVIDENT_LABELS = new Set(
  [
    "name", "full name", "company", "company name", "business", "business name", "organization", "organisation",
    "address", "street", "street address", "address line 1", "address line 2", "city", "town", "zip", "zip code",
    "postcode", "post code", "postal code", "state", "region", "province", "county", "country",
    "email", "e-mail", "email address", "website", "web", "url",
    "firma", "unternehmen", "adresse", "anschrift", "straße", "strasse", "ort", "stadt", "plz", "postleitzahl", "land", "bundesland",
    "nom", "société", "entreprise", "raison sociale", "rue", "ville", "code postal", "pays", "région",
    "nombre", "empresa", "razón social", "dirección", "calle", "ciudad", "código postal", "país", "provincia",
    "nimi", "ettevõte", "aadress", "tänav", "linn", "postiindeks", "riik", "maakond",
  ],
);

function isSelfEvident(label: string): boolean {
  const key = label.trim().replace(/:$/, "").toLowerCase();
  return key === "" || SELF_EVIDENT_LABELS.has(key);
}

function detailLines(details: readonly DetailLine[], t: (text: string) => string, skipValues: ReadonlySet<string>): LabelledLine[] {
  const lines: LabelledLine[] = [];
  for (const detail of details) {
    const value = detail.value.trim();
    if (!value || skipValues.has(value)) continue;
    const label = isSelfEvident(detail.label) ? "" : t(detail.label.trim().replace(/:$/, ""));
    const parts = value.split(/\r?\n/).map((part) => part.trim()).filter(Boolean);
    parts.forEach((part, index) => lines.push({ label: index === 0 ? label : "", value: t(part) }));
  }
  return lines;
}

function partyFromDetails(details: readonly DetailLine[], t: (text: string) => string): PartyView {
  const first = details.find((detail) => detail.value.trim());
  if (!first) return { name: "", lines: [] };
  const name = first.value.trim().split(/\r?\n/)[0] ?? "";
  const rest = details.filter((detail) => detail !== first);
  const firstRest = first.value.trim().split(/\r?\n/).slice(1).join("\n");
  const lines = detailLines(firstRest ? [{ label: "", value: firstRest }, ...rest] : rest, t, new Set([name]));
  return { name: t(name), lines };
}

/**
 * The customer's name, then its fields as billToLines orders them, its reference, and the
 * invoice's own bill-to lines less those repeating a customer field (the service stores the
 * lines it derives from the customer fields as toDetails: printed as well, the address would
 * appear twice). Without a customer name the first remaining line names the party.
 */
function billToParty(invoice: InvoiceDocument, L: PdfLabels, t: (text: string) => string): PartyView {
  const customer = invoice.customer;
  const customerName = customer.name?.trim() ?? "";
  const fields = billToLines(customer, invoice.locale).filter((line) => line.label !== "Name");
  const lines = detailLines(fields, t, new Set());
  if (customer.ref?.trim()) lines.push({ label: L.customerRef, value: t(customer.ref.trim()) });
  const details = extraBillToDetails(invoice.toDetails, customer, invoice.locale);
  if (!customerName) {
    const party = partyFromDetails(details, t);
    return { name: party.name, lines: [...lines, ...party.lines] };
  }
  return { name: t(customerName), lines: [...lines, ...detailLines(details, t, new Set())] };
}
