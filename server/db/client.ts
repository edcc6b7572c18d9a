/**
 * Opens the database named by DATABASE_URL with the matching generated Prisma
 * client and driver adapter: better-sqlite3 for file: URLs, pg for postgresql://.
 * Both generated clients come from the same models, so the SQLite client's type
 * stands for either.
 */
import { chmodSync, closeSync, existsSync, openSync } from "node:fs";
import type { PrismaClient } from "./generated/sqlite/client.ts";
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from "./timeouts.ts";

export type Db = PrismaClient;
export type DbProvider = "sqlite" | "postgres";

export interface Database {
  prisma: Db;
  provider: DbProvider;
  close(): Promise<void>;
}

export function providerOf(url: string): DbProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error(`Unsupported DATABASE_URL scheme: ${url.split(":")[0]}`);
}

export interface OpenDatabaseOptions {
  /** Prisma query event hook, used by tests that count SQL statements. */
  onQuery?: (event: { query: string; duration: number }) => void;
  timeouts?: Partial<DatabaseTimeouts>;
  /** PostgreSQL: told when a connection is lost outside a request (the pool replaces it). */
  onConnectionLost?: (error: Error) => void;
}

/** The SQLite database file and its companions (WAL, shared memory, rollback journal). */
export function sqliteFiles(url: string): string[] {
  const path = url.replace(/^file:/, "");
  return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];
}

/**
 * Database files are readable by the server's user only (they hold password hashes,
 * token hashes and every invoice). A new file is created 0600 before anyone else
 * creates it 0644; existing ones are narrowed. SQLite gives its WAL and shared-memory
 * files the main file's mode.
 */
export function restrictSqliteFiles(url: string): void {
  const [path] = sqliteFiles(url);
  if (!path || path === ":memory:") return;
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  for (const file of sqliteFiles(url)) if (existsSync(file)) chmodSync(file, 0o600);
}

export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  const log = options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
  let prisma: Db;
  if (provider === "sqlite") {
    const [{ PrismaClient }, { createSqliteAdapter }] = await Promise.all([import("./generated/sqlite/client.ts"), import("./sqlite-adapter.ts")]);
    restrictSqliteFiles(url);
    // Concurrent writers wait for the lock (asynchronously, up to busyTimeoutMs) instead of failing SQLITE_BUSY.
    const adapter = createSqliteAdapter(url, timeouts);
    prisma = new PrismaClient({ adapter, log }) as unknown as Db;
    // WAL lets readers proceed during a write; foreign keys make cascades real.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  } else {
    const [{ PrismaClient }, { createPgAdapter }] = await Promise.all([import("./generated/pg/client.ts"), import("./pg-adapter.ts")]);
    const adapter = createPgAdapter(url, { timeouts, onConnectionLost: options.onConnectionLost });
    prisma = new PrismaClient({ adapter, log }) as unknown as Db;
  }
  if (options.onQuery) {
    (prisma as unknown as { $on(event: "query", cb: (e: { query: string; duration: number }) => void): void }).$on(
      "query",
      options.onQuery,
    );
  }
  await prisma.$connect();
  return {
    prisma,
    provider,
    close: () => prisma.$disconnect(),
  };
}
