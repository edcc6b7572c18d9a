/**
 * The SQLite driver adapter (better-sqlite3 through @prisma/adapter-better-sqlite3),
 * made to fail cleanly instead of hanging:
 *
 * - Lock waits never freeze the process. better-sqlite3 is synchronous: its busy
 *   timeout blocks the event loop for as long as another process holds the write
 *   lock. The driver's busy timeout is a short slice (BUSY_SLICE_MS); a statement
 *   or transaction start that is still busy after it waits asynchronously and
 *   tries again until busyTimeoutMs have passed, then fails as "database
 *   unavailable" (503). Other requests are served in between.
 * - Write transactions start with BEGIN IMMEDIATE, so the write lock is taken (or
 *   waited for, as above) before any statement runs, never half-way through.
 * - A failed transaction always releases the adapter's transaction lock. Prisma
 *   6.19 sends COMMIT or ROLLBACK and only then releases it; after SQLITE_FULL
 *   SQLite has already rolled the transaction back, the ROLLBACK fails ("no
 *   transaction is active"), the lock was never released, and every later
 *   transaction waited for it forever. Here a failed COMMIT is rolled back and a
 *   ROLLBACK of a transaction SQLite already ended is a no-op; either way the lock
 *   is released.
 * - A transaction's statements never run outside it: when SQLite ended the
 *   transaction under it (an I/O or disk-full error rolls it back), its next
 *   statement fails instead of being applied on its own (half an invoice).
 */
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import type { DatabaseTimeouts } from "./timeouts.ts";
import { DatabaseUnavailableError } from "./faults.ts";

/** How long one synchronous lock wait may block the event loop. */
export const BUSY_SLICE_MS = 20;
/** Pause between two lock attempts (the event loop serves other requests meanwhile). */
const BUSY_PAUSE_MS = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isBusy(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { originalCode?: unknown } } | null;
  const code = String(e?.cause?.originalCode ?? e?.code ?? "");
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

/** Runs `attempt` until it is not busy, pausing asynchronously between tries, until `deadline`. */
async function untilNotBusy<T>(attempt: () => Promise<T>, busyTimeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() >= deadline) throw new DatabaseUnavailableError(`${what}: the database stayed locked by another process for ${busyTimeoutMs} ms`);
    }
    await sleep(BUSY_PAUSE_MS);
  }
}

/** A FIFO lock: one transaction at a time on the one connection. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return acquired;
  }
}

const endOf = (query: SqlQuery) => /^\s*(COMMIT|ROLLBACK)\s*$/i.exec(query.sql)?.[1]?.toUpperCase() as "COMMIT" | "ROLLBACK" | undefined;

function transaction(inner: SqlDriverAdapter, client: BetterSqlite3.Database, release: () => void): Transaction {
  let released = false;
  const finish = () => {
    if (released) return;
    released = true;
    release();
  };
  const inside = <T>(run: () => Promise<T>): Promise<T> => {
    if (released || !client.inTransaction) {
      return Promise.reject(new DatabaseUnavailableError("the transaction was ended by the database (I/O error or disk full) before its statement ran"));
    }
    return run();
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: { usePhantomQuery: false },
    queryRaw: (query) => inside(() => inner.queryRaw(query)),
    async executeRaw(query) {
      const end = endOf(query);
      if (!end) return inside(() => inner.executeRaw(query));
      if (!client.inTransaction) {
        // SQLite already rolled it back (disk full, I/O error): nothing to end, but a COMMIT did not commit.
        finish();
        if (end === "COMMIT") throw new DatabaseUnavailableError("the transaction was rolled back by the database before COMMIT");
        return 0;
      }
      try {
        return await inner.executeRaw(query);
      } catch (error) {
        if (client.inTransaction) {
          try {
            client.exec("ROLLBACK");
          } catch {
            // Nothing more can be done on this connection; the lock is still released below.
          }
        }
        finish();
        throw error;
      }
    },
    commit: async () => finish(),
    rollback: async () => finish(),
  };
}

function resilientAdapter(inner: SqlDriverAdapter, busyTimeoutMs: number): SqlDriverAdapter {
  const client = (inner as unknown as { client?: BetterSqlite3.Database }).client;
  if (!client || typeof client.prepare !== "function") throw new Error("@prisma/adapter-better-sqlite3 changed: its connection is not reachable");
  const mutex = new Mutex();
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => untilNotBusy(() => inner.queryRaw(query), busyTimeoutMs, "a query"),
    executeRaw: (query) => untilNotBusy(() => inner.executeRaw(query), busyTimeoutMs, "a statement"),
    executeScript: (script) => inner.executeScript(script),
    getConnectionInfo: inner.getConnectionInfo ? () => inner.getConnectionInfo!() : undefined,
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel?: IsolationLevel) {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") return inner.startTransaction(isolationLevel);
      return untilNotBusy(
        async () => {
          const release = await mutex.acquire();
          try {
            client.prepare("BEGIN IMMEDIATE").run();
          } catch (error) {
            release();
            throw error;
          }
          return transaction(inner, client, release);
        },
        busyTimeoutMs,
        "a transaction",
      );
    },
  };
}

export function createSqliteAdapter(url: string, timeouts: DatabaseTimeouts): SqlDriverAdapterFactory {
  // timeout = the driver's busy timeout: one short synchronous slice (see above).
  const factory = new PrismaBetterSQLite3({ url, timeout: BUSY_SLICE_MS });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => resilientAdapter(await factory.connect(), timeouts.busyTimeoutMs),
  };
}
