/**
 * Server-side PDFs render in a worker pool: while three of the largest invoices an
 * account may store (MAX_LINE_ITEMS lines each) render at once, the event loop stays
 * free — /healthz, polled over real HTTP the whole time, answers every time in under
 * 200 ms (issue 13 asks for this one latency bound). The pool's files are the same
 * bytes as an in-process render of the same invoice.
 *
 * A *.latency.test.ts file runs in the `latency` project (vite.config.ts): after every other
 * test, alone on the machine, so the bound measures this server rather than the rest of the suite.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../logger.ts";
import { createProductionApp } from "../../production-app.ts";
import { createTestDatabase, type TestDatabase } from "../../test/database.ts";
import { createAccount } from "../../test/factories.ts";
import { largeInvoice } from "../../test/large-invoice.ts";
import { MAX_LINE_ITEMS } from "../../../common/invoice/schema.ts";
import { testConfig } from "../../test/harness.ts";
import { loadPdfAssets } from "../../../common/pdf/assets.node.ts";
import { renderInvoicePdf } from "../../../common/pdf/render-invoice/render-invoice.ts";
import { closeSharedPdfPool } from "./invoice-pdf.ts";
import { createInvoice, getInvoice, invoiceTotals, toInvoiceDocument } from "./invoices.service.ts";

const LINES = MAX_LINE_ITEMS;
const HEALTHZ_BOUND_MS = 200;


describe("PDF rendering off the event loop", () => {
  let database: TestDatabase;
  let server: Server;
  let baseUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { app, rateLimiter } = createProductionApp({ config: testConfig(), logger: createLogger({ level: "error" }), database, spaDir: null });
    server = await new Promise<Server>((done) => {
      const listening = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => done(listening as Server));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await rateLimiter.close();
      await closeSharedPdfPool();
    };
  }, 120_000);

  afterAll(async () => {
    await close?.();
    await database?.destroy();
  });

  it(`answers /healthz in < ${HEALTHZ_BOUND_MS} ms while three ${LINES}-line PDFs render, and the PDFs are the renderer's bytes`, async () => {
    const account = await createAccount(database.prisma);
    const ctx = { db: database.prisma, userId: account.user.id };
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await createInvoice(ctx, largeInvoice(n))).id);
    // Warm up: the pool's first render starts its worker; not what this test measures.
    expect((await fetch(`${baseUrl}/api/v1/invoices/${ids[0]}/download`, { headers: account.auth })).status).toBe(200);

    const latencies: number[] = [];
    let rendering = true;
    const downloads = Promise.all(
      ids.map(async (id) => {
        const response = await fetch(`${baseUrl}/api/v1/invoices/${id}/download`, { headers: account.auth });
        expect(response.status).toBe(200);
        return new Uint8Array(await response.arrayBuffer());
      }),
    ).finally(() => {
      rendering = false;
    });
    while (rendering) {
      const started = performance.now();
      const health = await fetch(`${baseUrl}/healthz`);
      latencies.push(performance.now() - started);
      expect(health.status).toBe(200);
    }
    const pdfs = await downloads;
    const worst = Math.max(...latencies);
    console.info(`/healthz while ${ids.length} × ${LINES}-line PDFs rendered: ${latencies.length} polls, worst ${worst.toFixed(1)} ms, median ${[...latencies].sort((a, b) => a - b)[Math.floor(latencies.length / 2)]!.toFixed(1)} ms`);
    expect(worst).toBeLessThan(HEALTHZ_BOUND_MS);
    // Polled throughout, not once after the work was done.
    expect(latencies.length).toBeGreaterThanOrEqual(3);

    // Byte for byte what the renderer produces in this thread (the SPA's e2e test compares the browser's file with the download).
    const assets = await loadPdfAssets();
    for (const [index, id] of ids.entries()) {
      const invoice = await getInvoice(ctx, id);
      const expected = await renderInvoicePdf(toInvoiceDocument(invoice), invoiceTotals(invoice), { ...assets, logo: null });
      expect(Buffer.from(pdfs[index]!).equals(Buffer.from(expected))).toBe(true);
    }
  }, 300_000);
});
