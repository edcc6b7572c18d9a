/**
 * The PDF worker loads from a bundle, not only from TypeScript source: this builds the
 * pool (invoice-pdf.ts) into one ESM file and the worker entry (invoice-pdf.worker.ts)
 * into a second file next to it — the layout the server bundle must have — then runs
 * the bundle with plain `node` (no tsx) and compares its PDF with an in-process render.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { loadPdfAssets } from "../../../common/pdf/assets.node.ts";
import { renderInvoicePdf } from "../../../common/pdf/render-invoice/render-invoice.ts";
import { createAccount } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { pdfWorkerFile } from "./invoice-pdf.ts";
import { createInvoice, invoiceTotals, toInvoiceDocument } from "./invoices.service.ts";

const root = join(import.meta.dirname, "..", "..", "..");
// Inside the repository, so the bundle finds node_modules (packages stay external, as in the server bundle).
const outdir = join(root, "node_modules", ".cache", `invobi-pdf-bundle-${process.pid}-${Date.now()}`);

/** Reads a stored invoice as JSON (bigints as strings), renders it through the pool, writes the bytes. */
const ENTRY = `
import { readFileSync, writeFileSync } from "node:fs";
import { createPdfPool } from "./invoice-pdf.ts";
const [input, output] = process.argv.slice(2);
const invoice = JSON.parse(readFileSync(input, "utf8"), (key, value) =>
  key === "updatedAt" || key === "createdAt" ? new Date(value) : typeof value === "string" && /^bigint:/.test(value) ? BigInt(value.slice(7)) : value);
const pool = createPdfPool({ threads: 1 });
writeFileSync(output, await pool.render(null, invoice));
await pool.close();
`;

describe("PDF worker from a bundle", () => {
  const t = useTestApp();
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("finds its worker next to the bundle and renders the same bytes", async () => {
    const common = { bundle: true, platform: "node", format: "esm", packages: "external", target: "node20", logLevel: "silent" } as const;
    await build({ ...common, stdin: { contents: ENTRY, resolveDir: import.meta.dirname, sourcefile: "entry.ts", loader: "ts" }, outfile: join(outdir, "main.mjs") });
    await build({ ...common, entryPoints: { "invoice-pdf.worker": join(import.meta.dirname, "invoice-pdf.worker.ts") }, outdir, outExtension: { ".js": ".mjs" } });
    expect(pdfWorkerFile(`file://${join(outdir, "main.mjs")}`)).toEqual({ file: join(outdir, "invoice-pdf.worker.mjs"), fromSource: false });

    const account = await createAccount(t.db);
    const invoice = await createInvoice({ db: t.db, userId: account.user.id }, {
      currency: "JPY",
      customer: { name: "Ünïcode Kabushiki-gaisha" },
      items: [{ description: "Räumung — 数量", quantity: "3", unitPrice: "12000", taxPercent: "10" }],
    });
    mkdirSync(outdir, { recursive: true });
    const input = join(outdir, "invoice.json");
    writeFileSync(input, JSON.stringify(invoice, (_key, value) => (typeof value === "bigint" ? `bigint:${value}` : value)));
    const output = join(outdir, "invoice.pdf");
    await promisify(execFile)(process.execPath, [join(outdir, "main.mjs"), input, output], { cwd: outdir, timeout: 60_000 });

    const expected = await renderInvoicePdf(toInvoiceDocument(invoice), invoiceTotals(invoice), { ...(await loadPdfAssets()), logo: null });
    expect(Buffer.from(readFileSync(output)).equals(Buffer.from(expected))).toBe(true);
  }, 120_000);
});
