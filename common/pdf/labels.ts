/**
 * The fixed words printed on an invoice PDF, per language. The language is the
 * primary subtag of the invoice's BCP 47 locale ("de-AT" → de); anything without
 * a translation falls back to English. Placeholders are written {name}.
 */

export interface PdfLabels {
  /** Heading used when the invoice has no title of its own. */
  invoice: string;
  /** Prefix of the invoice number under the heading ("No." → "No. INV-0001"). */
  number: string;
  from: string;
  billTo: string;
  customerRef: string;
  issueDate: string;
  dueDate: string;
  paidDate: string;
  amountDue: string;
  /** "Due {date}" under the amount-due figure. */
  dueOn: string;
  /** "Paid {date}" in the paid stamp. */
  paidOn: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  tax: string;
  amount: string;
  subtotal: string;
  /** An invoice-level discount without a description of its own. */
  invoiceDiscount: string;
  /** "{tax} on {base}" → "VAT 19 % on €1,000.00". */
  taxOn: string;
  totalDue: string;
  total: string;
  paid: string;
  paymentDetails: string;
  notes: string;
  /** Stamp on a draft. */
  draft: string;
  /** Stamp on a cancelled invoice. */
  cancelled: string;
  /** Appended to the running header of pages 2…N. */
  continued: string;
  /** "Page {page} of {pages}". */
  page: string;
}

const en: PdfLabels = {
  invoice: "Invoice",
  number: "No.",
  from: "From",
  billTo: "Bill to",
  customerRef: "Customer no.",
  issueDate: "Issue date",
  dueDate: "Due date",
  paidDate: "Paid on",
  amountDue: "Amount due",
  dueOn: "Due {date}",
  paidOn: "Paid {date}",
  description: "Description",
  quantity: "Qty",
  unitPrice: "Unit price",
  discount: "Discount",
  tax: "Tax",
  amount: "Amount",
  subtotal: "Subtotal",
  invoiceDiscount: "Discount",
  taxOn: "{tax} on {base}",
  totalDue: "Total due",
  total: "Total",
  paid: "Paid",
  paymentDetails: "Payment details",
  notes: "Notes",
  draft: "Draft",
  cancelled: "Cancelled",
  continued: "continued",
  page: "Page {page} of {pages}",
};

const de: PdfLabels = {
  invoice: "Rechnung",
  number: "Nr.",
  from: "Von",
  billTo: "Rechnung an",
  customerRef: "Kundennr.",
  issueDate: "Rechnungsdatum",
  dueDate: "Fällig am",
  paidDate: "Bezahlt am",
  amountDue: "Fälliger Betrag",
  dueOn: "Fällig am {date}",
  paidOn: "Bezahlt am {date}",
  description: "Beschreibung",
  quantity: "Menge",
  unitPrice: "Einzelpreis",
  discount: "Rabatt",
  tax: "Steuer",
  amount: "Betrag",
  subtotal: "Zwischensumme",
  invoiceDiscount: "Rabatt",
  taxOn: "{tax} auf {base}",
  totalDue: "Gesamtbetrag",
  total: "Gesamt",
  paid: "Bezahlt",
  paymentDetails: "Zahlungsinformationen",
  notes: "Anmerkungen",
  draft: "Entwurf",
  cancelled: "Storniert",
  continued: "Fortsetzung",
  page: "Seite {page} von {pages}",
};

const fr: PdfLabels = {
  invoice: "Facture",
  number: "N°",
  from: "De",
  billTo: "Facturé à",
  customerRef: "N° client",
  issueDate: "Date d’émission",
  dueDate: "Date d’échéance",
  paidDate: "Payée le",
  amountDue: "Montant dû",
  dueOn: "Échéance le {date}",
  paidOn: "Payée le {date}",
  description: "Description",
  quantity: "Qté",
  unitPrice: "Prix unitaire",
  discount: "Remise",
  tax: "Taxe",
  amount: "Montant",
  subtotal: "Sous-total",
  invoiceDiscount: "Remise",
  taxOn: "{tax} sur {base}",
  totalDue: "Total à payer",
  total: "Total",
  paid: "Payée",
  paymentDetails: "Modalités de paiement",
  notes: "Remarques",
  draft: "Brouillon",
  cancelled: "Annulée",
  continued: "suite",
  page: "Page {page} sur {pages}",
};

const es: PdfLabels = {
  invoice: "Factura",
  number: "N.º",
  from: "De",
  billTo: "Facturar a",
  customerRef: "N.º de cliente",
  issueDate: "Fecha de emisión",
  dueDate: "Fecha de vencimiento",
  paidDate: "Pagada el",
  amountDue: "Importe a pagar",
  dueOn: "Vence el {date}",
  paidOn: "Pagada el {date}",
  description: "Descripción",
  quantity: "Cant.",
  unitPrice: "Precio unitario",
  discount: "Descuento",
  tax: "Impuesto",
  amount: "Importe",
  subtotal: "Subtotal",
  invoiceDiscount: "Descuento",
  taxOn: "{tax} sobre {base}",
  totalDue: "Total a pagar",
  total: "Total",
  paid: "Pagada",
  paymentDetails: "Datos de pago",
  notes: "Notas",
  draft: "Borrador",
  cancelled: "Anulada",
  continued: "continuación",
  page: "Página {page} de {pages}",
};

const et: PdfLabels = {
  invoice: "Arve",
  number: "Nr",
  from: "Saatja",
  billTo: "Maksja",
  customerRef: "Kliendi nr",
  issueDate: "Arve kuupäev",
  dueDate: "Maksetähtaeg",
  paidDate: "Tasutud",
  amountDue: "Tasumisele kuulub",
  dueOn: "Tähtaeg {date}",
  paidOn: "Tasutud {date}",
  description: "Kirjeldus",
  quantity: "Kogus",
  unitPrice: "Ühiku hind",
  discount: "Allahindlus",
  tax: "Maks",
  amount: "Summa",
  subtotal: "Vahesumma",
  invoiceDiscount: "Allahindlus",
  taxOn: "{tax} summalt {base}",
  totalDue: "Tasuda kokku",
  total: "Kokku",
  paid: "Tasutud",
  paymentDetails: "Makse andmed",
  notes: "Märkused",
  draft: "Mustand",
  cancelled: "Tühistatud",
  continued: "jätk",
  page: "Lk {page} / {pages}",
};

const BY_LANGUAGE: Readonly<Record<string, PdfLabels>> = { en, de, fr, es, et };

/** Languages with their own labels; every other language prints English labels. */
export const PDF_LANGUAGES: readonly string[] = Object.keys(BY_LANGUAGE);

/** The primary language subtag of a BCP 47 tag, lower-cased ("pt-BR" → "pt"); "" when unusable. */
export function languageOf(locale: string): string {
  const match = /^([A-Za-z]{2,3})(?:[-_]|$)/.exec(locale.trim());
  return match?.[1]?.toLowerCase() ?? "";
}

export function labelsFor(locale: string): PdfLabels {
  return BY_LANGUAGE[labelLanguage(locale)] ?? en;
}

/** The language the labels for `locale` are written in: its own when translated, else "en". */
export function labelLanguage(locale: string): string {
  const language = languageOf(locale);
  return Object.hasOwn(BY_LANGUAGE, language) ? language : "en";
}

/** Fills "{name}" placeholders; unknown placeholders stay as written. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
