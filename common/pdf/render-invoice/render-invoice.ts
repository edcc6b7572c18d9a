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
 *
 * Its parts, in this folder: view-model.ts (everything the pages print, formatted
 * and sanitised), painter.ts (the drawing), formatting.ts, metadata.ts (creation
 * date, file ID), embedded-fonts.ts, style.ts (colours, sizes), types.ts.
 */
import { jsPDF } from "jspdf";
import type { InvoiceDocument, InvoiceTotals } from "../../invoice/types.ts";
import { fontCoverage, printableMoney, substituteMissing } from "../fonts.ts";
import { languageOf } from "../labels.ts";
import { binaryString, type FontNames, subsetFonts, subsetTag } from "./embedded-fonts.ts";
import { defaultPageSize } from "./formatting.ts";
import { creationDateOf, fileIdOf, pdfInfoString } from "./metadata.ts";
import { Painter } from "./painter.ts";
import { DEFAULT_ACCENT, LEADING, parseHex } from "./style.ts";
import type { PdfAssets, RenderOptions } from "./types.ts";
import { buildView } from "./view-model.ts";

export type { PdfAssets, PdfLogo, RenderOptions } from "./types.ts";
export { formatDate, formatPercent, formatUnitPrice } from "./formatting.ts";
export { creationDateOf, fileIdOf, hash128 } from "./metadata.ts";

export const FONT_FAMILY = "DejaVuSans";

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
