/**
 * Browser-side assets for renderInvoicePdf. Vite turns each `?url` import into a
 * hashed file under /assets; nothing is downloaded until loadPdfAssets() is
 * first called, so the ~2 MB of fonts + subsetter only cost the users who
 * actually make a PDF. Import this module (and render-invoice/render-invoice.ts, which pulls in
 * jsPDF) with a dynamic import() from the click handler to keep them out of the
 * main bundle:
 *
 *   const [{ renderInvoicePdf }, { loadPdfAssets, loadLogo }] = await Promise.all([
 *     import("../../common/pdf/render-invoice/render-invoice.ts"),
 *     import("../../common/pdf/assets.browser.ts"),
 *   ]);
 */
import fontRegularUrl from "dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url";
import fontBoldUrl from "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url";
import subsetterUrl from "harfbuzzjs/dist/harfbuzz-subset.wasm?url";
import type { PdfAssets, PdfLogo } from "./render-invoice/render-invoice.ts";

async function download(url: string, what: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load the PDF ${what} (${response.status} ${url})`);
  return new Uint8Array(await response.arrayBuffer());
}

let cached: Promise<Omit<PdfAssets, "logo">> | undefined;

/** The fonts and subsetter, fetched once per page load (the browser's HTTP cache keeps them after that). */
export function loadPdfAssets(): Promise<Omit<PdfAssets, "logo">> {
  cached ??= Promise.all([
    download(fontRegularUrl, "font"),
    download(fontBoldUrl, "bold font"),
    download(subsetterUrl, "font subsetter"),
  ]).then(([fontRegular, fontBold, subsetter]) => ({ fontRegular, fontBold, subsetter }));
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

/**
 * A logo for the PDF, or null on any failure (CORS, timeout, too big, not
 * PNG/JPEG). The PDF is made without a logo rather than not at all.
 */
export async function loadLogo(url: string, timeoutMs = 1500, maxBytes = 1024 * 1024): Promise<PdfLogo | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal, headers: { accept: "image/png, image/jpeg;q=0.9" } });
    if (!response.ok) return null;
    const data = new Uint8Array(await response.arrayBuffer());
    if (data.byteLength > maxBytes) return null;
    if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return { bytes: data, type: "png" };
    if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { bytes: data, type: "jpeg" };
    return null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
