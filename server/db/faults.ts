/**
 * One classification of database failures for every API: REST, the basic invoice
 * API, GraphQL and /healthz. A failure of the database itself (connection lost or
 * refused, pool exhausted, a lock held too long, a statement or transaction timed
 * out, disk full, read-only or failing storage) is not a bug of the request: it is
 * answered 503 (507 for a full disk) with a message the caller can act on, never
 * 500. Anything else (constraint violations, bad SQL) is left to the caller.
 */

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable, retry shortly";
export const DATABASE_FULL_MESSAGE = "The database's disk is full, so nothing was saved; retry once space has been freed";
/** Seconds a client should wait before retrying (Retry-After). */
export const RETRY_AFTER_SECONDS = 2;

export type DatabaseFaultKind = "unavailable" | "full";

/** Thrown by our own database plumbing (lock wait deadline, connect timeout…); classified like a driver error. */
export class DatabaseUnavailableError extends Error {
  readonly kind: DatabaseFaultKind;
  constructor(
    readonly reason: string,
    kind: DatabaseFaultKind = "unavailable",
  ) {
    super(kind === "full" ? DATABASE_FULL_MESSAGE : DATABASE_UNAVAILABLE_MESSAGE);
    this.name = "DatabaseUnavailableError";
    this.kind = kind;
  }
}

export interface DatabaseFault {
  kind: DatabaseFaultKind;
  status: 503 | 507;
  message: string;
  /** What failed, for the log (never shown to callers). */
  reason: string;
}

/** Prisma error codes that mean "the database could not serve this now". */
const PRISMA_UNAVAILABLE = new Set([
  "P1001", // can't reach the database server
  "P1002", // the server was reached but timed out
  "P1008", // operation timed out (SQLite: SQLITE_BUSY)
  "P1011", // TLS connection error
  "P1017", // server closed the connection
  "P2024", // timed out fetching a connection from the pool
  "P2028", // transaction API error: could not start in time, expired, closed under us
  "P2034", // write conflict or deadlock: retryable
  "P2037", // too many connections
  // The same, as driver adapter error kinds (errors Prisma passes through unconverted).
  "DatabaseNotReachable",
  "SocketTimeout",
  "ConnectionClosed",
  "TooManyConnections",
  "TlsConnectionError",
  "TransactionWriteConflict",
]);

/** SQLSTATE classes/codes of an unavailable PostgreSQL (connection, shutdown, cancel, resources). */
const PG_UNAVAILABLE = /^(08...|57P0[1-4]|57014|53...|58...|25P03|40001|40P01|55P03)$/;
const PG_FULL = /^53100$/;

/** SQLite result codes (primary or extended) that are the storage's or a lock's fault. */
const SQLITE_FULL = /^SQLITE_FULL$/;
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|READONLY|CANTOPEN|NOMEM|PROTOCOL|NOLFS|PERM)/;

/** Node / pg messages of a connection that is gone or could not be had. */
const CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Query read timeout/i,
  /Cannot use a pool after calling end/i,
  /terminating connection due to administrator command/i,
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/,
];
const DISK_FULL_MESSAGES = [/database or disk is full/i, /ENOSPC/, /No space left on device/i];

function codesOf(error: unknown, depth = 0): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  if (!error || typeof error !== "object" || depth > 5) return { codes, messages };
  const e = error as Record<string, unknown>;
  for (const key of ["code", "originalCode", "kind"]) if (typeof e[key] === "string") codes.push(e[key] as string);
  if (typeof e.message === "string") messages.push(e.message);
  if (typeof e.originalMessage === "string") messages.push(e.originalMessage);
  const nested = [e.cause, (e.meta as Record<string, unknown> | undefined)?.driverAdapterError, e.originalError];
  for (const inner of nested) {
    const found = codesOf(inner, depth + 1);
    codes.push(...found.codes);
    messages.push(...found.messages);
  }
  return { codes, messages };
}

/** The database fault behind `error`, or null when the error is not the database's fault. */
export function classifyDatabaseError(error: unknown): DatabaseFault | null {
  const fault = (kind: DatabaseFaultKind, reason: string): DatabaseFault =>
    kind === "full"
      ? { kind, status: 507, message: DATABASE_FULL_MESSAGE, reason }
      : { kind, status: 503, message: DATABASE_UNAVAILABLE_MESSAGE, reason };
  if (error instanceof DatabaseUnavailableError) return fault(error.kind, error.reason);
  const { codes, messages } = codesOf(error);
  const reason = [...new Set([...codes, ...messages.map((m) => m.split("\n").filter(Boolean).at(-1) ?? m)])].join("; ").slice(0, 500);
  if (codes.some((code) => SQLITE_FULL.test(code) || PG_FULL.test(code)) || messages.some((m) => DISK_FULL_MESSAGES.some((re) => re.test(m)))) {
    return fault("full", reason);
  }
  if (
    codes.some((code) => PRISMA_UNAVAILABLE.has(code) || PG_UNAVAILABLE.test(code) || SQLITE_UNAVAILABLE.test(code)) ||
    messages.some((m) => CONNECTION_MESSAGES.some((re) => re.test(m)))
  ) {
    return fault("unavailable", reason);
  }
  return null;
}
