/**
 * The server's PDF worker pool is bounded: one render per thread plus a short queue, then
 * 503 with Retry-After. (The event-loop latency while large PDFs render is measured alone
 * in invoice-pdf.latency.test.ts.)
 */
import { afterAll, describe, expect, it } from "vitest";
import { createAccount } from "../../test/factories.ts";
import { largeInvoice } from "../../test/large-invoice.ts";
import { useTestApp } from "../../test/harness.ts";
import { createPdfPool } from "./invoice-pdf.ts";
import { createInvoice } from "./invoices.service.ts";

describe("PDF pool queue limit", () => {
  const refusing = createPdfPool({ threads: 1, maxQueue: 0 });
  const t = useTestApp({ app: { renderInvoicePdf: refusing.render } });
  afterAll(() => refusing.close());

  it("accepts one render per thread plus maxQueue waiting ones and refuses the rest with 503", async () => {
    const pool = createPdfPool({ threads: 1, maxQueue: 1 });
    try {
      const account = await createAccount(t.db);
      const invoice = await createInvoice({ db: t.db, userId: account.user.id }, largeInvoice(4));
      // Same tick: nothing finishes in between, so exactly 1 running + 1 waiting are accepted.
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => pool.render(null as never, invoice)));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected"]);
      expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ status: 503, message: "The PDF renderer is busy; retry in a few seconds" });
    } finally {
      await pool.close();
    }
  }, 120_000);

  it("answers a refused download with 503, Retry-After and the REST error shape", async () => {
    const account = await createAccount(t.db);
    const invoice = await createInvoice({ db: t.db, userId: account.user.id }, largeInvoice(5));
    const response = await t.request(`/api/v1/invoices/${invoice.id}/download`, { headers: account.auth });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ error: "The PDF renderer is busy; retry in a few seconds" });
  });
});
