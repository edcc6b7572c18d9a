/**
 * Driver adapters for the Prisma 6.19 CLI running its JavaScript schema engine
 * (no engine binary can be downloaded here). Each workaround is for a bug we hit
 * in 6.19.3; see "Toolchain notes" in the README.
 * Used only by prisma/{sqlite,pg}/prisma.config.ts, never by the running app.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// The wasm schema engine leaves 10 s / 60 s timers pending, which keeps every CLI
// command alive long after it finished. Long timers never gate its work, so unref them.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = originalSetTimeout(handler, ms, ...args);
  if ((ms ?? 0) >= 10_000) timer.unref?.();
  return timer;
}) as typeof setTimeout;

type AnyAdapter = {
  executeRaw(query: { sql: string; args: unknown[] }): Promise<number>;
  executeScript(script: string): Promise<void>;
  queryRaw(query: unknown): Promise<unknown>;
};

export function sqliteCliAdapter(url: string) {
  const path = url.replace(/^file:/, "");
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url });
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  // The shadow database receives whole migration scripts through executeRaw, which
  // better-sqlite3 refuses ("more than one statement"): run those as scripts.
  factory.connectToShadowDb = async () => {
    const adapter = (await connectToShadowDb()) as unknown as AnyAdapter;
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (query.args.length === 0 && query.sql.split(";").filter((s) => s.trim()).length > 1) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      return executeRaw(query);
    };
    return adapter as never;
  };
  return factory;
}

// Column types the adapter cannot deserialize in migrate's introspection queries
// (name, int2vector, regproc, oidvector, xid, pg_node_tree, regclass): read them as text.
const TEXTLIKE_OIDS = new Set([18, 19, 22, 24, 28, 30, 194, 2205]);
const TEXT_OID = 25;

function patchPgAdapter<T>(adapter: T): T {
  const a = adapter as unknown as AnyAdapter & {
    client: pg.Pool;
    performIO: (query: unknown) => Promise<pg.QueryResult>;
    onError: (e: unknown) => never;
  };
  const performIO = a.performIO.bind(a);
  a.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields ?? []) {
      if (TEXTLIKE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  // The stock executeScript splits on every ";", even inside string literals.
  a.executeScript = async (script) => {
    try {
      await a.client.query(script);
    } catch (error) {
      a.onError(error);
    }
  };
  return adapter;
}

export function pgCliAdapter(connectionString: string) {
  const config: pg.PoolConfig = { connectionString, allowExitOnIdle: true };
  const factory = new PrismaPg(config);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => patchPgAdapter(await connect());
  // The stock shadow database connects back to the main database (the URL's
  // database name wins over the override) and drops it before closing its pool.
  factory.connectToShadowDb = async () => {
    const admin = new pg.Pool(config);
    const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = new URL(connectionString);
    url.pathname = `/${database}`;
    const shadow = new PrismaPg({ connectionString: url.toString(), allowExitOnIdle: true });
    const adapter = patchPgAdapter(await shadow.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.end();
    };
    return adapter;
  };
  return factory;
}
