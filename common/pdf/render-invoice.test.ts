/**
 * The invoice PDF read back with poppler (pdftotext / pdfinfo / pdffonts /
 * pdfimages): content, pagination, fonts, localisation and determinism.
 * Skipped without poppler-utils unless INVOBI_REQUIRE_SUITES contains "pdf".
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { billToLines } from "../invoice/bill-to.ts";
import type { InvoiceDocument, InvoiceTotals } from "../invoice/types.ts";
import { computeTotals, formatMoney } from "../money/index.ts";
import { loadPdfAssets } from "./assets.node.ts";
import { longInvoice, multilingualInvoice, shortInvoice } from "./fixtures.ts";
import { creationDateOf, fileIdOf, formatPercent, formatUnitPrice, hash128, renderInvoicePdf, type PdfAssets } from "./render-invoice/render-invoice.ts";
import { hasPoppler, pdfFonts, pdfInfo, pdfPages, sampleLogo, withPdfFile } from "./testing.ts";

const poppler = hasPoppler();
if (!poppler && (process.env.INVOBI_REQUIRE_SUITES ?? "").split(",").includes("pdf")) {
  throw new Error("poppler-utils (pdftotext, pdftoppm, pdfinfo) are required for the PDF suite");
}

/** Whitespace of every kind (NBSP, narrow NBSP, line breaks) as one space. */
function squash(text: string): string {
  return text.replace(/[\s\u00a0\u202f\u2009]+/g, " ").trim();
}

/** Raw (content-order) text per page, squashed: wrapped cells read as one run. */
function rawPages(pdf: Uint8Array): string[] {
  const out = withPdfFile(pdf, (path) => execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", path, "-"], { encoding: "utf8" }));
  return out.split("\f").slice(0, -1).map(squash);
}

/** What a formatted amount prints as (DejaVu has no fullwidth yen; the renderer swaps it for ¥). */
function printed(text: string): string {
  return squash(text.replace(/\uffe5/g, "\u00a5"));
}

async function render(invoice: InvoiceDocument, extra: Partial<PdfAssets> = {}): Promise<{ pdf: Uint8Array; totals: InvoiceTotals }> {
  const totals = computeTotals(invoice);
  const pdf = await renderInvoicePdf(invoice, totals, { ...(await loadPdfAssets()), ...extra });
  return { pdf, totals };
}

function expectedAmounts(invoice: InvoiceDocument, totals: InvoiceTotals): string[] {
  const money = (minor: bigint): string => printed(formatMoney(minor, totals.currency, invoice.locale));
  return [
    ...totals.lines.map((line) => money(line.netMinor)),
    money(totals.subtotalMinor),
    ...totals.discounts.map((discount) => money(-discount.amountMinor)),
    ...totals.taxes.flatMap((tax) => [money(tax.amountMinor), money(tax.baseMinor)]),
    money(totals.totalMinor),
  ];
}

function pdfString(pdf: Uint8Array): string {
  return Buffer.from(pdf).toString("latin1");
}

describe("formatting helpers", () => {
  it("formats unit prices exactly, with up to 4 extra decimals", () => {
    expect(formatUnitPrice("0.1234", "USD", 2, "en-US")).toBe("$0.1234");
    expect(formatUnitPrice("95", "USD", 2, "en-US")).toBe("$95.00");
    expect(formatUnitPrice("1650", "JPY", 0, "en-US")).toBe("¥1,650");
    expect(squash(formatUnitPrice("12.3456", "KWD", 3, "en-GB"))).toBe("KWD 12.3456");
    expect(formatUnitPrice("9007199254740993.01", "USD", 2, "en-US")).toBe("$9,007,199,254,740,993.01");
  });

  it("formats percentages exactly in the locale", () => {
    expect(formatPercent("19", "en-US")).toBe("19%");
    expect(squash(formatPercent("9.975", "de-DE"))).toBe("9,975 %");
    expect(formatPercent("0.0001", "en-US")).toBe("0.0001%");
  });

  it("derives creation date and file id from the invoice only", () => {
    expect(creationDateOf({ updatedAt: "2025-03-03T09:15:00.000Z", issuedAt: "2025-01-01" })).toBe("D:20250303091500+00'00'");
    expect(creationDateOf({ updatedAt: "2025-03-03T23:30:00-02:00", issuedAt: "2025-01-01" })).toBe("D:20250304013000+00'00'");
    expect(creationDateOf({ updatedAt: null, issuedAt: "2025-01-05" })).toBe("D:20250105000000+00'00'");
    expect(creationDateOf({ updatedAt: "garbage", issuedAt: "2025-01-05" })).toBe("D:20250105000000+00'00'");
    expect(fileIdOf({ id: "a", number: "1" })).toMatch(/^[0-9A-F]{32}$/);
    expect(fileIdOf({ id: "a", number: "1" })).toBe(fileIdOf({ id: "a", number: "1" }));
    expect(fileIdOf({ id: "a", number: "1" })).not.toBe(fileIdOf({ id: "a", number: "2" }));
    expect(hash128("")).not.toBe(hash128("\u0000"));
  });
});

describe.skipIf(!poppler)("invoice PDF", () => {
  it("prints a one-page invoice: parties, dates, every line and every total", async () => {
    const { pdf, totals } = await render(shortInvoice);
    expect(pdfInfo(pdf).Pages).toBe("1");
    const [page] = rawPages(pdf);
    expect(page).toBeDefined();
    const text = page ?? "";
    for (const expected of [
      "Invoice",
      "Website relaunch",
      "INV-2025-0042",
      "Issue date 3 Mar 2025",
      "Due date 2 Apr 2025",
      "FROM",
      "Nordlicht Studio GmbH",
      "Torstraße 109 10119 Berlin Germany",
      "VAT ID: DE298765432",
      "BILL TO",
      "Maison Lumière SARL",
      "12 rue des Lilas 69003 Lyon France",
      "Customer no. C-1187",
      "DESCRIPTION QTY UNIT PRICE DISCOUNT TAX AMOUNT",
      "36 h €95.00 10% 19% €3,078.00",
      "Subtotal €13,036.80",
      "Loyalty discount (5%) -€651.84",
      "VAT 19% on €12,044.10 €2,288.38",
      "VAT 7% on €340.86 €23.86",
      "Total due €14,697.20",
      "AMOUNT DUE €14,697.20 Due 2 Apr 2025",
      "PAYMENT DETAILS",
      "IBAN DE89 3704 0044 0532 0130 00",
      "NOTES Thank you for your business!",
      "Page 1 of 1",
    ]) {
      expect(text).toContain(expected);
    }
    for (const item of shortInvoice.items) expect(text).toContain(squash(item.description));
    for (const amount of expectedAmounts(shortInvoice, totals)) expect(text).toContain(amount);
  });

  it("prints each customer field once when the stored bill-to lines repeat them", async () => {
    const occurrences = (text: string, part: string) => text.split(part).length - 1;
    const customer = shortInvoice.customer;
    const vatId = { label: "VAT ID", value: "FR40303265045" };
    const storedBillTo = [
      // what the service stores now (billToLines), with a line of the user's own
      [...billToLines(customer, shortInvoice.locale), vatId],
      // what it stored before bill-to.ts: email second, "City, zip" in every region
      [
        { label: "Name", value: "Maison Lumière SARL" },
        { label: "Email", value: "compta@maison-lumiere.example" },
        { label: "Address", value: "12 rue des Lilas" },
        { label: "City", value: "Lyon, 69003" },
        { label: "Country", value: "France" },
        vatId,
      ],
    ];
    for (const toDetails of storedBillTo) {
      const text = rawPages((await render({ ...shortInvoice, toDetails })).pdf)[0] ?? "";
      expect(text).toContain("BILL TO Maison Lumière SARL 12 rue des Lilas 69003 Lyon France compta@maison-lumiere.example");
      for (const part of ["Maison Lumière SARL", "12 rue des Lilas", "69003", "compta@maison-lumiere.example"]) expect(occurrences(text, part)).toBe(1);
      expect(occurrences(text, "VAT ID: FR40303265045")).toBe(1);
    }
    // No customer name: the first remaining bill-to line names the party, the address still prints once.
    const nameless = { ...shortInvoice, customer: { ...customer, name: null }, toDetails: [{ label: "Name", value: "Lumière" }, ...billToLines(customer, shortInvoice.locale).slice(1)] };
    const text = rawPages((await render(nameless)).pdf)[0] ?? "";
    expect(text).toContain("BILL TO Lumière 12 rue des Lilas 69003 Lyon France");
    expect(occurrences(text, "12 rue des Lilas")).toBe(1);
  });

  it("embeds subset DejaVu fonts, and the subset is far smaller than the whole font", async () => {
    const subset = await render(shortInvoice);
    const whole = await render(shortInvoice, { subsetter: null });
    const fonts = pdfFonts(subset.pdf);
    // Subset fonts carry a 6-letter tag (PDF 32000 §9.6.4); pdffonts: emb yes, sub yes, uni yes.
    expect(fonts).toMatch(/[A-Z]{6}\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/[A-Z]{6}\+DejaVuSans-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(subset.pdf.length).toBeLessThan(30_000);
    expect(subset.pdf.length * 3).toBeLessThan(whole.pdf.length);
    // Same text either way.
    expect(rawPages(subset.pdf)).toEqual(rawPages(whole.pdf));
  });

  it("flows 200 lines over pages: header repeated, no row split, page numbers right", async () => {
    const { pdf, totals } = await render(longInvoice);
    const pageCount = Number(pdfInfo(pdf).Pages);
    expect(pageCount).toBeGreaterThan(4);
    const layout = pdfPages(pdf);
    const raw = rawPages(pdf);
    expect(layout).toHaveLength(pageCount);
    expect(raw).toHaveLength(pageCount);
    layout.forEach((page, index) => {
      expect(page, `table header on page ${index + 1}`).toMatch(/DESCRIPTION\s+QTY\s+UNIT PRICE\s+DISCOUNT\s+TAX\s+AMOUNT/);
      expect(squash(page)).toContain(`Page ${index + 1} of ${pageCount}`);
      if (index > 0) expect(squash(page)).toContain("Invoice No. INV-2025-0200 · continued");
    });
    // Every row is printed once, whole, on a single page, in order.
    let lastPage = 0;
    longInvoice.items.forEach((item, index) => {
      const description = squash(item.description);
      const pages = raw.flatMap((page, pageIndex) => (page.includes(description) ? [pageIndex] : []));
      expect(pages, `line ${index + 1} on exactly one page`).toHaveLength(1);
      const found = pages[0] ?? -1;
      expect(found).toBeGreaterThanOrEqual(lastPage);
      lastPage = found;
      const amount = printed(formatMoney(totals.lines[index]?.netMinor ?? 0n, "USD", "en-US"));
      expect(raw[found]).toContain(`${description}`);
      expect(raw[found]).toContain(amount);
    });
    const last = raw[pageCount - 1] ?? "";
    expect(last).toContain(`Total due ${printed(formatMoney(totals.totalMinor, "USD", "en-US"))}`);
    expect(last).toContain(`Sales tax 8.875% on ${printed(formatMoney(totals.taxes[0]?.baseMinor ?? 0n, "USD", "en-US"))}`);
  });

  it.each([
    ["JPY", "ja-JP", ["1650", "2500", "90"], /¥[\d,]+(?!\.)/],
    ["USD", "en-US", ["16.50", "25", "0.9"], /\$[\d,]+\.\d{2}(?!\d)/],
    ["KWD", "en-GB", ["16.505", "25", "0.125"], /KWD [\d,]+\.\d{3}(?!\d)/],
  ] as const)("formats %s amounts with the currency's exponent (%s)", async (currency, locale, prices, pattern) => {
    const invoice: InvoiceDocument = {
      ...shortInvoice,
      currency,
      locale,
      items: prices.map((unitPrice, index) => ({ description: `Item ${index + 1} in ${currency}`, quantity: String(index + 3), unitPrice, taxPercent: "10", taxName: "Tax" })),
    };
    const { pdf, totals } = await render(invoice);
    const text = rawPages(pdf).join(" ");
    for (const amount of expectedAmounts(invoice, totals)) expect(text).toContain(amount);
    for (const item of invoice.items) expect(text).toContain(item.description);
    expect(text).toMatch(pattern);
    expect(text).not.toContain("\uffe5");
  });

  it("renders Latin Extended, Greek, Cyrillic and currency signs", async () => {
    const { pdf, totals } = await render(multilingualInvoice);
    const text = rawPages(pdf).join(" ");
    for (const expected of ["Łukasz Żółć", "Ώρα Ελλάδα Α.Ε.", "Иван Петров", "Straße Größe 5, Köln", "€ £ ¥ ₹ ₩ ₺", "polski → ελληνικά", "Ευχαριστούμε! Спасибо!", "ő ű ł ß"]) {
      expect(text).toContain(expected);
    }
    for (const item of multilingualInvoice.items) expect(text).toContain(squash(item.description));
    for (const amount of expectedAmounts(multilingualInvoice, totals)) expect(text).toContain(amount);
  });

  it.each([
    ["de-DE", ["Rechnung", "RECHNUNG AN", "Rechnungsdatum 03.03.2025", "Zwischensumme", "Gesamtbetrag", "ZAHLUNGSINFORMATIONEN", "Seite 1 von 1"]],
    ["fr-FR", ["Facture", "FACTURÉ À", "Date d’émission 3 mars 2025", "Sous-total", "Total à payer", "Page 1 sur 1"]],
    ["es-ES", ["Factura", "FACTURAR A", "Fecha de emisión 3 mar 2025", "Subtotal", "Total a pagar", "Página 1 de 1"]],
    ["et-EE", ["Arve", "MAKSJA", "Arve kuupäev 3. märts 2025", "Vahesumma", "Tasuda kokku", "Lk 1 / 1"]],
    ["pt-BR", ["Invoice", "BILL TO", "Issue date 3 de mar. de 2025", "Subtotal", "Total due", "Page 1 of 1"]],
  ] as const)("labels the invoice in the locale's language (%s)", async (locale, expected) => {
    const { pdf } = await render({ ...shortInvoice, locale });
    const text = rawPages(pdf).join(" ");
    for (const label of expected) expect(text).toContain(squash(label));
  });

  it("stamps a paid invoice with its paid date", async () => {
    const invoice: InvoiceDocument = { ...shortInvoice, status: "paid", paidAt: "2025-03-20" };
    const { pdf } = await render(invoice);
    const text = rawPages(pdf).join(" ");
    expect(text).toContain("PAID €14,697.20 Paid 20 Mar 2025");
    expect(text).toContain("Paid on 20 Mar 2025");
    expect(text).toContain("Total €14,697.20");
    expect(text).toContain("Amount due €0.00");
    expect(text).not.toContain("Total due");
  });

  it("prints characters the font lacks visibly: look-alikes, ISO codes for currency signs, else �", async () => {
    const invoice: InvoiceDocument = {
      ...shortInvoice,
      currency: "AZN",
      locale: "az-AZ",
      customer: { ...shortInvoice.customer, name: "株式会社 Örnek" },
      items: [{ description: "Rocket 🚀 launch", quantity: "2", unitPrice: "5" }],
    };
    const { pdf } = await render(invoice);
    const text = rawPages(pdf).join(" ");
    expect(text).toContain("���� Örnek");
    expect(text).toContain("Rocket � launch");
    expect(text).toContain("10,00 AZN");
    expect(text).not.toContain("₼");
    // English labels upper-cased as English, not with the Azerbaijani dotted İ.
    expect(text).toContain("BILL TO");
  });

  it("marks drafts with a watermark", async () => {
    const { pdf } = await render({ ...shortInvoice, status: "draft" });
    expect(rawPages(pdf).join(" ")).toContain("DRAFT");
  });

  it("embeds the logo when given and renders without it when the bytes are unusable", async () => {
    const withLogo = await render(shortInvoice, { logo: { bytes: sampleLogo(), type: "png" } });
    const images = withPdfFile(withLogo.pdf, (path) => execFileSync("pdfimages", ["-list", path], { encoding: "utf8" }));
    expect(images.trim().split("\n").length).toBeGreaterThanOrEqual(3); // header, rule, image (+ its alpha mask)
    expect(images).toMatch(/\s240\s+72\s/);
    const broken = await render(shortInvoice, { logo: { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), type: "png" } });
    expect(rawPages(broken.pdf)).toEqual(rawPages((await render(shortInvoice)).pdf));
  });

  it("is deterministic: same bytes every time, in any time zone", async () => {
    const original = process.env.TZ;
    try {
      process.env.TZ = "America/Los_Angeles";
      const first = (await render(shortInvoice)).pdf;
      process.env.TZ = "Asia/Kolkata";
      const second = (await render(shortInvoice)).pdf;
      expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
      const raw = pdfString(first);
      expect(raw).toContain("/CreationDate (D:20250303091500+00'00')");
      expect(raw).toContain(`/ID [ <${fileIdOf(shortInvoice)}> <${fileIdOf(shortInvoice)}> ]`);
      expect(pdfInfo(first, ["-isodates"]).CreationDate).toBe("2025-03-03T09:15:00Z");
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
    const other = (await render({ ...shortInvoice, number: "INV-2025-0043" })).pdf;
    expect(pdfString(other)).not.toContain(fileIdOf(shortInvoice));
  });

  it("writes the document title and author, non-Latin-1 included", async () => {
    const info = pdfInfo((await render(multilingualInvoice)).pdf);
    expect(info.Title).toBe("Invoice FV/2025/777");
    expect(info.Author).toBe("Łukasz Żółć");
    expect(info.Creator).toBe("Invobi");
  });

  it("uses US Letter for US invoices and A4 elsewhere", async () => {
    expect(pdfInfo((await render(longInvoice)).pdf)["Page size"]).toMatch(/^612 x 792 pts/);
    expect(pdfInfo((await render(shortInvoice)).pdf)["Page size"]).toMatch(/^595\.\d+ x 841\.\d+ pts/);
  });
});
