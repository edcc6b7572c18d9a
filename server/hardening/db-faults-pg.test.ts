/**
 * PostgreSQL faults on the real server process: every backend connection of the
 * server is terminated (pg_terminate_backend, as an administrator or a failover
 * would) again and again while 20 creates run. The process must survive (no
 * "Unhandled 'error' event"), every create must be answered — 201, or 503
 * {"error": "The database is unavailable, retry shortly"} with Retry-After —,
 * /healthz must answer within a second throughout, nothing may be half-written,
 * and once the database is left alone the next requests succeed (no leaked
 * connection keeps the pool exhausted).
 *
 * Runs only in the server-pg project (vite.config.ts excludes *-pg.test.ts from
 * the SQLite one).
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client.ts";
import { createToken, createUser } from "../test/factories.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { killAllServers, startServer, tempDataDir, type ServerProcess } from "./app-process.ts";
import { createInvoiceRequest, expectNothingHalfWritten, expectUnavailable, faultInvoice, timedFetch, type Answer } from "./db-faults.ts";

const CREATES = 20;

describe("PostgreSQL: backend connections terminated during creates", () => {
  let database: TestDatabase;
  let dataDir: string;
  let server: ServerProcess;
  let auth: Record<string, string>;
  let userId: string;
  let admin: pg.Client;
  let dbName: string;
  const runId = randomBytes(4).toString("hex");

  beforeAll(async () => {
    database = await createTestDatabase();
    dbName = new URL(database.url).pathname.slice(1);
    const owner = await createUser(database.prisma);
    userId = owner.user.id;
    auth = (await createToken(database.prisma, owner.user, ["read", "write"], "faults")).auth;
    // The test's own client is closed: only the server's connections exist to be terminated.
    await database.close();
    const adminUrl = new URL(database.url);
    adminUrl.pathname = "/postgres";
    admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    dataDir = tempDataDir();
    server = await startServer({ DATABASE_URL: database.url, DATA_DIR: dataDir, REDIS_URL: "", RATE_LIMIT_PER_MINUTE: "1000000" });
  });
  afterAll(async () => {
    await killAllServers();
    await admin?.end();
    await database?.destroy().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const terminateAll = async () =>
    (await admin.query<{ n: string }>("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [dbName]))
      .rows[0]!.n;

  it("survives, answers every create with 201 or 503 + Retry-After, and serves again once the database is back", { timeout: 180_000 }, async () => {
    const sent = new Map<string, ReturnType<typeof faultInvoice>>();
    const answers: { i: number; answer: Answer }[] = [];
    const health: Answer[] = [];
    let terminated = 0;

    // Up to 5 bursts of 20 concurrent creates, each under a storm of terminations, until one
    // create was caught by them (the usual case: the first burst).
    for (let burst = 0; burst < 5 && answers.every((a) => a.answer.status === 201); burst++) {
      let storming = true;
      const storm = (async () => {
        while (storming) {
          terminated += Number(await terminateAll());
          health.push(await timedFetch(`${server.baseUrl}/healthz`, {}, 10_000));
        }
      })();
      const burstAnswers = await Promise.all(
        Array.from({ length: CREATES }, async (_, k) => {
          const i = burst * CREATES + k;
          const body = faultInvoice(runId, i);
          sent.set(body.title, body);
          return { i, answer: await createInvoiceRequest(server.baseUrl, auth, body, undefined, 30_000) };
        }),
      );
      storming = false;
      await storm;
      answers.push(...burstAnswers);
    }

    // The process is alive and no create hung or failed otherwise.
    expect(server.child.exitCode, server.output().slice(-3000)).toBeNull();
    expect(server.output()).not.toMatch(/Unhandled 'error' event/);
    const unavailable = answers.filter((a) => a.answer.status === 503);
    const other = answers.filter((a) => a.answer.status !== 201 && a.answer.status !== 503);
    expect(other.map((a) => ({ i: a.i, status: a.answer.status, text: a.answer.text.slice(0, 300) }))).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const { i, answer } of unavailable) expectUnavailable(answer, `create #${i}`);
    // /healthz answered every time, 200 or 503, bounded by its own 500 ms deadline; the bound here is generous
    // because 20 creates (and the rest of a parallel suite) share two cores with it. healthz.test.ts holds it to 1 s.
    expect(health.length).toBeGreaterThan(0);
    console.info(`[db-faults pg] /healthz during the storm: ${health.map((h) => `${h.status}/${Math.round(h.ms)}ms`).join(" ")}`);
    for (const answer of health) {
      expect([200, 503], answer.text).toContain(answer.status);
      expect(answer.ms).toBeLessThan(5_000);
    }

    // The database is left alone: the next requests succeed, the pool is not exhausted (more creates than connections).
    expect((await timedFetch(`${server.baseUrl}/healthz?write=1`, {}, 10_000)).status).toBe(200);
    const after = await Promise.all(
      Array.from({ length: CREATES }, async (_, k) => {
        const body = faultInvoice(runId, 1_000 + k);
        sent.set(body.title, body);
        return createInvoiceRequest(server.baseUrl, auth, body, undefined);
      }),
    );
    expect(after.map((a) => a.status)).toEqual(Array(CREATES).fill(201));

    // Nothing half-written: every stored invoice is whole; every acknowledged one is stored; numbers have no gap.
    const check = await openDatabase(database.url);
    try {
      const titles = await expectNothingHalfWritten(check.prisma, userId, sent);
      const acknowledged = [...answers.filter((a) => a.answer.status === 201).map((a) => (a.answer.body as { invoice: { title: string } }).invoice.title), ...after.map((a) => (a.body as { invoice: { title: string } }).invoice.title)];
      expect(titles).toEqual(expect.arrayContaining(acknowledged));
      const numbers = (await check.prisma.invoice.findMany({ where: { userId }, select: { number: true }, orderBy: { number: "asc" } })).map((r) => r.number);
      expect(numbers).toEqual(numbers.map((_, k) => `INV-${String(k + 1).padStart(4, "0")}`));
    } finally {
      await check.close();
    }
    console.info(
      `[db-faults pg] ${answers.length} creates under ${terminated} terminated backends: ${answers.length - unavailable.length} × 201, ` +
        `${unavailable.length} × 503 (slowest answer ${Math.round(Math.max(...answers.map((a) => a.answer.ms)))} ms); ` +
        `/healthz ${health.length} × (slowest ${Math.round(Math.max(...health.map((h) => h.ms)))} ms); then ${CREATES} creates all 201`,
    );
  });
  it("answers /healthz 503 'read failed' within a second while a lock keeps the database from being read", { timeout: 120_000 }, async () => {
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query(`BEGIN; LOCK TABLE "_prisma_migrations" IN ACCESS EXCLUSIVE MODE`);
      const read = await timedFetch(`${server.baseUrl}/healthz`, {}, 10_000);
      expect(read.status, read.text).toBe(503);
      expect(read.body).toMatchObject({ status: "error", failed: "read", error: expect.stringMatching(/^read failed: /) });
      // Its own deadline is 500 ms; the bound leaves room for a busy CI machine (healthz.test.ts holds it to 1 s in-process).
      expect(read.ms).toBeLessThan(2_000);
    } finally {
      await other.query("ROLLBACK").catch(() => undefined);
      await other.end();
    }
    await expect.poll(async () => (await timedFetch(`${server.baseUrl}/healthz`, {}, 10_000)).status, { timeout: 30_000, interval: 100 }).toBe(200);
  });
  it("a statement blocked by a lock held elsewhere ends with 503 after DATABASE_STATEMENT_TIMEOUT_MS, not a hang or a 500", { timeout: 120_000 }, async () => {
    const short = await startServer({ DATABASE_URL: database.url, DATA_DIR: dataDir, REDIS_URL: "", RATE_LIMIT_PER_MINUTE: "1000000", DATABASE_STATEMENT_TIMEOUT_MS: "2000" });
    // Warm the token (its first use records lastUsedAt) before the lock.
    expect((await timedFetch(`${short.baseUrl}/api/v1/invoices`, { headers: auth })).status).toBe(200);
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query(`BEGIN; LOCK TABLE "Invoice" IN ACCESS EXCLUSIVE MODE`);
      const blocked = await createInvoiceRequest(short.baseUrl, auth, faultInvoice(runId, 5_000), undefined, 60_000);
      expectUnavailable(blocked, "create blocked by a table lock");
    } finally {
      await other.query("ROLLBACK").catch(() => undefined);
      await other.end();
    }
    const after = await createInvoiceRequest(short.baseUrl, auth, faultInvoice(runId, 5_001), undefined, 30_000);
    expect(after.status, after.text).toBe(201);
    await short.kill("SIGTERM");
  });
});
