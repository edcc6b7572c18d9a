/**
 * Shared pieces of the database fault tests (db-faults-*.test.ts, healthz.test.ts):
 * the invoice a create sends, one REST create against a running server process,
 * the answer a request must give while the database is unavailable, and the
 * "nothing half-written" check of every stored invoice.
 */
import { expect } from "vitest";
import { computeTotals } from "../../common/money/index.ts";
import type { Db } from "../db/client.ts";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../db/faults.ts";
import { INVOICE_INCLUDE, toInvoiceDocument } from "../modules/invoices/invoices.service.ts";

/** Create i: 1–5 lines with a tax, a unique title. */
export function faultInvoice(runId: string, i: number) {
  return {
    title: `Fault ${runId} #${i}`,
    currency: "USD",
    customer: { name: `Customer ${i}` },
    items: Array.from({ length: 1 + (i % 5) }, (_, k) => ({
      description: `Create ${i} line ${k}`,
      quantity: String(1 + k),
      unit: "hour",
      unit_price: `${100 + i}.${String(k).padStart(2, "0")}`,
      tax_percent: null,
    })),
    discounts: [],
    taxes: [{ name: "VAT", rate: "19" }],
  };
}

export interface Answer {
  status: number;
  body: Record<string, unknown> | null;
  text: string;
  retryAfter: string | null;
  ms: number;
}

/** One request with a generous bound (a hang is a failure, reported as status 0). */
export async function timedFetch(url: string, init: RequestInit = {}, boundMs = 60_000): Promise<Answer> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(boundMs) });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = null;
    }
    return { status: res.status, body, text, retryAfter: res.headers.get("retry-after"), ms: performance.now() - started };
  } catch (error) {
    return { status: 0, body: null, text: String(error), retryAfter: null, ms: performance.now() - started };
  }
}

export function createInvoiceRequest(baseUrl: string, auth: Record<string, string>, body: unknown, key?: string, boundMs?: number) {
  return timedFetch(
    `${baseUrl}/api/v1/invoices`,
    {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
      body: JSON.stringify({ invoice: body }),
    },
    boundMs,
  );
}

/** The answer to a request the database could not serve: 503, the message, Retry-After. */
export function expectUnavailable(answer: Answer, what: string) {
  expect(answer.status, `${what}: ${answer.text}`).toBe(503);
  expect(answer.body, what).toEqual({ error: DATABASE_UNAVAILABLE_MESSAGE });
  expect(Number(answer.retryAfter), `${what}: Retry-After`).toBeGreaterThan(0);
}

/**
 * Every invoice of the account is whole: its lines are exactly the request's, its stored
 * totals agree with them, numbers are unique; no line belongs to a missing invoice.
 * Returns the stored titles.
 */
export async function expectNothingHalfWritten(db: Db, userId: string, sentByTitle: Map<string, ReturnType<typeof faultInvoice>>) {
  const rows = await db.invoice.findMany({ where: { userId }, include: INVOICE_INCLUDE, orderBy: { number: "asc" } });
  for (const row of rows) {
    const sent = sentByTitle.get(row.title);
    expect(sent, `unexpected invoice ${row.number} "${row.title}"`).toBeDefined();
    expect(row.items.map((item) => item.description)).toEqual(sent!.items.map((item) => item.description));
    expect(row.taxes).toHaveLength(sent!.taxes.length);
    const totals = computeTotals(toInvoiceDocument(row));
    expect([row.subtotalMinor, row.taxMinor, row.totalMinor]).toEqual([totals.subtotalMinor, totals.taxTotalMinor, totals.totalMinor]);
  }
  expect(new Set(rows.map((row) => row.number)).size).toBe(rows.length);
  const lineCount = rows.reduce((n, row) => n + row.items.length, 0);
  expect(await db.invoiceItem.count()).toBe(lineCount);
  return rows.map((row) => row.title);
}
