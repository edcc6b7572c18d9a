/**
 * GET /healthz answers within a second, whatever the database does: `ok` only when a
 * read (and with ?write=1 a write in a rolled-back transaction) succeeds in time,
 * otherwise 503 naming what failed. The database is made to block for real by a
 * second connection holding a lock on the row the check writes (PostgreSQL: FOR
 * UPDATE; SQLite: BEGIN IMMEDIATE). Runs on SQLite and PostgreSQL. A read blocked by a
 * lock (PostgreSQL only: SQLite's WAL readers cannot be kept out) is in
 * db-faults-pg.test.ts.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createAccount, invoiceInput } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";

/** The answer to a deliberately generous bound: a verdict on "within 1 s", not on machine speed. */
const BOUND_MS = 1_000;

/** A second connection to the same database, outside the app's pool. */
async function blocker(url: string, provider: "sqlite" | "postgres") {
  if (provider === "sqlite") {
    const db = new Database(url.slice("file:".length));
    return {
      run: async (sql: string) => void db.exec(sql),
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    run: async (sql: string) => void (await client.query(sql)),
    close: () => client.end(),
  };
}

async function health(t: ReturnType<typeof useTestApp>, path: string) {
  const started = performance.now();
  const res = await t.request(path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, ms: performance.now() - started };
}

describe("/healthz", () => {
  const t = useTestApp();

  it("is ok when a read, and with ?write=1 a rolled-back write, succeed; the write leaves nothing behind", async () => {
    const before = await t.db.$queryRawUnsafe<{ id: string; logs: string | null }[]>(`SELECT "id", "logs" FROM "_prisma_migrations" ORDER BY "id"`);
    expect(await health(t, "/healthz")).toMatchObject({ status: 200, body: { status: "ok", database: t.database.provider } });
    expect(await health(t, "/healthz?write=1")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await t.db.$queryRawUnsafe(`SELECT "id", "logs" FROM "_prisma_migrations" ORDER BY "id"`)).toEqual(before);
    // No transaction was left open: a create commits and is seen.
    const account = await createAccount(t.db);
    const res = await t.request("/api/v1/invoices", {
      method: "POST",
      headers: { ...account.auth, "content-type": "application/json" },
      body: JSON.stringify({ invoice: { items: invoiceInput().items.map((i) => ({ description: i.description, quantity: i.quantity, unit_price: i.unitPrice })) } }),
    });
    expect(res.status).toBe(201);
  });

  it("answers 503 'write failed' within a second while another connection holds the write lock; reads stay ok", { timeout: 120_000 }, async () => {
    const other = await blocker(t.database.url, t.database.provider);
    try {
      if (t.database.provider === "sqlite") {
        await other.run("BEGIN IMMEDIATE");
      } else {
        await other.run(`BEGIN; SELECT 1 FROM "_prisma_migrations" FOR UPDATE`);
      }
      const write = await health(t, "/healthz?write=1");
      expect(write.status).toBe(503);
      expect(write.body).toMatchObject({ status: "error", failed: "write", error: expect.stringMatching(/^write failed: /) });
      expect(write.ms).toBeLessThan(BOUND_MS);
      const read = await health(t, "/healthz");
      expect(read).toMatchObject({ status: 200, body: { status: "ok" } });
      expect(read.ms).toBeLessThan(BOUND_MS);
    } finally {
      await other.run("ROLLBACK").catch(() => undefined);
      await other.close();
    }
    await expect.poll(async () => (await health(t, "/healthz?write=1")).status, { timeout: 30_000, interval: 100 }).toBe(200);
  });
});
