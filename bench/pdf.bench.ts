/**
 * PDF benchmark: ms per invoice for a 1-page and a 10-page invoice, rendered by
 * our jsPDF renderer (common/pdf) and, in the same run, printed from an HTML
 * rendering of the same invoice by headless Chromium (page.setContent + page.pdf).
 * Warm-up first, then N timed iterations; the median is reported. Also prints PDF
 * sizes with and without font subsetting.
 *
 *   npm run bench:pdf                 (tsx bench/pdf.bench.ts)
 *   ITERATIONS=50 INVOBI_CHROMIUM=/usr/bin/chromium npm run bench:pdf
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import type { InvoiceDocument } from "../common/invoice/types.ts";
import { computeTotals } from "../common/money/index.ts";
import { loadPdfAssets } from "../common/pdf/assets.node.ts";
import { longInvoice, manyLinesInvoice, shortInvoice } from "../common/pdf/fixtures.ts";
import { renderInvoicePdf, type PdfAssets } from "../common/pdf/render-invoice/render-invoice.ts";
import { invoiceHtml } from "./invoice-html.ts";

const ITERATIONS = Number(process.env.ITERATIONS ?? 25);
const WARMUP = Number(process.env.WARMUP ?? 5);
const chromiumPath = process.env.INVOBI_CHROMIUM ?? "/usr/bin/chromium";

function pageCount(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString("latin1").match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function time(fn: () => Promise<unknown>, iterations: number): Promise<{ median: number; min: number; max: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const assets = await loadPdfAssets();
  const render = (invoice: InvoiceDocument, extra: Partial<PdfAssets> = {}): Promise<Uint8Array> =>
    renderInvoicePdf(invoice, computeTotals(invoice), { ...assets, ...extra });

  // The smallest line count that fills exactly 10 pages.
  let lines = 150;
  while (pageCount(await render(manyLinesInvoice(lines))) < 10) lines += 10;
  while (pageCount(await render(manyLinesInvoice(lines - 1))) === 10) lines -= 1;
  const tenPages = manyLinesInvoice(lines);
  const scenarios: [string, InvoiceDocument][] = [
    ["1 page (5 lines)", shortInvoice],
    [`10 pages (${lines} lines)`, tenPages],
  ];

  console.log(`\nInvoice PDF benchmark — Node ${process.version}, ${ITERATIONS} iterations after ${WARMUP} warm-up, median\n`);

  console.log("Sizes");
  const sizeRows = [];
  for (const [name, invoice] of [...scenarios, ["200 lines", longInvoice] as [string, InvoiceDocument]]) {
    const subset = await render(invoice);
    const whole = await render(invoice, { subsetter: null });
    sizeRows.push({ invoice: name, pages: pageCount(subset), "whole fonts": kb(whole.length), "subset fonts": kb(subset.length), saved: `${(100 - (100 * subset.length) / whole.length).toFixed(0)} %` });
  }
  console.table(sizeRows);

  let browser: Browser | undefined;
  let page: Page | undefined;
  if (existsSync(chromiumPath)) {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await browser.newPage();
  } else {
    console.warn(`Chromium not found at ${chromiumPath}: HTML→PDF column skipped (set INVOBI_CHROMIUM)`);
  }

  const rows = [];
  try {
    for (const [name, invoice] of scenarios) {
      const totals = computeTotals(invoice);
      const ours = await time(() => renderInvoicePdf(invoice, totals, assets), ITERATIONS);
      const oursNoSubset = await time(() => renderInvoicePdf(invoice, totals, { ...assets, subsetter: null }), Math.max(5, Math.floor(ITERATIONS / 3)));
      const ourBytes = await renderInvoicePdf(invoice, totals, assets);
      let chrome: { median: number } | null = null;
      let chromeBytes = 0;
      let chromePages = 0;
      if (page) {
        const html = invoiceHtml(invoice, totals);
        const print = async (): Promise<Buffer> => {
          await page.setContent(html, { waitUntil: "load" });
          return page.pdf({
            format: invoice.locale === "en-US" ? "Letter" : "A4",
            printBackground: true,
            displayHeaderFooter: true,
            headerTemplate: "<span></span>",
            footerTemplate: '<div style="font-size:7pt;width:100%;text-align:right;margin-right:17mm">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
            margin: { top: "17mm", bottom: "23mm", left: "17.6mm", right: "17.6mm" },
          });
        };
        chrome = await time(print, ITERATIONS);
        const printed = await print();
        chromeBytes = printed.length;
        chromePages = pageCount(printed);
      }
      rows.push({
        invoice: name,
        "jsPDF (subset)": ms(ours.median),
        "jsPDF (whole fonts)": ms(oursNoSubset.median),
        "Chromium HTML→PDF": chrome ? ms(chrome.median) : "n/a",
        "Chromium / jsPDF": chrome ? `${(chrome.median / ours.median).toFixed(2)}×` : "n/a",
        "jsPDF size": `${kb(ourBytes.length)}, ${pageCount(ourBytes)} p`,
        "Chromium size": chrome ? `${kb(chromeBytes)}, ${chromePages} p` : "n/a",
      });
    }
  } finally {
    await browser?.close();
  }
  console.log("\nTime per invoice");
  console.table(rows);
}

await main();
