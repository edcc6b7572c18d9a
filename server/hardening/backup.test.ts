/**
 * `invobi backup` while the real server takes 20 concurrent creates, then `invobi
 * restore` into a fresh data directory and a server started on it:
 *
 * - every invoice acknowledged (201 + body) before the backup began is there, exactly
 *   as acknowledged;
 * - nothing is half-written: each restored invoice is one whole request that was sent;
 * - numbering is intact: INV-0001…INV-N without a gap, and the restored server hands
 *   out INV-(N+1) next;
 * - SQLite: the backup file is 0600 and the restored database passes integrity_check.
 *
 * SQLite: the CLI copies with the online backup API. PostgreSQL: the CLI prints the
 * checked pg_dump / pg_restore commands, which the test runs as an operator would
 * (the pg_dump while the creates run).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvoiceJsonOutput } from "../modules/invoices/invoices.rest.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { createToken, createUser } from "../test/factories.ts";
import { killAllServers, startServer, tempDataDir, type ServerProcess } from "./app-process.ts";
import { runCli, runShell, type CliResult } from "./cli-process.ts";

const IN_FLIGHT = 20;
/** The backup starts once this many creates were acknowledged (the 20 workers keep going). */
const ACKED_BEFORE_BACKUP = 30;

interface SentInvoice {
  title: string;
  currency: string;
  customer: { name: string };
  items: { description: string; quantity: string; unit_price: string }[];
  taxes: { name: string; rate: string }[];
}

function invoiceRequest(runId: string, i: number): SentInvoice {
  return {
    title: `Backup ${runId} #${i}`,
    currency: i % 4 === 0 ? "EUR" : "USD",
    customer: { name: `Customer ${i}` },
    items: Array.from({ length: 1 + (i % 4) }, (_, k) => ({
      description: `Request ${i} line ${k}`,
      quantity: String(1 + ((i + k) % 7)),
      unit_price: `${20 + ((i * 31 + k * 7) % 400)}.${String((i * 11 + k) % 100).padStart(2, "0")}`,
    })),
    taxes: [{ name: "VAT", rate: "19" }],
  };
}

const sequenceOf = (title: string, runId: string) => {
  const match = new RegExp(`^Backup ${runId} #(\\d+)$`).exec(title);
  return match ? Number(match[1]) : null;
};

const numbered = (n: number) => `INV-${String(n).padStart(4, "0")}`;

describe("backup during concurrent creates, restore into a fresh data directory", () => {
  let database: TestDatabase;
  let dataDir: string;
  let work: string;
  let env: Record<string, string>;
  let auth: Record<string, string>;
  const runId = randomBytes(4).toString("hex");
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = tempDataDir();
    work = mkdtempSync(join(tmpdir(), "invobi-backup-"));
    const owner = await createUser(database.prisma);
    auth = (await createToken(database.prisma, owner.user, ["read", "write"], "backup")).auth;
    env = { DATABASE_URL: database.url, DATA_DIR: dataDir, REDIS_URL: "", RATE_LIMIT_PER_MINUTE: "1000000" };
  });
  afterAll(async () => {
    await killAllServers();
    for (const cleanup of cleanups) await cleanup();
    await database?.destroy();
    for (const dir of [dataDir, work]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** SQLite: `invobi backup`. PostgreSQL: `invobi backup` prints the pg_dump command, which is then run. */
  async function takeBackup(file: string): Promise<{ cli: CliResult; dump?: CliResult }> {
    const cli = await runCli(env, "backup", file);
    if (database.provider === "sqlite" || cli.code !== 0) return { cli };
    return { cli, dump: await runShell(cli.stdout.trim()) };
  }

  /** A fresh place to restore into: a new data directory (SQLite) or a new empty database (PostgreSQL). */
  async function freshTarget(): Promise<Record<string, string>> {
    const freshDir = mkdtempSync(join(tmpdir(), "invobi-restored-"));
    cleanups.push(async () => rmSync(freshDir, { recursive: true, force: true }));
    if (database.provider === "sqlite") return { DATABASE_URL: `file:${join(freshDir, "invobi.db")}`, DATA_DIR: freshDir };
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `invobi_restored_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return { DATABASE_URL: url.toString(), DATA_DIR: freshDir };
  }

  // Two server starts, ~60 creates, three CLI calls: seconds on a quiet machine, minutes allowed on a loaded one.
  it("keeps every invoice acknowledged before the backup, whole and numbered (SQLite: the copy passes integrity_check)", { timeout: 300_000 }, async () => {
    const server = await startServer(env);
    let resets = 0;
    /**
     * One create, retried with its Idempotency-Key when the connection is reset before an answer
     * (seen on this loaded 2-core machine with 20 keep-alive connections: see the report); only a
     * 201 with its body counts as acknowledged, and the key makes a retry answer with the same invoice.
     */
    const create = async (target: ServerProcess, body: SentInvoice, key: string) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(`${target.baseUrl}/api/v1/invoices`, {
            method: "POST",
            headers: { ...auth, "content-type": "application/json", "idempotency-key": key },
            body: JSON.stringify({ invoice: body }),
          });
          return { status: res.status, text: await res.text() };
        } catch (error) {
          if (attempt >= 3) throw error;
          resets++;
        }
      }
    };

    const backupFile = join(work, database.provider === "sqlite" ? "invobi-backup.db" : "invobi-backup.dump");
    const sent = new Map<number, SentInvoice>();
    const acked = new Map<number, InvoiceJsonOutput>();
    const failures: string[] = [];
    let ackedBeforeBackup = new Map<number, InvoiceJsonOutput>();
    let backup: Promise<{ cli: CliResult; dump?: CliResult }> | null = null;
    let backupRunning = false;
    let backupDone = false;
    let next = 0;
    let inFlight = 0;
    let inFlightAtBackup = 0;
    let ackedWhileBackupRan = 0;

    const worker = async () => {
      while (!backupDone && failures.length === 0) {
        const i = next++;
        const body = invoiceRequest(runId, i);
        sent.set(i, body);
        inFlight++;
        try {
          const { status, text } = await create(server, body, `backup-${runId}-${i}`);
          if (status !== 201) {
            failures.push(`#${i}: ${status} ${text}`);
            continue;
          }
          acked.set(i, (JSON.parse(text) as { invoice: InvoiceJsonOutput }).invoice);
          if (backupRunning) ackedWhileBackupRan++;
          if (!backup && acked.size >= ACKED_BEFORE_BACKUP) {
            // Everything acknowledged so far must be in the backup; the other workers' creates are in flight.
            ackedBeforeBackup = new Map(acked);
            inFlightAtBackup = inFlight - 1;
            backupRunning = true;
            backup = takeBackup(backupFile).finally(() => {
              backupRunning = false;
              backupDone = true;
            });
          }
        } catch (error) {
          failures.push(`#${i}: ${(error as Error).message} (${String((error as { cause?: unknown }).cause)})`);
        } finally {
          inFlight--;
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(failures, server.output().slice(-3000)).toEqual([]);
    expect(backup).not.toBeNull();
    const { cli, dump } = await backup!;
    expect(cli.code, cli.stderr).toBe(0);
    expect(inFlightAtBackup).toBeGreaterThan(0);
    if (database.provider === "sqlite") {
      expect(cli.stdout).toBe("");
      expect(cli.stderr).toMatch(/^Backed up to .* integrity_check ok\)\.\n$/);
      expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    } else {
      expect(cli.stdout).toMatch(/^pg_dump --format=custom --file=\S+ --dbname=postgresql:\/\/\S+\n$/);
      expect(dump!.code, dump!.stderr).toBe(0);
    }
    await server.kill("SIGTERM");

    // ------------------------------------------------ restore into a fresh place, start a server there
    const fresh = await freshTarget();
    const restoreEnv = { ...env, ...fresh };
    const restore = await runCli(restoreEnv, "restore", backupFile);
    expect(restore.code, restore.stderr).toBe(0);
    if (database.provider === "postgres") {
      expect(restore.stdout).toMatch(/^pg_restore --clean --if-exists .* --single-transaction --exit-on-error --dbname=\S+ \S+\n$/);
      const pgRestore = await runShell(restore.stdout.trim());
      expect(pgRestore.code, pgRestore.stderr).toBe(0);
    } else {
      expect(restore.stderr).toMatch(/^Restored .* integrity_check ok\)\. Start the server to use it\.\n$/);
    }
    const restored = await startServer(restoreEnv);
    const api = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${restored.baseUrl}/api/v1${path}`, { ...init, headers: { ...auth, ...init.headers } });
      return { status: res.status, body: (await res.json()) as any };
    };

    // Every invoice acknowledged before the backup began, exactly as acknowledged.
    for (const [i, ack] of ackedBeforeBackup) {
      const got = await api(`/invoices/${ack.id}`);
      expect(got.status, `invoice #${i} (${ack.number}) acknowledged before the backup`).toBe(200);
      expect(got.body.invoice).toEqual(ack);
    }
    // Everything restored is one whole request that was sent; acknowledged ones as acknowledged.
    const listed: InvoiceJsonOutput[] = [];
    for (let page = 1; ; page++) {
      const res = await api(`/invoices?per_page=100&page=${page}&sort=number`);
      expect(res.status).toBe(200);
      listed.push(...res.body.invoices);
      if (page >= res.body.pagination.total_pages) break;
    }
    expect(listed.length).toBeGreaterThanOrEqual(ackedBeforeBackup.size);
    for (const invoice of listed) {
      const i = sequenceOf(invoice.title, runId);
      expect(i, `unexpected invoice ${invoice.number} "${invoice.title}"`).not.toBeNull();
      const request = sent.get(i!)!;
      expect(invoice.items.map((item) => [item.description, item.quantity, item.unit_price])).toEqual(
        request.items.map((item) => [item.description, item.quantity, item.unit_price]),
      );
      if (acked.has(i!)) expect(invoice).toEqual(acked.get(i!));
    }
    // Numbering: INV-0001…INV-N, no gap, no duplicate, and the next create continues at N+1.
    const n = listed.length;
    expect(listed.map((invoice) => invoice.number)).toEqual(Array.from({ length: n }, (_, k) => numbered(k + 1)));
    const after = await create(restored, invoiceRequest(runId, 1_000_000), `backup-${runId}-after`);
    expect(after.status).toBe(201);
    expect((JSON.parse(after.text) as { invoice: InvoiceJsonOutput }).invoice.number).toBe(numbered(n + 1));
    await restored.kill("SIGTERM");

    if (database.provider === "sqlite") {
      const db = new Sqlite(fresh.DATABASE_URL!.slice("file:".length), { readonly: true, fileMustExist: true });
      try {
        expect(db.pragma("integrity_check")).toEqual([{ integrity_check: "ok" }]);
      } finally {
        db.close();
      }
    }
    console.info(
      `[backup ${database.provider}] ${ackedBeforeBackup.size} acknowledged before the backup, ${inFlightAtBackup} creates in flight as it began, ` +
        `${ackedWhileBackupRan} acknowledged while it ran; restored ${n} invoices (INV-0001…${numbered(n)}), ` +
        `all acknowledged-before intact; restored server started in ${restored.startMs} ms; ${resets} connection reset(s) retried with their key`,
    );
  });
});
