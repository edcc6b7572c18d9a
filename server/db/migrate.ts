/**
 * Applies the committed migrations for DATABASE_URL's provider with the Prisma
 * CLI (`migrate deploy`), the same command an operator would run by hand.
 *
 * When the database already records every committed migration (same checksum) the
 * CLI is not run: on SQLite, `migrate deploy` takes the file with
 * `locking_mode=EXCLUSIVE` and fails (SQLITE_BUSY) while another process has it
 * open — a second server process, or `invobi token create` next to a running server.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { providerOf, restrictSqliteFiles } from "./client.ts";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

export function prismaConfigPath(url: string): string {
  return join(root, "prisma", providerOf(url) === "sqlite" ? "sqlite" : "pg", "prisma.config.ts");
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** True only when `migrate deploy` would have nothing to do; any doubt (no database, no table, an error) → false. */
async function isUpToDate(url: string): Promise<boolean> {
  const dir = join(root, "prisma", providerOf(url) === "sqlite" ? "sqlite" : "pg", "migrations");
  const sql = "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations";
  try {
    const committed = new Map(
      readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => [entry.name, createHash("sha256").update(readFileSync(join(dir, entry.name, "migration.sql"))).digest("hex")]),
    );
    let rows: MigrationRow[];
    if (providerOf(url) === "sqlite") {
      const { default: Sqlite } = await import("better-sqlite3");
      const db = new Sqlite(url.replace(/^file:/, ""), { fileMustExist: true, timeout: 5_000 });
      try {
        rows = db.prepare(sql).all() as MigrationRow[];
      } finally {
        db.close();
      }
    } else {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        rows = (await client.query<MigrationRow>(sql)).rows;
      } finally {
        await client.end();
      }
    }
    if (rows.some((row) => row.finished_at == null && row.rolled_back_at == null)) return false;
    const applied = new Map(rows.filter((row) => row.finished_at != null && row.rolled_back_at == null).map((row) => [row.migration_name, row.checksum]));
    return applied.size === committed.size && [...committed].every(([name, checksum]) => applied.get(name) === checksum);
  } catch {
    return false;
  }
}

export async function migrateDatabase(url: string): Promise<string> {
  // Created 0600 here, before the Prisma CLI would create it world-readable.
  if (providerOf(url) === "sqlite") restrictSqliteFiles(url);
  if (await isUpToDate(url)) return "No pending migrations to apply.\n";
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const { stdout } = await run(process.execPath, [prismaCli, "migrate", "deploy", "--config", prismaConfigPath(url)], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}
