/**
 * Golden image of page 1: the invoice rasterised by pdftoppm at 50 dpi in gray,
 * compared with the committed __golden__/invoice-page1.png. Anti-aliasing noise
 * is tolerated; a moved block, a changed font size or a missing element is not.
 *
 * After an intended design change, look at the new rendering and rewrite it:
 *   UPDATE_GOLDEN=1 npx vitest run --project common common/pdf/golden.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { InvoiceDocument } from "../invoice/types.ts";
import { computeTotals } from "../money/index.ts";
import { loadPdfAssets } from "./assets.node.ts";
import { shortInvoice } from "./fixtures.ts";
import { renderInvoicePdf } from "./render-invoice/render-invoice.ts";
import { compareGray, decodeGray, hasPoppler, rasterizePng, sampleLogo } from "./testing.ts";

const GOLDEN = fileURLToPath(new URL("./__golden__/invoice-page1.png", import.meta.url));
const DPI = 50;
/** Gray levels two renderings may differ by before a pixel counts as different. */
const PIXEL_THRESHOLD = 64;
/** Share of differing pixels tolerated (0.1 % ≈ 240 pixels of an A4 page at 50 dpi). */
const MAX_DIFFERING = 0.001;

const poppler = hasPoppler();
if (!poppler && (process.env.INVOBI_REQUIRE_SUITES ?? "").split(",").includes("pdf")) {
  throw new Error("poppler-utils are required for the PDF golden image");
}

/** Paid, with a logo, line discounts, two tax rates, payment details and notes: every block of page 1. */
const goldenInvoice: InvoiceDocument = { ...shortInvoice, status: "paid", paidAt: "2025-03-20" };

describe.skipIf(!poppler)("invoice page 1 golden image", () => {
  it("matches __golden__/invoice-page1.png", async () => {
    const pdf = await renderInvoicePdf(goldenInvoice, computeTotals(goldenInvoice), {
      ...(await loadPdfAssets()),
      logo: { bytes: sampleLogo(), type: "png" },
    });
    const png = rasterizePng(pdf, 1, DPI);
    const actual = decodeGray(png);
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(GOLDEN)) {
      if (!existsSync(GOLDEN) && process.env.CI) throw new Error(`golden image missing: ${GOLDEN}`);
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, png);
      console.warn(`wrote ${GOLDEN}`);
      return;
    }
    const golden = decodeGray(readFileSync(GOLDEN));
    expect({ width: actual.width, height: actual.height }).toEqual({ width: golden.width, height: golden.height });
    const diff = compareGray(actual, golden, PIXEL_THRESHOLD);
    expect(
      diff.ratio,
      `${diff.differing} pixels differ (${(diff.ratio * 100).toFixed(3)} %, mean ${diff.mean.toFixed(2)}); if intended: UPDATE_GOLDEN=1`,
    ).toBeLessThanOrEqual(MAX_DIFFERING);
  });

  it("notices a material layout change", async () => {
    // Guard for the guard: shifting the accent colour or one table cell must fail the comparison.
    const golden = decodeGray(readFileSync(GOLDEN));
    const changed = { ...goldenInvoice, items: goldenInvoice.items.slice(0, -1) };
    const pdf = await renderInvoicePdf(changed, computeTotals(changed), {
      ...(await loadPdfAssets()),
      logo: { bytes: sampleLogo(), type: "png" },
    });
    expect(compareGray(decodeGray(rasterizePng(pdf, 1, DPI)), golden, PIXEL_THRESHOLD).ratio).toBeGreaterThan(MAX_DIFFERING);
  });
});
