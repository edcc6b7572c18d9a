/**
 * The app in the benchmark's own process, for what needs no load: counting SQL
 * statements per request (Prisma's query event, as server/graphql/hardening.test.ts
 * counts them) and reading invoices back through REST to verify the seeded rows.
 */
import { createApp } from "../server/app.ts";
import { parseConfig, type Config } from "../server/config.ts";
import { openDatabase, type Database } from "../server/db/client.ts";
import { createLogger } from "../server/logger.ts";
import { renderStoredInvoicePdf } from "../server/modules/invoices/invoice-pdf.ts";

export const BENCH_SESSION_SECRET = "bench-session-secret-that-is-long-enough-0123456789";

export function benchConfig(databaseUrl: string, dataDir: string): Config {
  return {
    ...parseConfig({ NODE_ENV: "production", DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "1000000000" }),
    SESSION_SECRET: BENCH_SESSION_SECRET,
  } as Config;
}

export interface InProcessApp {
  database: Database;
  /** SQL statements seen since the last reset. */
  statements: string[];
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function inProcessApp(databaseUrl: string, dataDir: string): Promise<InProcessApp> {
  const statements: string[] = [];
  const database = await openDatabase(databaseUrl, { onQuery: (event) => statements.push(event.query) });
  const app = createApp({
    db: database.prisma,
    provider: database.provider,
    config: benchConfig(databaseUrl, dataDir),
    logger: createLogger({ level: "silent" }),
    renderInvoicePdf: renderStoredInvoicePdf,
    spaDir: null,
  });
  return {
    database,
    statements,
    request: async (path, init) => app.request(path, init),
    close: () => database.close(),
  };
}

/** Statements one request issues, after a first identical request has warmed caches (and written lastUsedAt). */
export async function statementsPerRequest(app: InProcessApp, path: string, init: RequestInit = {}): Promise<{ count: number; statements: string[] }> {
  const warm = await app.request(path, init);
  if (!warm.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${warm.status} ${await warm.text()}`);
  await warm.arrayBuffer();
  app.statements.length = 0;
  const response = await app.request(path, init);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status}`);
  const statements = app.statements.splice(0);
  return { count: statements.length, statements };
}
