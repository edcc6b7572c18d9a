/**
 * Byte-identity of the invoice PDF between Node and the browser.
 *
 * browser-harness.ts is built the way the SPA is built (vite build, browser
 * export conditions, fonts + subsetter wasm emitted as hashed /assets files and
 * fetched at run time by assets.browser.ts), served from 127.0.0.1 and run in
 * headless Chromium. Every fixture is rendered there and in Node (assets.node.ts)
 * and the bytes must be equal.
 *
 * Needs Chromium (INVOBI_CHROMIUM, default /usr/bin/chromium). Without it the
 * suite is skipped, unless INVOBI_REQUIRE_SUITES contains "browser" or "pdf".
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvoiceDocument } from "../invoice/types.ts";
import { computeTotals } from "../money/index.ts";
import { loadPdfAssets } from "./assets.node.ts";
import { longInvoice, multilingualInvoice, shortInvoice } from "./fixtures.ts";
import { renderInvoicePdf } from "./render-invoice/render-invoice.ts";
import { sampleLogo } from "./testing.ts";

const chromiumPath = process.env.INVOBI_CHROMIUM ?? "/usr/bin/chromium";
const required = (process.env.INVOBI_REQUIRE_SUITES ?? "").split(",");
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && (required.includes("browser") || required.includes("pdf"))) {
  throw new Error(`Chromium not found at ${chromiumPath} (set INVOBI_CHROMIUM)`);
}

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const logo = sampleLogo();

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".ttf": "font/ttf",
  ".png": "image/png",
};

const cases: [string, InvoiceDocument, boolean][] = [
  ["short invoice with logo", shortInvoice, true],
  ["multilingual party names and currency signs", multilingualInvoice, false],
  ["200 lines over many pages", longInvoice, false],
  ["JPY in ja-JP (fullwidth yen substituted)", { ...shortInvoice, currency: "JPY", locale: "ja-JP", items: shortInvoice.items.map((item) => ({ ...item, unitPrice: item.unitPrice.split(".")[0] ?? "0" })) }, false],
  ["paid, German labels", { ...shortInvoice, status: "paid", paidAt: "2025-03-20", locale: "de-DE" }, true],
  ["draft, French labels, KWD", { ...shortInvoice, status: "draft", currency: "KWD", locale: "fr-FR" }, false],
];

describe.skipIf(!haveChromium)("PDF rendering in the browser", () => {
  let outDir = "";
  let server: Server | undefined;
  let baseUrl = "";
  let browser: Browser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "invobi-pdf-browser-"));
    await build({
      configFile: false,
      root: repoRoot,
      base: "./",
      logLevel: "warn",
      publicDir: false,
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        modulePreload: false,
        rollupOptions: {
          input: join(repoRoot, "common/pdf/browser-harness.ts"),
          preserveEntrySignatures: "exports-only",
          output: { entryFileNames: "harness.js" },
        },
      },
    });

    server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
      if (path === "/") {
        response.writeHead(200, { "content-type": CONTENT_TYPES[".html"] ?? "" });
        response.end('<!doctype html><meta charset="utf-8"><title>pdf</title><script type="module">import * as h from "./harness.js"; window.harness = h;</script>');
        return;
      }
      if (path === "/logo.png") {
        response.writeHead(200, { "content-type": "image/png" });
        response.end(logo);
        return;
      }
      const file = normalize(join(outDir, path));
      if (!file.startsWith(outDir + sep) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(readFileSync(file));
    });
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${baseUrl}/`);
    await page.waitForFunction(() => "harness" in window, undefined, { timeout: 120_000 }).catch((error: unknown) => {
      throw new Error(`harness did not load: ${errors.join("; ") || String(error)}`);
    });
    // A vite build and a Chromium start: seconds when quiet, minutes allowed on a loaded machine.
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("ships the fonts and the subsetter as separate lazily fetched assets", () => {
    const assets = readFileSync(join(outDir, "harness.js"), "utf8");
    expect(assets).toMatch(/DejaVuSans-[\w-]+\.ttf/);
    expect(assets).toMatch(/harfbuzz-subset-[\w-]+\.wasm/);
    expect(assets.length).toBeLessThan(1_000_000);
  });

  it.each(cases)("%s: Chromium and Node produce the same bytes", { timeout: 180_000 }, async (_name, invoice, withLogo) => {
    if (!page) throw new Error("no page");
    const fromBrowser = Buffer.from(
      await page.evaluate(
        ([doc, logoUrl]) => (window as unknown as { harness: { render(d: unknown, l: string | null): Promise<string> } }).harness.render(doc, logoUrl),
        [invoice, withLogo ? `${baseUrl}/logo.png` : null] as const,
      ),
      "base64",
    );
    const assets = await loadPdfAssets();
    const fromNode = Buffer.from(
      await renderInvoicePdf(invoice, computeTotals(invoice), { ...assets, logo: withLogo ? { bytes: logo, type: "png" } : null }),
    );
    expect(fromBrowser.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    if (!fromBrowser.equals(fromNode)) {
      let at = 0;
      while (at < fromNode.length && fromBrowser[at] === fromNode[at]) at++;
      const context = (bytes: Buffer): string => JSON.stringify(bytes.subarray(Math.max(0, at - 60), at + 60).toString("latin1"));
      throw new Error(
        `PDFs differ at byte ${at} (browser ${fromBrowser.length} B, node ${fromNode.length} B)\nbrowser: ${context(fromBrowser)}\nnode:    ${context(fromNode)}`,
      );
    }
    expect(fromBrowser.length).toBe(fromNode.length);
  });
});
