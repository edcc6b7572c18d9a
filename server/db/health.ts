/**
 * The database part of GET /healthz: a read, and with `write` a write in a
 * transaction that is rolled back, each bounded by a deadline so the answer comes
 * within a second whatever the database does (a hung connection, a held lock).
 * SQLite keeps a rolled-back write in memory, so a full disk is checked directly:
 * the free space of the file system holding the database.
 */
import { statfs } from "node:fs/promises";
import { dirname } from "node:path";
import type { Db, DbProvider } from "./client.ts";
import { classifyDatabaseError } from "./faults.ts";

/** Whole check budget: /healthz must answer within 1 s. */
export const HEALTH_TIMEOUT_MS = 500;
/** Below this much free space next to the SQLite file, writes are about to fail with SQLITE_FULL. */
export const MIN_FREE_BYTES = 256 * 1024;

export type HealthCheck = { ok: true } | { ok: false; failed: "read" | "write" | "disk"; error: string };

class Rollback extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  const fault = classifyDatabaseError(error);
  if (error instanceof Error && / did not answer within /.test(error.message)) return error.message;
  if (fault?.kind === "full") return "the database's disk is full";
  if (fault) return "the database is unavailable (connection lost, refused or locked)";
  return "the database answered with an error";
}

async function sqliteFreeBytes(db: Db): Promise<{ path: string; free: number } | null> {
  const rows = await db.$queryRawUnsafe<{ name: string; file: string }[]>("PRAGMA database_list");
  const file = rows.find((row) => row.name === "main")?.file;
  if (!file) return null;
  const stats = await statfs(dirname(file));
  return { path: dirname(file), free: Number(stats.bavail) * Number(stats.bsize) };
}

export async function checkDatabase(db: Db, provider: DbProvider, options: { write: boolean; timeoutMs?: number }): Promise<HealthCheck> {
  const started = Date.now();
  const left = () => Math.max(1, (options.timeoutMs ?? HEALTH_TIMEOUT_MS) - (Date.now() - started));
  try {
    await withDeadline(db.$queryRawUnsafe(`SELECT count(*) AS n FROM "_prisma_migrations"`), left(), "a read");
  } catch (error) {
    return { ok: false, failed: "read", error: `read failed: ${describe(error)}` };
  }
  if (!options.write) return { ok: true };
  try {
    const write = db
      .$transaction(
        async (tx) => {
          // A real row write (a new row version, rolled back): needs the write lock and a writable database.
          await tx.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET "logs" = "logs" WHERE "id" = (SELECT "id" FROM "_prisma_migrations" LIMIT 1)`);
          throw new Rollback();
        },
        { maxWait: left(), timeout: left() },
      )
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    await withDeadline(write, left(), "a write");
  } catch (error) {
    return { ok: false, failed: "write", error: `write failed: ${describe(error)}` };
  }
  if (provider === "sqlite") {
    const space = await sqliteFreeBytes(db).catch(() => null);
    if (space && space.free < MIN_FREE_BYTES) {
      return { ok: false, failed: "disk", error: `disk nearly full: ${space.free} bytes free next to the database file` };
    }
  }
  return { ok: true };
}
