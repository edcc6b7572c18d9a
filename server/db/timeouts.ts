/** How long the database may make a request wait before it fails as unavailable (503). */
export interface DatabaseTimeouts {
  /** PostgreSQL: waiting for a pooled connection (or a new one to open). */
  connectTimeoutMs: number;
  /** PostgreSQL: one statement, and a transaction left idle (statement_timeout, idle_in_transaction_session_timeout). */
  statementTimeoutMs: number;
  /** SQLite: waiting for a write lock another process holds. */
  busyTimeoutMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectTimeoutMs: 5_000, statementTimeoutMs: 30_000, busyTimeoutMs: 5_000 };
