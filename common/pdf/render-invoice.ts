/**
 * The invoice PDF, drawn with jsPDF (+ jspdf-autotable for the line items).
 *
 * One pure module for the server and the SPA: it never reads files or the
 * network. The caller passes the font bytes (DejaVu Sans regular + bold), the
 * HarfBuzz subsetter (optional but always given by our loaders) and an optional
 * logo, see assets.node.ts / assets.browser.ts.
 *
 * Deterministic: the same invoice, totals and assets give byte-identical output
 * in Node and in a browser. The PDF creation date comes from the invoice
 * (updatedAt, else issuedAt, always written as UTC), the file ID is a hash of the
 * invoice id and number, fonts are subset by the same wasm in both places, and no
 * clock, random number or host time zone is read.
 *
 * Every string drawn goes through one sanitiser first so the font subset holds
 * exactly the characters the page needs.
 */
import { GState, jsPDF } from "jspdf";
import { autoTable, type CellHookData, type RowInput } from "jspdf-autotable";
import { billToLines, extraBillToDetails } from "../invoice/bill-to.ts";
import type { DetailLine, InvoiceDocument, InvoiceTotals, LineItem } from "../invoice/types.ts";
import { EXTRA_UNIT_PRICE_DECIMALS, formatDecimal, formatMoney } from "../money/index.ts";
import { createSubsetter, fontCoverage, printableMoney, substituteMissing, type SubsetterWasm } from "./fonts.ts";
import { fill, labelLanguage, labelsFor, languageOf, type PdfLabels } from "./labels.ts";

export interface PdfLogo {
  bytes: Uint8Array;
  type: "png" | "jpeg";
}

export interface PdfAssets {
  /** DejaVuSans.ttf (or any TrueType font with the scripts the invoice uses). */
  fontRegular: Uint8Array;
  /** DejaVuSans-Bold.ttf. */
  fontBold: Uint8Array;
  /**
   * harfbuzz-subset.wasm (bytes or a compiled module). With it, each font is cut
   * down to the characters the invoice prints (~10 KB instead of ~55 KB per font
   * after jsPDF's own glyph stripping). Without it the output is still correct,
   * only bigger; Node and browser agree byte for byte as long as both pass it or
   * both leave it out.
   */
  subsetter?: SubsetterWasm | null;
  logo?: PdfLogo | null;
}

export interface RenderOptions {
  /** Accent colour as "#RRGGBB". */
  accentColor?: string;
  /** Paper size; default: US Letter for locales of the Americas that use it, else A4. */
  pageSize?: "a4" | "letter";
}

export const FONT_FAMILY = "DejaVuSans";

interface FontNames {
  normal: string;
  bold: string;
}

/** Six capital letters naming a subset: a hash of the style and the characters it holds. */
function subsetTag(style: string, used: ReadonlySet<number>): string {
  const hex = hash128(`${style}:${[...used].sort((a, b) => a - b).join(",")}`);
  return [...hex.slice(0, 6)].map((digit) => String.fromCharCode(65 + parseInt(digit, 16))).join("");
}

/** Regions whose paper is US Letter (CLDR measurementSystem/paperSize "US"). */
const LETTER_REGIONS = new Set(["US", "CA", "MX", "PR", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "SV", "DO", "BZ"]);

type Rgb = readonly [number, number, number];
const INK: Rgb = [28, 33, 41];
const TEXT: Rgb = [55, 62, 74];
const MUTED: Rgb = [112, 121, 135];
const RULE: Rgb = [226, 230, 236];
const PAID: Rgb = [22, 128, 72];
const VOID: Rgb = [185, 40, 40];
const DEFAULT_ACCENT = "#1F5F6B";

const MARGIN_X = 50;
const MARGIN_TOP = 48;
const CONTINUATION_TOP = 78;
const FOOTER_RESERVE = 66;

// Type sizes (pt) and leading.
const SIZE_HEADING = 24;
const SIZE_BODY = 9;
const SIZE_SMALL = 8.5;
const SIZE_EYEBROW = 7;
const SIZE_FOOTER = 7.5;
const LEADING = 1.42;

interface PartyView {
  name: string;
  lines: LabelledLine[];
}

interface LabelledLine {
  /** Shown muted before the value ("VAT ID: …"); empty for self-explanatory lines. */
  label: string;
  value: string;
}

interface TotalRow {
  label: string;
  amount: string;
  kind: "sub" | "discount" | "tax" | "total" | "paid";
}

/** Everything the pages print, formatted and sanitised before any drawing. */
interface InvoiceView {
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

/**
 * Renders the invoice as PDF bytes. `totals` must be computeTotals() of the same
 * invoice (the caller already has it; the renderer never does money math).
 */
export async function renderInvoicePdf(
  invoice: InvoiceDocument,
  totals: InvoiceTotals,
  assets: PdfAssets,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  const regularCoverage = fontCoverage(assets.fontRegular);
  const boldCoverage = fontCoverage(assets.fontBold);
  const covered = new Set([...regularCoverage].filter((code) => boldCoverage.has(code)));
  const used = new Set<number>();
  for (let code = 0x20; code < 0x7f; code++) used.add(code);
  let sealed = false;
  const t = (text: string): string => {
    const clean = substituteMissing(text.replace(/\t/g, " ").replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ""), covered);
    for (const char of clean) {
      const code = char.codePointAt(0) ?? 0;
      if (code === 10) continue;
      if (!used.has(code)) {
        if (sealed) throw new Error(`render-invoice: "${char}" was drawn without being collected for the font subset`);
        used.add(code);
      }
    }
    return clean;
  };

  const view = buildView(invoice, totals, t, (text) => printableMoney(text, totals.currency, covered));
  sealed = true;

  const [regular, bold] = await subsetFonts(assets, used);
  const pageSize = options.pageSize ?? defaultPageSize(invoice.locale);
  const pdf = new jsPDF({ unit: "pt", format: pageSize, compress: true, putOnlyUsedFonts: true });
  pdf.setFileId(fileIdOf(invoice));
  pdf.setCreationDate(creationDateOf(invoice));
  pdf.setProperties({
    title: pdfInfoString(`${view.heading} ${view.number}`),
    subject: pdfInfoString(view.subject),
    author: pdfInfoString(view.from.name),
    creator: "Invobi",
  });
  const language = languageOf(invoice.locale);
  if (language) pdf.setLanguage(language as Parameters<jsPDF["setLanguage"]>[0]);
  // jsPDF writes the family name as the PDF BaseFont, so regular and bold are two
  // families; subset fonts get the 6-letter tag PDF 32000-1 §9.6.4 asks for.
  const fonts: FontNames = { normal: `${subsetTag("normal", used)}+${FONT_FAMILY}`, bold: `${subsetTag("bold", used)}+${FONT_FAMILY}-Bold` };
  pdf.addFileToVFS("DejaVuSans.ttf", binaryString(regular));
  pdf.addFileToVFS("DejaVuSans-Bold.ttf", binaryString(bold));
  pdf.addFont("DejaVuSans.ttf", fonts.normal, "normal");
  pdf.addFont("DejaVuSans-Bold.ttf", fonts.bold, "normal");
  pdf.setFont(fonts.normal, "normal");
  pdf.setLineHeightFactor(LEADING);

  const accent = parseHex(options.accentColor ?? DEFAULT_ACCENT);
  new Painter(pdf, view, fonts, accent, assets.logo ?? null, t).paint();

  return new Uint8Array(pdf.output("arraybuffer"));
}

// ---------------------------------------------------------------------------
// View model
// ---------------------------------------------------------------------------

function buildView(
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

// ---------------------------------------------------------------------------
// Formatting helpers (display only: amounts arrive as minor units or exact decimals)
// ---------------------------------------------------------------------------

function isNonZero(value: string | null | undefined): boolean {
  return value != null && value.trim() !== "" && /[1-9]/.test(value);
}

function regionOf(locale: string): string {
  try {
    return new Intl.Locale(locale).maximize().region ?? "";
  } catch {
    return "";
  }
}

function defaultPageSize(locale: string): "a4" | "letter" {
  return LETTER_REGIONS.has(regionOf(locale)) ? "letter" : "a4";
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "2025-01-05" as the locale writes a medium date, read and printed in UTC so no time zone can shift the day. */
export function formatDate(value: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return format.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** "19" → "19%" (en), "19 %" (de, fr); exact: Intl reads the decimal string, not a float. */
export function formatPercent(value: string, locale: string): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 4 });
    percentFormats.set(locale, format);
  }
  return format.format(`${value.trim()}E-2` as Intl.StringNumericLiteral);
}

const unitPriceFormats = new Map<string, Intl.NumberFormat>();

/**
 * A unit price (exact decimal in major units, up to 4 decimals beyond the
 * currency's) in the currency format: "$12.50", "$0.1234", "1.650 ¥".
 */
export function formatUnitPrice(value: string, currency: string, exponent: number, locale: string): string {
  const key = `${locale}\u0000${currency}`;
  let format = unitPriceFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent + EXTRA_UNIT_PRICE_DECIMALS,
    });
    unitPriceFormats.set(key, format);
  }
  return format.format(value.trim() as Intl.StringNumericLiteral);
}

function quantityText(item: LineItem, locale: string): string {
  const quantity = formatDecimal(item.quantity, locale, "quantity");
  const unit = item.unit?.trim();
  return unit ? `${quantity} ${unit}` : quantity;
}

// ---------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------

/** PDF date "D:YYYYMMDDHHmmSS+00'00'" from updatedAt (else issuedAt), in UTC. */
export function creationDateOf(invoice: Pick<InvoiceDocument, "updatedAt" | "issuedAt">): string {
  const candidates = [invoice.updatedAt, invoice.issuedAt];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const text = /^\d{4}-\d{2}-\d{2}$/.test(candidate) ? `${candidate}T00:00:00Z` : candidate;
    const time = Date.parse(text);
    if (Number.isNaN(time)) continue;
    const at = new Date(time);
    // jsPDF accepts years 1970–2037 only.
    const year = Math.min(2037, Math.max(1970, at.getUTCFullYear()));
    const two = (n: number): string => String(n).padStart(2, "0");
    return `D:${year}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}+00'00'`;
  }
  return "D:19700101000000+00'00'";
}

/** The PDF file identifier: 128 bits hashed from the invoice id and number (no crypto API needed). */
export function fileIdOf(invoice: Pick<InvoiceDocument, "id" | "number">): string {
  return hash128(`invobi\u0000${invoice.id ?? ""}\u0000${invoice.number}`);
}

/** cyrb128-style 4×32-bit hash of the UTF-8 bytes, as 32 upper-case hex digits. Not cryptographic. */
export function hash128(text: string): string {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (const byte of new TextEncoder().encode(text)) {
    h1 = h2 ^ Math.imul(h1 ^ byte, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ byte, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ byte, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ byte, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, "0")).join("").toUpperCase();
}

/**
 * A document-info string jsPDF writes verbatim: Latin-1 as is, anything else as
 * UTF-16BE with a byte-order mark (PDF 1.7 §7.9.2.2), so "Łukasz" survives.
 */
function pdfInfoString(text: string): string {
  if (/^[\u0020-\u00ff]*$/.test(text)) return text;
  let out = "\u00fe\u00ff";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out += String.fromCharCode(unit >> 8, unit & 0xff);
  }
  return out;
}

async function subsetFonts(assets: PdfAssets, used: ReadonlySet<number>): Promise<[Uint8Array, Uint8Array]> {
  if (!assets.subsetter) return [assets.fontRegular, assets.fontBold];
  const subsetter = await createSubsetter(assets.subsetter);
  const codes = [...used].sort((a, b) => a - b);
  return [subsetter.subset(assets.fontRegular, codes), subsetter.subset(assets.fontBold, codes)];
}

function binaryString(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

function parseHex(hex: string): Rgb {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) throw new Error(`render-invoice: accent colour must be #RRGGBB, got "${hex}"`);
  return [parseInt(match[1] ?? "0", 16), parseInt(match[2] ?? "0", 16), parseInt(match[3] ?? "0", 16)];
}

function mix(color: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(255 - (255 - (color[i] ?? 0)) * amount)) as unknown as Rgb;
}

// ---------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------

class Painter {
  private readonly width: number;
  private readonly height: number;
  private readonly right: number;
  private readonly contentWidth: number;
  private readonly bottom: number;
  private y = MARGIN_TOP;

  constructor(
    private readonly pdf: jsPDF,
    private readonly view: InvoiceView,
    private readonly fonts: FontNames,
    private readonly accent: Rgb,
    private readonly logo: PdfLogo | null,
    private readonly t: (text: string) => string,
  ) {
    this.width = pdf.internal.pageSize.getWidth();
    this.height = pdf.internal.pageSize.getHeight();
    this.right = this.width - MARGIN_X;
    this.contentWidth = this.right - MARGIN_X;
    this.bottom = this.height - FOOTER_RESERVE;
  }

  paint(): void {
    this.header();
    this.parties();
    this.itemsTable();
    this.totalsAndPayment();
    this.notes();
    this.decoratePages();
  }

  // -- primitives -----------------------------------------------------------

  private font(style: "normal" | "bold", size: number, color: Rgb): void {
    this.pdf.setFont(this.fonts[style], "normal");
    this.pdf.setFontSize(size);
    this.pdf.setTextColor(color[0], color[1], color[2]);
  }

  private lineHeight(size: number): number {
    return size * LEADING;
  }

  private text(text: string | string[], x: number, y: number, align: "left" | "right" | "center" = "left"): void {
    this.pdf.text(text, x, y, { align, baseline: "alphabetic" });
  }

  private wrap(text: string, width: number): string[] {
    return this.pdf.splitTextToSize(text, width) as string[];
  }

  /** Small upper-case section label with a little letter spacing. */
  private eyebrow(text: string, x: number, y: number, color: Rgb = MUTED): void {
    this.font("bold", SIZE_EYEBROW, color);
    this.pdf.setCharSpace(0.6);
    this.text(text, x, y);
    this.pdf.setCharSpace(0);
  }

  private newPage(): void {
    this.pdf.addPage();
    this.y = CONTINUATION_TOP;
  }

  private ensureSpace(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  /** "Label: value" wrapped to `width`; the label part printed muted. Returns the height used. */
  private labelled(line: LabelledLine, x: number, y: number, width: number, size: number): number {
    const prefix = line.label ? `${line.label}${/[.:]$/.test(line.label) ? "" : ":"} ` : "";
    this.font("normal", size, TEXT);
    const lines = this.wrap(prefix + line.value, width);
    const leading = this.lineHeight(size);
    lines.forEach((row, index) => {
      const baseline = y + size + index * leading;
      if (index === 0 && prefix && row.startsWith(prefix)) {
        this.font("normal", size, MUTED);
        this.text(prefix, x, baseline);
        const offset = this.pdf.getTextWidth(prefix);
        this.font("normal", size, TEXT);
        this.text(row.slice(prefix.length), x + offset, baseline);
      } else {
        this.font("normal", size, TEXT);
        this.text(row, x, baseline);
      }
    });
    return lines.length * leading;
  }

  // -- page 1 header --------------------------------------------------------

  private header(): void {
    const { pdf, view } = this;
    // A thin accent rule across the top edge.
    pdf.setFillColor(...this.accent);
    pdf.rect(0, 0, this.width, 4, "F");

    const top = MARGIN_TOP;
    // Left: heading, subject, meta rows.
    this.font("bold", SIZE_HEADING, INK);
    this.text(view.heading, MARGIN_X, top + SIZE_HEADING * 0.8);
    let left = top + SIZE_HEADING * 0.8 + 10;
    if (view.subject) {
      this.font("normal", 11, TEXT);
      const lines = this.wrap(view.subject, this.contentWidth * 0.58);
      this.text(lines, MARGIN_X, left + 11);
      left += lines.length * this.lineHeight(11) + 2;
    }
    left += 10;
    this.font("normal", SIZE_SMALL, MUTED);
    const labelWidth = Math.max(...view.meta.map((row) => pdf.getTextWidth(row.label))) + 14;
    for (const row of view.meta) {
      this.font("normal", SIZE_SMALL, MUTED);
      this.text(row.label, MARGIN_X, left + SIZE_SMALL);
      this.font(row === view.meta[0] ? "bold" : "normal", SIZE_SMALL, INK);
      this.text(row.value, MARGIN_X + labelWidth, left + SIZE_SMALL);
      left += this.lineHeight(SIZE_SMALL) + 1.5;
    }

    // Right: the logo, or the sender's name as a word mark.
    let right = top;
    const logoDrawn = this.drawLogo(top);
    if (logoDrawn > 0) right += logoDrawn;
    else if (view.from.name) {
      this.font("bold", 13, this.accent);
      const lines = this.wrap(view.from.name, this.contentWidth * 0.4);
      this.text(lines, this.right, top + 13, "right");
      right += lines.length * this.lineHeight(13);
    }
    this.y = Math.max(left, right) + 26;
  }

  /** Draws the logo into a box at the top right; returns its height (0 when there is none or it is unreadable). */
  private drawLogo(top: number): number {
    if (!this.logo) return 0;
    const format = this.logo.type === "png" ? "PNG" : "JPEG";
    try {
      const properties = this.pdf.getImageProperties(this.logo.bytes);
      const maxWidth = 150;
      const maxHeight = 52;
      const scale = Math.min(maxWidth / properties.width, maxHeight / properties.height);
      const width = properties.width * scale;
      const height = properties.height * scale;
      this.pdf.addImage(this.logo.bytes, format, this.right - width, top, width, height, "logo", "FAST");
      return height;
    } catch {
      return 0;
    }
  }

  // -- parties + amount box -------------------------------------------------

  private parties(): void {
    const { view } = this;
    const gap = 22;
    const column = (this.contentWidth - 2 * gap) / 3;
    const top = this.y;
    // Rule above the parties row.
    this.pdf.setDrawColor(...RULE);
    this.pdf.setLineWidth(0.6);
    this.pdf.line(MARGIN_X, top - 12, this.right, top - 12);
    const fromHeight = this.party(view.eyebrows.from, view.from, MARGIN_X, top + 6, column);
    const billHeight = this.party(view.eyebrows.billTo, view.billTo, MARGIN_X + column + gap, top + 6, column);
    const boxHeight = this.amountBox(this.right - column, top, column);
    this.y = top + Math.max(fromHeight + 6, billHeight + 6, boxHeight) + 28;
  }

  private party(eyebrow: string, party: PartyView, x: number, top: number, width: number): number {
    if (!party.name && !party.lines.length) return 0;
    this.eyebrow(eyebrow, x, top + SIZE_EYEBROW);
    let y = top + SIZE_EYEBROW + 8;
    if (party.name) {
      this.font("bold", 10, INK);
      const lines = this.wrap(party.name, width);
      this.text(lines, x, y + 10);
      y += lines.length * this.lineHeight(10) + 1;
    }
    for (const line of party.lines) y += this.labelled(line, x, y, width, SIZE_SMALL);
    return y - top;
  }

  private amountBox(x: number, top: number, width: number): number {
    const { box } = this.view;
    const tone = box.tone === "paid" ? PAID : box.tone === "void" ? VOID : this.accent;
    const padding = 14;
    this.font("bold", 17, INK);
    let amountSize = 17;
    while (amountSize > 10 && this.pdf.getTextWidth(box.amount) > width - 2 * padding) {
      amountSize -= 1;
      this.font("bold", amountSize, INK);
    }
    const height = padding + SIZE_EYEBROW + 8 + amountSize + 8 + (box.caption ? SIZE_SMALL + 4 : 0) + padding - 4;
    this.pdf.setFillColor(...mix(tone, 0.07));
    this.pdf.rect(x, top, width, height, "F");
    this.pdf.setFillColor(...tone);
    this.pdf.rect(x, top, 2.5, height, "F");
    let y = top + padding;
    this.eyebrow(box.eyebrow, x + padding, y + SIZE_EYEBROW, tone);
    y += SIZE_EYEBROW + 8;
    this.font("bold", amountSize, INK);
    this.text(box.amount, x + padding, y + amountSize * 0.85);
    y += amountSize + 8;
    if (box.caption) {
      this.font("normal", SIZE_SMALL, MUTED);
      this.text(box.caption, x + padding, y + SIZE_SMALL * 0.85);
    }
    return height;
  }

  // -- line items -----------------------------------------------------------

  private itemsTable(): void {
    const { view } = this;
    const lastKey = view.columns[view.columns.length - 1]?.key;
    const firstKey = view.columns[0]?.key;
    // Long invoices get a denser table; short ones more air.
    const vertical = view.rows.length > 25 ? 4.5 : 6.5;
    const padding = { top: vertical, bottom: vertical, left: 5, right: 5 };
    // Numbers never wrap: each numeric column is exactly as wide as its widest cell
    // (header included); the description takes the rest and wraps.
    const columnStyles: Record<string, { halign: "right"; cellWidth: number } | { cellWidth: "auto" }> = {};
    for (const column of view.columns) {
      if (!column.numeric) {
        columnStyles[column.key] = { cellWidth: "auto" };
        continue;
      }
      this.font("bold", SIZE_EYEBROW, MUTED);
      let widest = this.pdf.getTextWidth(column.header);
      this.font("normal", SIZE_BODY, TEXT);
      for (const row of view.rows) widest = Math.max(widest, this.pdf.getTextWidth(row[column.key] ?? ""));
      const horizontal = column.key === lastKey ? padding.left : padding.left + padding.right;
      columnStyles[column.key] = { halign: "right", cellWidth: Math.ceil(widest + horizontal + 1) };
    }
    autoTable(this.pdf, {
      startY: this.y,
      margin: { top: CONTINUATION_TOP, bottom: FOOTER_RESERVE, left: MARGIN_X, right: MARGIN_X },
      columns: view.columns.map((column) => ({ header: column.header, dataKey: column.key })),
      body: view.rows as RowInput[],
      theme: "plain",
      showHead: "everyPage",
      rowPageBreak: "avoid",
      pageBreak: "auto",
      tableWidth: this.contentWidth,
      styles: {
        font: this.fonts.normal,
        fontStyle: "normal",
        fontSize: SIZE_BODY,
        textColor: [...TEXT],
        cellPadding: padding,
        lineColor: [...RULE],
        lineWidth: { bottom: 0.6 },
        overflow: "linebreak",
        valign: "top",
      },
      headStyles: {
        font: this.fonts.bold,
        fontStyle: "normal",
        fontSize: SIZE_EYEBROW,
        textColor: [...MUTED],
        fillColor: false,
        lineColor: [...this.accent],
        lineWidth: { bottom: 1 },
        cellPadding: { top: 4, bottom: 6, left: 5, right: 5 },
        valign: "bottom",
      },
      columnStyles,
      didParseCell: (data: CellHookData) => {
        const key = data.column.dataKey;
        if (key === firstKey) data.cell.styles.cellPadding = { ...padding, top: data.section === "head" ? 4 : padding.top, bottom: data.section === "head" ? 6 : padding.bottom, left: 0 };
        if (key === lastKey) data.cell.styles.cellPadding = { ...padding, top: data.section === "head" ? 4 : padding.top, bottom: data.section === "head" ? 6 : padding.bottom, right: 0 };
        if (data.section === "head" && key !== "description") data.cell.styles.halign = "right";
        if (data.section === "body" && key === "description") data.cell.styles.textColor = [...INK];
        if (data.section === "body" && key === "amount") data.cell.styles.textColor = [...INK];
      },
    });
    const finalY = (this.pdf as unknown as { lastAutoTable?: { finalY?: number } }).lastAutoTable?.finalY;
    this.y = (finalY ?? this.y) + 18;
  }

  // -- totals, paid stamp, payment details ----------------------------------

  private totalsAndPayment(): void {
    const { view } = this;
    const totalsWidth = Math.min(260, this.contentWidth * 0.5);
    const totalsX = this.right - totalsWidth;
    const gap = 10;

    // Lay the totals out first to know their height.
    type Laid = { row: TotalRow; lines: string[]; height: number; size: number };
    const laid: Laid[] = view.totals.map((row) => {
      const size = row.kind === "total" ? 11.5 : SIZE_BODY;
      this.font(row.kind === "total" ? "bold" : "normal", size, INK);
      const amountWidth = this.pdf.getTextWidth(row.amount);
      const lines = this.wrap(row.label, Math.max(60, totalsWidth - amountWidth - gap - (row.kind === "total" ? 16 : 0)));
      const padding = row.kind === "total" ? 9 : 4.5;
      return { row, lines, size, height: lines.length * this.lineHeight(size) - (this.lineHeight(size) - size) + 2 * padding };
    });
    const totalsHeight = laid.reduce((sum, item) => sum + item.height, 0) + 6;
    const paymentWidth = this.contentWidth - totalsWidth - 36;
    const paymentHeight = this.paymentBlock(MARGIN_X, 0, paymentWidth, false);
    const stampHeight = view.paidStamp && !view.payment.length ? 70 : 0;
    this.ensureSpace(Math.max(totalsHeight, paymentHeight, stampHeight));

    const top = this.y;
    let y = top;
    for (const item of laid) {
      const { row } = item;
      const padding = row.kind === "total" ? 9 : 4.5;
      if (row.kind === "total") {
        y += 4;
        this.pdf.setFillColor(...mix(this.accent, 0.08));
        this.pdf.roundedRect(totalsX, y, totalsWidth, item.height, 3, 3, "F");
        this.font("bold", item.size, INK);
        this.text(item.lines, totalsX + 8, y + padding + item.size * 0.8);
        this.font("bold", item.size, this.accent);
        this.text(row.amount, this.right - 8, y + padding + item.size * 0.8, "right");
        y += item.height + 2;
        continue;
      }
      const color = row.kind === "paid" ? PAID : TEXT;
      this.font("normal", item.size, row.kind === "sub" ? TEXT : MUTED);
      if (row.kind === "paid") this.font("normal", item.size, PAID);
      this.text(item.lines, totalsX, y + padding + item.size * 0.8);
      this.font(row.kind === "sub" && row.label === view.labels.amountDue ? "bold" : "normal", item.size, color);
      this.text(row.amount, this.right, y + padding + item.size * 0.8, "right");
      y += item.height;
      if (row.kind !== "paid") {
        this.pdf.setDrawColor(...RULE);
        this.pdf.setLineWidth(0.5);
        this.pdf.line(totalsX, y, this.right, y);
      }
    }

    let leftBottom = top;
    if (view.payment.length) leftBottom = top + this.paymentBlock(MARGIN_X, top, paymentWidth, true);
    if (view.paidStamp) leftBottom = Math.max(leftBottom, this.stamp(view.payment.length ? leftBottom + 8 : top, paymentWidth));
    this.y = Math.max(y, leftBottom) + 26;
  }

  /** Payment details as a two-column label/value list; measures only unless `draw`. */
  private paymentBlock(x: number, top: number, width: number, draw: boolean): number {
    const { view } = this;
    if (!view.payment.length) return 0;
    if (draw) this.eyebrow(view.paymentHeading, x, top + SIZE_EYEBROW);
    let y = top + SIZE_EYEBROW + 9;
    this.font("normal", SIZE_SMALL, MUTED);
    const labelWidth = Math.min(width * 0.42, Math.max(0, ...view.payment.map((line) => this.pdf.getTextWidth(line.label))) + 12);
    for (const line of view.payment) {
      const valueX = line.label ? x + labelWidth : x;
      const valueWidth = line.label ? width - labelWidth : width;
      this.font("normal", SIZE_SMALL, MUTED);
      const labelLines = line.label ? this.wrap(line.label, labelWidth - 8) : [];
      this.font("normal", SIZE_SMALL, INK);
      const valueLines = this.wrap(line.value, valueWidth);
      if (draw) {
        if (labelLines.length) {
          this.font("normal", SIZE_SMALL, MUTED);
          this.text(labelLines, x, y + SIZE_SMALL);
        }
        this.font("normal", SIZE_SMALL, INK);
        this.text(valueLines, valueX, y + SIZE_SMALL);
      }
      y += Math.max(labelLines.length, valueLines.length) * this.lineHeight(SIZE_SMALL) + 2;
    }
    return y - top;
  }

  /** A slightly rotated "PAID" stamp with the paid date; returns the y below it. */
  private stamp(top: number, width: number): number {
    const stamp = this.view.paidStamp;
    if (!stamp) return top;
    const { pdf } = this;
    const angle = 8; // degrees, counter-clockwise
    this.font("bold", 20, PAID);
    pdf.setCharSpace(2);
    const wordWidth = pdf.getTextWidth(stamp.word) + 2 * (stamp.word.length - 1);
    pdf.setCharSpace(0);
    this.font("bold", SIZE_SMALL, PAID);
    const dateWidth = pdf.getTextWidth(stamp.date);
    const boxWidth = Math.max(wordWidth, dateWidth) + 28;
    const boxHeight = stamp.date ? 48 : 36;
    const cx = MARGIN_X + Math.min(width, 220) / 2;
    const cy = top + 10 + boxHeight / 2;
    const rad = (angle * Math.PI) / 180;
    const cos = Math.cos(rad);
    const sin = Math.sin(rad);
    // Page coordinates grow downwards, so a counter-clockwise turn is (x cos + y sin, −x sin + y cos).
    const at = (dx: number, dy: number): [number, number] => [cx + dx * cos + dy * sin, cy - dx * sin + dy * cos];
    const corners = [at(-boxWidth / 2, -boxHeight / 2), at(boxWidth / 2, -boxHeight / 2), at(boxWidth / 2, boxHeight / 2), at(-boxWidth / 2, boxHeight / 2)];
    pdf.setDrawColor(...PAID);
    pdf.setLineWidth(1.6);
    const [first, ...rest] = corners as [[number, number], ...[number, number][]];
    const segments = [...rest, first].map((point, index) => {
      const previous = index === 0 ? first : (rest[index - 1] ?? first);
      return [point[0] - previous[0], point[1] - previous[1]];
    });
    pdf.lines(segments, first[0], first[1], [1, 1], "S", true);
    const inset = 3.2;
    const inner = [at(-boxWidth / 2 + inset, -boxHeight / 2 + inset), at(boxWidth / 2 - inset, -boxHeight / 2 + inset), at(boxWidth / 2 - inset, boxHeight / 2 - inset), at(-boxWidth / 2 + inset, boxHeight / 2 - inset)];
    pdf.setLineWidth(0.5);
    const [innerFirst, ...innerRest] = inner as [[number, number], ...[number, number][]];
    pdf.lines(
      [...innerRest, innerFirst].map((point, index) => {
        const previous = index === 0 ? innerFirst : (innerRest[index - 1] ?? innerFirst);
        return [point[0] - previous[0], point[1] - previous[1]];
      }),
      innerFirst[0],
      innerFirst[1],
      [1, 1],
      "S",
      true,
    );
    this.font("bold", 20, PAID);
    pdf.setCharSpace(2);
    const wordBaseline = stamp.date ? -2 : 7;
    const [wx, wy] = at(-wordWidth / 2, wordBaseline);
    pdf.text(stamp.word, wx, wy, { angle });
    pdf.setCharSpace(0);
    if (stamp.date) {
      this.font("bold", SIZE_SMALL, PAID);
      const [dx, dy] = at(-dateWidth / 2, 13);
      pdf.text(stamp.date, dx, dy, { angle });
    }
    return cy + boxHeight / 2 + 14;
  }

  // -- notes ----------------------------------------------------------------

  private notes(): void {
    const { view } = this;
    if (!view.notes.length) return;
    this.font("normal", SIZE_BODY, TEXT);
    const lines = view.notes.flatMap((note) => note.split(/\r?\n/).flatMap((paragraph) => (paragraph.trim() ? this.wrap(paragraph, this.contentWidth * 0.75) : [""])));
    const leading = this.lineHeight(SIZE_BODY);
    this.ensureSpace(SIZE_EYEBROW + 10 + Math.min(3, lines.length) * leading);
    this.eyebrow(view.notesHeading, MARGIN_X, this.y + SIZE_EYEBROW);
    this.y += SIZE_EYEBROW + 9;
    for (const line of lines) {
      this.ensureSpace(leading);
      this.font("normal", SIZE_BODY, TEXT);
      this.text(line, MARGIN_X, this.y + SIZE_BODY);
      this.y += leading;
    }
  }

  // -- every page: running header, footer, watermark ------------------------

  private decoratePages(): void {
    const { pdf, view } = this;
    const pages = pdf.getNumberOfPages();
    for (let page = 1; page <= pages; page++) {
      pdf.setPage(page);
      if (page > 1) {
        pdf.setFillColor(...this.accent);
        pdf.rect(0, 0, this.width, 4, "F");
        this.font("bold", SIZE_SMALL, INK);
        this.text(view.runningHeader, MARGIN_X, 44);
        if (view.from.name) {
          this.font("normal", SIZE_SMALL, MUTED);
          this.text(view.from.name, this.right, 44, "right");
        }
      }
      const footerY = this.height - 34;
      pdf.setDrawColor(...RULE);
      pdf.setLineWidth(0.6);
      pdf.line(MARGIN_X, footerY - 12, this.right, footerY - 12);
      this.font("normal", SIZE_FOOTER, MUTED);
      this.text(view.footerLeft, MARGIN_X, footerY);
      this.text(this.t(fill(view.pageTemplate, { page: String(page), pages: String(pages) })), this.right, footerY, "right");
      if (view.watermark) this.watermark(view.watermark);
    }
  }

  private watermark(word: string): void {
    const { pdf } = this;
    pdf.saveGraphicsState();
    pdf.setGState(new GState({ opacity: 0.07 }));
    const angle = 35;
    const rad = (angle * Math.PI) / 180;
    const color = this.view.box.tone === "void" ? VOID : INK;
    this.font("bold", 100, color);
    // At most 70 % of the page diagonal.
    const size = Math.min(100, (100 * 0.7 * Math.hypot(this.width, this.height)) / pdf.getTextWidth(word));
    this.font("bold", size, color);
    const wordWidth = pdf.getTextWidth(word);
    const halfCap = size * 0.36;
    // Centre the rotated word: back off half its length along the baseline and
    // half the cap height across it (page y grows downwards).
    const x = this.width / 2 - (wordWidth / 2) * Math.cos(rad) + halfCap * Math.sin(rad);
    const y = this.height / 2 + (wordWidth / 2) * Math.sin(rad) + halfCap * Math.cos(rad);
    pdf.text(word, x, y, { angle });
    pdf.restoreGraphicsState();
  }
}
