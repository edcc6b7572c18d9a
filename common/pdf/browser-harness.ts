/**
 * Entry point bundled by render-invoice.browser.test.ts (vite build, browser
 * conditions) and loaded into headless Chromium. It renders with exactly what
 * the SPA ships: the browser asset loader (Vite ?url assets + fetch), the browser
 * build of jsPDF and the shared money module.
 */
import type { InvoiceDocument } from "../invoice/types.ts";
import { computeTotals } from "../money/index.ts";
import { loadLogo, loadPdfAssets } from "./assets.browser.ts";
import { renderInvoicePdf, type PdfLogo } from "./render-invoice/render-invoice.ts";

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Renders `invoice` and returns the PDF as base64 (bytes cannot cross page.evaluate as is). */
export async function render(invoice: InvoiceDocument, logoUrl: string | null): Promise<string> {
  const assets = await loadPdfAssets();
  const logo: PdfLogo | null = logoUrl ? await loadLogo(logoUrl) : null;
  const bytes = await renderInvoicePdf(invoice, computeTotals(invoice), { ...assets, logo });
  return toBase64(bytes);
}
