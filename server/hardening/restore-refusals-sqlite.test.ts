/**
 * What `invobi restore` refuses on SQLite, and what it cleans up, with real server
 * processes and the real CLI:
 *
 * - while servers run on the database (two at once: each holds the shared instance
 *   lock) it exits 1 with one sentence and the database is untouched; after the last
 *   one is SIGKILLed (the OS drops its lock) it restores, and the dead server's WAL,
 *   which would be replayed onto the restored file, is gone;
 * - a server does not start while a restore holds the database;
 * - a file that is not SQLite, a corrupt SQLite file (integrity_check), and an SQLite
 *   file that is not Invobi's are refused, the database untouched;
 * - usage errors exit 2 with the usage text; backup refuses to overwrite the database.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvoiceJsonOutput } from "../modules/invoices/invoices.rest.ts";
import { takeExclusiveInstanceLock } from "../db/instance-lock.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { createToken, createUser } from "../test/factories.ts";
import { killAllServers, startServer, type ServerProcess } from "./app-process.ts";
import { runCli } from "./cli-process.ts";

const invoice = (title: string) => ({
  title,
  currency: "USD",
  customer: { name: "Acme Corp" },
  items: [{ description: `${title} work`, quantity: "2", unit_price: "150.00" }],
});

/** What must not change when a restore is refused: the database's bytes, inode and the directory's files. */
function snapshot(dir: string) {
  const db = join(dir, "invobi.db");
  return {
    files: readdirSync(dir).sort(),
    inode: statSync(db).ino,
    sha256: createHash("sha256").update(readFileSync(db)).digest("hex"),
  };
}

describe("invobi restore on SQLite: refusals and clean-up", () => {
  let base: TestDatabase;
  let work: string;
  let dir: string;
  let env: Record<string, string>;
  let auth: Record<string, string>;

  beforeAll(async () => {
    base = await createTestDatabase();
    const owner = await createUser(base.prisma);
    auth = (await createToken(base.prisma, owner.user, ["read", "write"], "restore")).auth;
    work = mkdtempSync(join(tmpdir(), "invobi-restore-"));
    // The database under test lives in its own directory, reached only through servers and the CLI.
    const seed = await runCli({ DATABASE_URL: base.url, DATA_DIR: work }, "backup", join(work, "seed.db"));
    expect(seed.code, seed.stderr).toBe(0);
    dir = join(work, "data");
    env = { DATABASE_URL: `file:${join(dir, "invobi.db")}`, DATA_DIR: dir, REDIS_URL: "", RATE_LIMIT_PER_MINUTE: "1000000" };
    const restored = await runCli(env, "restore", join(work, "seed.db"));
    expect(restored.code, restored.stderr).toBe(0);
  });
  afterAll(async () => {
    await killAllServers();
    await base?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const api = async (server: ServerProcess, path: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.baseUrl}/api/v1${path}`, { ...init, headers: { ...auth, "content-type": "application/json", ...init.headers } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const create = async (server: ServerProcess, title: string) => {
    const res = await api(server, "/invoices", { method: "POST", body: JSON.stringify({ invoice: invoice(title) }) });
    expect(res.status).toBe(201);
    return res.body.invoice as InvoiceJsonOutput;
  };
  const titles = async (server: ServerProcess) =>
    ((await api(server, "/invoices?per_page=100&sort=number")).body.invoices as InvoiceJsonOutput[]).map((inv) => `${inv.number} ${inv.title}`);

  it("refuses while servers run, restores after the last one is killed, and drops its stale WAL", { timeout: 300_000 }, async () => {
    const [first, second] = await Promise.all([startServer(env), startServer(env)]);
    for (const title of ["A", "B", "C"]) await create(first, title);
    const backupFile = join(work, "three.db");
    const backup = await runCli(env, "backup", backupFile);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain("1 account(s), 3 invoice(s); integrity_check ok");
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    for (const title of ["D", "E"]) await create(second, title);
    const five = ["INV-0001 A", "INV-0002 B", "INV-0003 C", "INV-0004 D", "INV-0005 E"];
    expect(await titles(first)).toEqual(five);

    const before = snapshot(dir);
    const refused = await runCli(env, "restore", backupFile);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^The database \S+invobi\.db is in use by a running Invobi server or invobi command \(it holds \S+\): stop it first; nothing was changed\.\n$/);
    expect(snapshot(dir)).toEqual(before);
    expect(await titles(second)).toEqual(five);

    // One server stopped, the other still holds the database.
    await first.kill("SIGTERM");
    expect((await runCli(env, "restore", backupFile)).code).toBe(1);
    expect(await titles(second)).toEqual(five);

    // SIGKILL: no clean shutdown, so the WAL with D and E stays behind; the OS drops the lock.
    await second.kill("SIGKILL");
    const wal = join(dir, "invobi.db-wal");
    expect(statSync(wal).size).toBeGreaterThan(0);
    const restore = await runCli(env, "restore", backupFile);
    expect(restore.code, restore.stderr).toBe(0);
    expect(existsSync(wal)).toBe(false);
    expect(existsSync(join(dir, "invobi.db-shm"))).toBe(false);
    expect(readdirSync(dir).filter((file) => file.includes(".tmp"))).toEqual([]);
    expect(statSync(join(dir, "invobi.db")).mode & 0o777).toBe(0o600);

    const third = await startServer(env);
    expect(await titles(third)).toEqual(["INV-0001 A", "INV-0002 B", "INV-0003 C"]);
    expect((await create(third, "F")).number).toBe("INV-0004");
    await third.kill("SIGTERM");
    const db = new Sqlite(join(dir, "invobi.db"), { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma("integrity_check")).toEqual([{ integrity_check: "ok" }]);
    } finally {
      db.close();
    }
  });

  it("does not start a server while a restore holds the database", async () => {
    const lock = takeExclusiveInstanceLock(env.DATABASE_URL!);
    try {
      await expect(startServer(env)).rejects.toThrow(/Cannot start: The database \S+invobi\.db is being restored \(invobi restore holds \S+\): wait for it to finish\./);
    } finally {
      lock.release();
    }
    const server = await startServer(env);
    await server.kill("SIGTERM");
  });

  it("refuses files that are not an intact Invobi database and leaves the database untouched", async () => {
    const good = join(work, "good.db");
    expect((await runCli(env, "backup", good)).code).toBe(0);
    const before = snapshot(dir);

    const junk = join(work, "junk.db");
    writeFileSync(junk, Buffer.alloc(64 * 1024, "not a database "));
    // A real backup with the Invoice table's root page overwritten.
    const corrupt = join(work, "corrupt.db");
    writeFileSync(corrupt, readFileSync(good));
    const probe = new Sqlite(corrupt, { readonly: true });
    const { rootpage } = probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'Invoice'").get() as { rootpage: number };
    const pageSize = probe.pragma("page_size", { simple: true }) as number;
    probe.close();
    const bytes = readFileSync(corrupt);
    bytes.fill(0xa5, (rootpage - 1) * pageSize, rootpage * pageSize);
    writeFileSync(corrupt, bytes);
    const foreign = join(work, "foreign.db");
    const other = new Sqlite(foreign);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')");
    other.close();

    const cases: [string, RegExp][] = [
      [junk, /^\S+junk\.db is not a readable SQLite database \(file is not a database\): nothing was changed\.\n$/],
      [corrupt, /^\S+corrupt\.db failed SQLite's integrity check \(.+\): nothing was changed\.\n$/],
      [foreign, /^\S+foreign\.db is an SQLite database but not an Invobi one \(no _prisma_migrations, User and Invoice tables\): nothing was changed\.\n$/],
      [join(work, "missing.db"), /^There is no backup file at \S+missing\.db\.\n$/],
    ];
    for (const [file, message] of cases) {
      const result = await runCli(env, "restore", file);
      expect(result.code, file).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(snapshot(dir), file).toEqual(before);
    }
    // The good one still restores.
    expect((await runCli(env, "restore", good)).code).toBe(0);
  });

  it("answers usage errors with exit 2 and the usage, and never backs up onto the database", async () => {
    for (const args of [["backup"], ["restore"], ["backup", "a.db", "b.db"], ["restore", "--force", "a.db"]]) {
      const result = await runCli(env, ...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^invobi ${args[0]} takes exactly one file\\n\\nUsage:\\n[\\s\\S]*invobi backup <file>\\n  invobi restore <file>\\n$`));
    }
    const before = snapshot(dir);
    const ontoItself = await runCli(env, "backup", join(dir, "invobi.db"));
    expect(ontoItself.code).toBe(1);
    expect(ontoItself.stderr).toMatch(/^\S+invobi\.db is the database itself: choose a backup file elsewhere\.\n$/);
    const noDirectory = await runCli(env, "backup", join(work, "missing", "b.db"));
    expect(noDirectory.code).toBe(1);
    expect(noDirectory.stderr).toMatch(/^The directory \S+missing does not exist\.\n$/);
    const aDirectory = await runCli(env, "backup", work);
    expect(aDirectory.code).toBe(1);
    expect(aDirectory.stderr).toMatch(/^\S+ is a directory, not a file name for the backup\.\n$/);
    expect(snapshot(dir)).toEqual(before);
  });
});
