/**
 * SQLite faults on the real server process and real database files:
 *
 * - disk full: the database lives on a small tmpfs the test mounts, a filler file
 *   takes the rest of it, creates run. Each is answered (201 or 507 with a clear
 *   message), none hangs; /healthz?write=1 says the disk is full; once the filler is
 *   deleted creates work again, integrity_check is ok, nothing is half-written.
 * - a write lock held by another process (BEGIN IMMEDIATE): a create (REST, the
 *   basic invoice API and GraphQL) is answered 503 after the busy timeout, not 500, and while it waits
 *   the server answers other requests (the event loop is not frozen).
 * - database files are created 0600.
 * - a read-only data directory: start-up fails with one sentence naming the path.
 *
 * Needs root (mount); runs only in the server project (vite.config.ts excludes
 * *-sqlite.test.ts from server-pg).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { DATABASE_FULL_MESSAGE, DATABASE_UNAVAILABLE_MESSAGE } from "../db/faults.ts";
import { openDatabase } from "../db/client.ts";
import { createToken, createUser } from "../test/factories.ts";
import { killAllServers, startServer, tempDataDir } from "./app-process.ts";
import { createInvoiceRequest, expectNothingHalfWritten, expectUnavailable, faultInvoice, timedFetch } from "./db-faults.ts";

const cleanups: (() => void)[] = [];
afterEach(async () => {
  await killAllServers();
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});
afterAll(async () => {
  await killAllServers();
});

/** A fresh directory with a tmpfs of `size` mounted on it, unmounted and removed after the test. */
function mountTmpfs(size: string): string {
  const dir = mkdtempSync(join(tmpdir(), "invobi-fault-fs-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0755`, "tmpfs", dir]);
  cleanups.push(() => {
    execFileSync("umount", ["-l", dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function tempDir(): string {
  const dir = tempDataDir();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A migrated copy of the suite's template database at `path`, with an account and a read+write token. */
async function seededDatabase(path: string) {
  const setup = inject("testDb");
  if (setup.provider !== "sqlite") throw new Error("SQLite-only test");
  copyFileSync(setup.templatePath, path);
  const url = `file:${path}`;
  const db = await openDatabase(url);
  try {
    const owner = await createUser(db.prisma);
    const { auth } = await createToken(db.prisma, owner.user, ["read", "write"], "faults");
    return { url, userId: owner.user.id, auth };
  } finally {
    await db.close();
  }
}

/** Writes zeros until the file system is full (ENOSPC); returns the filler's path. */
function fillDisk(dir: string): string {
  const path = join(dir, "filler");
  const fd = openSync(path, "w");
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch (error) {
        if ((error as { code?: string }).code === "ENOSPC") break;
        throw error;
      }
    }
    // Whatever is left is smaller than a chunk: take it byte by byte.
    const byte = Buffer.alloc(4096);
    for (;;) {
      try {
        if (writeSync(fd, byte) === 0) break;
      } catch {
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

const env = (url: string, dataDir: string, extra: Record<string, string> = {}) => ({
  DATABASE_URL: url,
  DATA_DIR: dataDir,
  REDIS_URL: "",
  RATE_LIMIT_PER_MINUTE: "1000000",
  ...extra,
});

describe("SQLite: faults of the disk, locks and permissions", () => {
  it("disk full: creates fail 507 without hanging, /healthz?write=1 says so, and work again once space is back", { timeout: 180_000 }, async () => {
    const fs = mountTmpfs("6m");
    const { url, userId, auth } = await seededDatabase(join(fs, "invobi.db"));
    const server = await startServer(env(url, tempDir()));
    const runId = randomBytes(4).toString("hex");
    const sent = new Map<string, ReturnType<typeof faultInvoice>>();
    const create = (i: number) => {
      const body = faultInvoice(runId, i);
      sent.set(body.title, body);
      return createInvoiceRequest(server.baseUrl, auth, body, undefined, 30_000);
    };
    expect((await create(0)).status).toBe(201);

    const filler = fillDisk(fs);
    // 20 creates on the full disk, 5 at a time: each is answered, none with a 500 or a hang.
    const full = [];
    for (let round = 0; round < 4; round++) full.push(...(await Promise.all(Array.from({ length: 5 }, (_, k) => create(1 + round * 5 + k)))));
    expect(full.filter((a) => a.status !== 201 && a.status !== 507).map((a) => `${a.status} ${a.text}`)).toEqual([]);
    const refused = full.filter((a) => a.status === 507);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expect(answer.body).toEqual({ error: DATABASE_FULL_MESSAGE });
    const health = await timedFetch(`${server.baseUrl}/healthz?write=1`, {}, 10_000);
    expect(health.status, health.text).toBe(503);
    expect(health.body).toMatchObject({ status: "error", failed: expect.stringMatching(/^(write|disk)$/) });
    expect(health.ms).toBeLessThan(2_000);

    // Space is back: creates work again (the failed transactions released their lock), health is ok.
    unlinkSync(filler);
    const again = await Promise.all(Array.from({ length: 5 }, (_, k) => create(100 + k)));
    expect(again.map((a) => `${a.status} ${a.status === 201 ? "" : a.text}`)).toEqual(Array(5).fill("201 "));
    expect((await timedFetch(`${server.baseUrl}/healthz?write=1`, {}, 10_000)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    await server.kill("SIGTERM");
    const check = new Database(url.slice("file:".length), { readonly: true });
    try {
      expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      check.close();
    }
    const db = await openDatabase(url);
    try {
      const titles = await expectNothingHalfWritten(db.prisma, userId, sent);
      const acknowledged = [...full, ...again].filter((a) => a.status === 201).map((a) => (a.body as { invoice: { title: string } }).invoice.title);
      expect(titles.sort()).toEqual([sent.keys().next().value!, ...acknowledged].sort());
    } finally {
      await db.close();
    }
    console.info(`[db-faults sqlite] disk full: ${full.length - refused.length} × 201, ${refused.length} × 507 (slowest ${Math.round(Math.max(...full.map((a) => a.ms)))} ms); after freeing space 5 × 201`);
  });

  it("a write lock held by another process: 503 after the busy timeout, other requests answered meanwhile, then 201", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const { url, auth } = await seededDatabase(join(dir, "invobi.db"));
    const server = await startServer(env(url, tempDir(), { DATABASE_BUSY_TIMEOUT_MS: "3000" }));
    const runId = randomBytes(4).toString("hex");

    // The token's first use records lastUsedAt (a write); done now, so the reads below are reads.
    expect((await timedFetch(`${server.baseUrl}/api/v1/invoices`, { headers: auth })).status).toBe(200);
    const holder = new Database(url.slice("file:".length));
    cleanups.push(() => holder.close());
    holder.exec("BEGIN IMMEDIATE");
    let createDone = 0;
    const order: string[] = [];
    const creating = createInvoiceRequest(server.baseUrl, auth, faultInvoice(runId, 1), undefined, 60_000).then((answer) => {
      createDone = Date.now();
      order.push("create");
      return answer;
    });
    const graphql = timedFetch(`${server.baseUrl}/graphql`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { __typename } }`,
        variables: { input: { title: "Locked", items: [{ description: "x", quantity: "1", unitPrice: "1" }] } },
      }),
    });
    const basic = timedFetch(`${server.baseUrl}/api/invoices`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        invoiceNumber: "LOCKED-1",
        date: "2026-03-03",
        dueDate: "2026-03-17",
        status: "draft",
        currency: "USD",
        customer: { id: "c1", name: "Acme Corp", email: "a@acme.example", address: "1 Main St", city: "NYC", state: "NY", zipCode: "10001", country: "USA" },
        items: [{ id: "i1", description: "Locked", quantity: 1, rate: 10, taxRate: 0 }],
      }),
    });
    // While the create waits for the lock, reads are answered (WAL readers do not need it).
    const reads = [];
    for (let k = 0; k < 5 && !createDone; k++) {
      reads.push(await timedFetch(`${server.baseUrl}/healthz`, {}, 10_000));
      reads.push(await timedFetch(`${server.baseUrl}/api/v1/invoices`, { headers: auth }, 10_000));
      if (!createDone) order.push("read");
    }
    const writeHealth = await timedFetch(`${server.baseUrl}/healthz?write=1`, {}, 10_000);
    const locked = await creating;
    const lockedGraphql = await graphql;
    const lockedBasic = await basic;

    expect(order[0], `order of answers: ${order.join(", ")}`).toBe("read");
    for (const read of reads) expect(read.status, read.text).toBe(200);
    expectUnavailable(locked, "create while another process holds the write lock");
    expectUnavailable(lockedBasic, "basic API create while another process holds the write lock");
    expect(lockedGraphql.status, lockedGraphql.text).toBe(503);
    expect(lockedGraphql.retryAfter).not.toBeNull();
    expect(lockedGraphql.body).toMatchObject({ errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    expect(writeHealth.status, writeHealth.text).toBe(503);
    expect(writeHealth.body).toMatchObject({ status: "error", failed: "write" });
    // Its own deadline is 500 ms; the bound leaves room for a busy CI machine (healthz.test.ts holds it to 1 s in-process).
    expect(writeHealth.ms).toBeLessThan(2_000);

    holder.exec("ROLLBACK");
    const after = await createInvoiceRequest(server.baseUrl, auth, faultInvoice(runId, 2), undefined, 30_000);
    expect(after.status, after.text).toBe(201);
    console.info(
      `[db-faults sqlite] lock held: create 503 after ${Math.round(locked.ms)} ms, GraphQL 503 after ${Math.round(lockedGraphql.ms)} ms; ` +
        `${reads.length} reads answered meanwhile (slowest ${Math.round(Math.max(...reads.map((r) => r.ms)))} ms); /healthz?write=1 503 in ${Math.round(writeHealth.ms)} ms`,
    );
  });

  it("a read whose token is due a lastUsedAt update is answered while another process holds the write lock", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const { url, auth } = await seededDatabase(join(dir, "invobi.db"));
    const server = await startServer(env(url, tempDir(), { DATABASE_BUSY_TIMEOUT_MS: "1000" }));
    const holder = new Database(url.slice("file:".length));
    cleanups.push(() => holder.close());
    // Never used: authenticating it wants to record lastUsedAt, a write the held lock refuses.
    holder.exec(`UPDATE "ApiToken" SET "lastUsedAt" = NULL`);
    holder.exec("BEGIN IMMEDIATE");
    const read = await timedFetch(`${server.baseUrl}/api/v1/invoices`, { headers: auth }, 30_000);
    expect(read.status, read.text).toBe(200);
    holder.exec("ROLLBACK");
  });

  it("creates the database and its WAL and shared-memory files readable by their owner only (0600)", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const url = `file:${join(dir, "data", "invobi.db")}`;
    const server = await startServer(env(url, join(dir, "data")));
    await timedFetch(`${server.baseUrl}/healthz?write=1`);
    const modes = Object.fromEntries(
      ["invobi.db", "invobi.db-wal", "invobi.db-shm"].map((name) => [name, (statSync(join(dir, "data", name)).mode & 0o777).toString(8)]),
    );
    expect(modes).toEqual({ "invobi.db": "600", "invobi.db-wal": "600", "invobi.db-shm": "600" });
  });

  it("refuses to start on a read-only data directory with one sentence naming the path", { timeout: 120_000 }, async () => {
    const fs = mountTmpfs("16m");
    const { url } = await seededDatabase(join(fs, "invobi.db"));
    writeFileSync(join(fs, "session-secret"), `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
    execFileSync("mount", ["-o", "remount,ro", fs]);
    const error = await startServer(env(url, fs)).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toMatch(/server exited during start-up/);
    const output = error!.replace(/^server exited during start-up:\n/, "").trim();
    expect(output).not.toMatch(/External error|at .*\(|Error:/);
    expect(output.split("\n")).toHaveLength(1);
    expect(output).toContain(fs);
    expect(output).toMatch(/not writable \(read-only file system\)/);
  });
});
