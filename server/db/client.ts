/**
 * Opens the database named by DATABASE_URL with the matching generated Prisma
 * client and driver adapter: better-sqlite3 for file: URLs, pg for postgresql://.
 * Both generated clients come from the same models, so the SQLite client's type
 * stands for either.
 */
import type { PrismaClient } from "./generated/sqlite/client.ts";

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
}

export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  const log = options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  let prisma: Db;
  if (provider === "sqlite") {
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
      import("./generated/sqlite/client.ts"),
      import("@prisma/adapter-better-sqlite3"),
    ]);
    // timeout = busy timeout (ms): concurrent writers wait instead of failing SQLITE_BUSY.
    const adapter = new PrismaBetterSQLite3({ url, timeout: 5_000 });
    prisma = new PrismaClient({ adapter, log }) as unknown as Db;
    // WAL lets readers proceed during a write; foreign keys make cascades real.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  } else {
    const [{ PrismaClient }, { PrismaPg }] = await Promise.all([
      import("./generated/pg/client.ts"),
      import("@prisma/adapter-pg"),
    ]);
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
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
