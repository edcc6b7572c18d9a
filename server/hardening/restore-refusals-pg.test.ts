/**
 * What `invobi restore` / `backup` refuse on PostgreSQL, with the real CLI and server:
 * a restore while other sessions are connected to the database (this test's own
 * client stands for a running Invobi server), a file that is not a pg_dump archive,
 * and a server that cannot be reached — each exit 1 with one sentence and no command
 * on stdout, so nothing can be piped into a shell by mistake.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { runCli, runShell } from "./cli-process.ts";

describe("invobi backup / restore on PostgreSQL: refusals", () => {
  let database: TestDatabase;
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    work = mkdtempSync(join(tmpdir(), "invobi-pg-restore-"));
    env = { DATABASE_URL: database.url, DATA_DIR: work };
  });
  afterAll(async () => {
    await database?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("refuses a restore while other sessions use the database", async () => {
    const dumpFile = join(work, "good.dump");
    const backup = await runCli(env, "backup", dumpFile);
    expect(backup.code, backup.stderr).toBe(0);
    expect((await runShell(backup.stdout.trim())).code).toBe(0);
    await database.prisma.user.count(); // this test's pool holds a session open
    const refused = await runCli(env, "restore", dumpFile);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^\d+ other session\(s\) are connected to the database \(a running Invobi server\?\): stop them before restoring; nothing was changed\.\n$/);
  });

  it("refuses a file that is not a pg_dump archive", async () => {
    const junk = join(work, "junk.dump");
    writeFileSync(junk, "PGDMP? no, just text\n".repeat(100));
    const refused = await runCli(env, "restore", junk);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^\S+junk\.dump is not a readable pg_dump archive \(pg_restore: error: .+\): nothing was printed to run\.\n$/);
  });

  it("says so when the server cannot be reached", async () => {
    const unreachable = { ...env, DATABASE_URL: "postgresql://postgres:hunter2@127.0.0.1:1/invobi" };
    const result = await runCli(unreachable, "backup", join(work, "x.dump"));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^Cannot connect to the PostgreSQL server in DATABASE_URL \(.*ECONNREFUSED.*\)\.\n$/);
    expect(result.stderr).not.toContain("hunter2");
  });
});
