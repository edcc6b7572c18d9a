/**
 * The SPA's size budget on the production build: what a first visit downloads
 * (entry + static imports) stays ≤ 150 KB gzip, and the heavy parts (jsPDF and its
 * renderer, the fonts, the HarfBuzz subsetter, every screen but the list) are not in it.
 */
import { describe, expect, it } from "vitest";
import { formatBundleReport, INITIAL_JS_BUDGET_BYTES, measureBundle } from "../scripts/bundle-report.ts";
import { ensureBuiltSpa, spaDir } from "./support.ts";

describe("SPA bundle budget", () => {
  it("keeps initial JS within 150 KB gzip and lazy-loads the PDF renderer and the forms", () => {
    ensureBuiltSpa();
    const report = measureBundle(spaDir);
    console.log(formatBundleReport(report));
    expect(report.initialJsGzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
    const initial = report.initial.map((entry) => entry.file).join(" ");
    for (const lazyOnly of ["render-invoice", "jspdf", "html2canvas", "GeneratePage", "InvoiceEditorPages", "PromptsPage", "AuthPages"]) {
      expect(initial).not.toContain(lazyOnly);
    }
    const lazy = report.lazy.map((entry) => entry.file).join(" ");
    expect(lazy).toContain("render-invoice");
    expect(lazy).toContain("GeneratePage");
  }, 120_000);
});
