/**
 * The PostgreSQL driver adapter, made to survive a database that goes away
 * (pg_terminate_backend, a restart, a failover, a network cut):
 *
 * - every pooled client has an `error` listener for its whole life: pg emits
 *   `error` on a client whose backend is terminated, and an `error` event nobody
 *   listens to kills the process (it did: "Unhandled 'error' event", 57P01);
 * - acquiring a connection gives up after connectTimeoutMs (the pool used to
 *   wait forever), statements after statementTimeoutMs (server-side
 *   statement_timeout and idle_in_transaction_session_timeout, and a client-side
 *   query_timeout a little later for a server that no longer answers);
 * - a transaction always gives its connection back: Prisma 6.19 sends COMMIT or
 *   ROLLBACK and only then releases the client, so when that statement fails (the
 *   connection is already dead) the client was never released — ten such
 *   transactions and every later request, /healthz included, waited forever for a
 *   connection. Here a failed COMMIT/ROLLBACK releases the client with the error,
 *   which makes the pool discard it; the next request opens a fresh connection.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { DatabaseTimeouts } from "./timeouts.ts";

export interface PgAdapterOptions {
  timeouts: DatabaseTimeouts;
  /** Told about connections lost outside a request (idle in the pool, or between a transaction's statements). */
  onConnectionLost?: (error: Error) => void;
}

const isEnd = (query: SqlQuery) => /^\s*(COMMIT|ROLLBACK)\s*$/i.test(query.sql);

/** A transaction whose connection is released exactly once, also when COMMIT or ROLLBACK fails. */
function releasingTransaction(inner: Transaction): Transaction {
  let closed = false;
  const poolClient = (inner as unknown as { client?: pg.PoolClient }).client;
  const close = async (how: "commit" | "rollback", error?: unknown) => {
    if (closed) return;
    closed = true;
    if (error !== undefined && poolClient) {
      // Give the broken connection back with the error: the pool discards it instead of reusing it.
      (inner as unknown as { cleanup?: () => void }).cleanup?.();
      poolClient.release(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    await (how === "commit" ? inner.commit() : inner.rollback());
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: inner.options,
    queryRaw: (query) => inner.queryRaw(query),
    async executeRaw(query) {
      if (!isEnd(query)) return inner.executeRaw(query);
      try {
        return await inner.executeRaw(query);
      } catch (error) {
        await close("rollback", error);
        throw error;
      }
    },
    commit: () => close("commit"),
    rollback: () => close("rollback"),
  };
}

function resilientAdapter(inner: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    executeScript: (script) => inner.executeScript(script),
    getConnectionInfo: inner.getConnectionInfo ? () => inner.getConnectionInfo!() : undefined,
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel?: IsolationLevel) {
      return releasingTransaction(await inner.startTransaction(isolationLevel));
    },
  };
}

export function createPgAdapter(url: string, options: PgAdapterOptions): SqlDriverAdapterFactory {
  const { connectTimeoutMs, statementTimeoutMs } = options.timeouts;
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 5_000,
    keepAlive: true,
  });
  const lost = (error: Error) => options.onConnectionLost?.(error);
  // Idle clients: the pool re-emits their errors here and drops them.
  pool.on("error", lost);
  // Checked-out clients: pg-pool listens only while a client is idle; this listener covers the rest of its life.
  pool.on("connect", (client) => client.on("error", lost));
  const factory = new PrismaPg(pool, { disposeExternalPool: true });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => resilientAdapter(await factory.connect()),
  };
}
