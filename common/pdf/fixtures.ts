/**
 * Sample invoices for the PDF tests, the golden image and the benchmark.
 * Dates and ids are fixed so every render of a fixture is byte-identical.
 */
import type { InvoiceDocument, LineItem } from "../invoice/types.ts";

const base: Omit<InvoiceDocument, "items" | "currency" | "locale"> = {
  id: "cm5invoice0001",
  number: "INV-2025-0042",
  title: "Website relaunch",
  status: "sent",
  issuedAt: "2025-03-03",
  dueAt: "2025-04-02",
  paidAt: null,
  notes: "Thank you for your business! Please include the invoice number with your payment.",
  fromDetails: [
    { label: "Company", value: "Nordlicht Studio GmbH" },
    { label: "Address", value: "Torstraße 109\n10119 Berlin\nGermany" },
    { label: "VAT ID", value: "DE298765432" },
    { label: "Email", value: "billing@nordlicht.example" },
  ],
  toDetails: [{ label: "VAT ID", value: "FR40303265045" }],
  paymentDetails: [
    { label: "Bank", value: "Berliner Sparkasse" },
    { label: "IBAN", value: "DE89 3704 0044 0532 0130 00" },
    { label: "BIC", value: "COBADEFFXXX" },
    { label: "Reference", value: "INV-2025-0042" },
  ],
  customer: {
    ref: "C-1187",
    name: "Maison Lumière SARL",
    email: "compta@maison-lumiere.example",
    address: "12 rue des Lilas",
    city: "Lyon",
    zip: "69003",
    country: "France",
  },
  discounts: [{ description: "Loyalty discount", kind: "percent", value: "5" }],
  taxes: [],
  updatedAt: "2025-03-03T09:15:00.000Z",
};

/** A typical one-page invoice: EUR, English labels, line discounts and two VAT rates. */
export const shortInvoice: InvoiceDocument = {
  ...base,
  currency: "EUR",
  locale: "en-IE",
  items: [
    {
      description: "Discovery workshop and stakeholder interviews (2 days, on site in Lyon)",
      quantity: "2",
      unit: "days",
      unitPrice: "1200",
      taxPercent: "19",
      taxName: "VAT",
    },
    {
      description: "UX design: wireframes, clickable prototype and two rounds of revisions",
      quantity: "36",
      unit: "h",
      unitPrice: "95",
      discountPercent: "10",
      taxPercent: "19",
      taxName: "VAT",
    },
    { description: "Frontend development (Next.js, accessibility review, performance budget)", quantity: "64", unit: "h", unitPrice: "105", taxPercent: "19", taxName: "VAT" },
    { description: "Stock photography licences", quantity: "12", unitPrice: "29.9", taxPercent: "7", taxName: "VAT" },
    { description: "Hosting, first year (prepaid)", quantity: "1", unitPrice: "480", taxPercent: "19", taxName: "VAT" },
  ],
};

const descriptions = [
  "Consulting",
  "Backend development: billing service, webhooks and retries",
  "Code review",
  "Design system maintenance — tokens, components and documentation updates for the marketing site",
  "Incident response (on call)",
  "Database migration planning",
  "QA and regression testing",
];

/** `count` generated lines in USD/en-US (US Letter). */
export function manyLinesInvoice(count: number): InvoiceDocument {
  return { ...longInvoice, number: `INV-2025-L${count}`, items: manyLines(count) };
}

function manyLines(count: number): LineItem[] {
  return Array.from({ length: count }, (_, index): LineItem => {
    const n = index + 1;
    return {
      description: `${String(n).padStart(3, "0")} ${descriptions[index % descriptions.length] ?? ""}`,
      quantity: String((index % 5) + 1),
      unit: index % 3 === 0 ? "h" : null,
      unitPrice: `${40 + (index % 9) * 5}.${String((index * 7) % 100).padStart(2, "0")}`,
      discountPercent: index % 11 === 0 ? "15" : null,
      taxPercent: "8.875",
      taxName: "Sales tax",
    };
  });
}

/** 200 lines: flows over several pages. */
export const longInvoice: InvoiceDocument = {
  ...base,
  id: "cm5invoice0200",
  number: "INV-2025-0200",
  title: "Retainer Q1",
  currency: "USD",
  locale: "en-US",
  items: manyLines(200),
  discounts: [],
};

/** Party names and currency signs from several scripts. */
export const multilingualInvoice: InvoiceDocument = {
  ...base,
  id: "cm5invoice0777",
  number: "FV/2025/777",
  title: "Usługi tłumaczeniowe",
  currency: "PLN",
  locale: "pl-PL",
  fromDetails: [
    { label: "Name", value: "Łukasz Żółć" },
    { label: "Address", value: "ul. Świętokrzyska 12\n00-916 Warszawa" },
    { label: "NIP", value: "PL5261040828" },
  ],
  toDetails: [
    { label: "Name", value: "Ώρα Ελλάδα Α.Ε." },
    { label: "Contact", value: "Иван Петров" },
    { label: "Branch", value: "Straße Größe 5, Köln" },
  ],
  customer: { name: null },
  paymentDetails: [{ label: "IBAN", value: "PL61 1090 1014 0000 0712 1981 2874" }],
  items: [
    { description: "Tłumaczenie umowy (polski → ελληνικά)", quantity: "14", unit: "str.", unitPrice: "85", taxPercent: "23", taxName: "VAT" },
    { description: "Перевод технической документации", quantity: "3.5", unit: "h", unitPrice: "120", taxPercent: "23", taxName: "VAT" },
    { description: "Opłaty: € £ ¥ ₹ ₩ ₺ (przeliczenia walut)", quantity: "1", unitPrice: "40", taxPercent: "23", taxName: "VAT" },
  ],
  discounts: [],
  notes: "Dziękujemy! Ευχαριστούμε! Спасибо! Größte Sorgfalt, ő ű ł ß.",
};
