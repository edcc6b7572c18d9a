/**
 * Who is using an SQLite database, told by the operating system rather than a pidfile.
 *
 * Next to the database file sits `<database>.lock`, an empty SQLite file used only for
 * its locks. Every server process (and every CLI command that writes) holds a SHARED
 * lock on it for as long as it runs: an open read transaction. `invobi restore` takes
 * the EXCLUSIVE lock for as long as it works, which SQLite grants only when nobody
 * holds a SHARED one — and while it is held, no server can start.
 *
 * The locks are POSIX record locks on the file, so the kernel drops them when their
 * process ends in any way (SIGKILL, crash, power loss): no stale pidfile to clean up,
 * no reused pid to mistake for a live server. Several servers on one database (behind
 * one REDIS_URL) each hold a SHARED lock side by side.
 */
import { closeSync, openSync } from "node:fs";
import { resolve } from "node:path";
import Sqlite from "better-sqlite3";

/** Thrown when the lock is held by someone else; its message is one sentence for the operator. */
export class InstanceLockError extends Error {}

export interface InstanceLock {
  /** The lock file. */
  path: string;
  release(): void;
}

/** The database file of a `file:` DATABASE_URL, resolved against the working directory as Prisma does. */
export function sqlitePathOf(url: string): string {
  return resolve(url.replace(/^file:/, ""));
}

export function instanceLockPath(url: string): string {
  return `${sqlitePathOf(url)}.lock`;
}

function openLockFile(url: string): { path: string; db: Sqlite.Database } {
  const path = instanceLockPath(url);
  // Created 0600 like the database beside it; SQLite treats an empty file as an empty database.
  closeSync(openSync(path, "a", 0o600));
  // timeout 0: a held lock is an answer, not something to wait for.
  return { path, db: new Sqlite(path, { timeout: 0 }) };
}

const isBusy = (error: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown })?.code ?? ""));

function held(path: string, db: Sqlite.Database): InstanceLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      if (db.inTransaction) db.exec("ROLLBACK");
      db.close();
    },
  };
}

/** A server's (or a writing CLI command's) hold on the database: shared with other servers, refused during a restore. */
export function holdSharedInstanceLock(url: string): InstanceLock {
  const { path, db } = openLockFile(url);
  try {
    db.exec("BEGIN");
    // The first read of the file takes the SHARED lock, kept until the transaction ends.
    db.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new InstanceLockError(`The database ${sqlitePathOf(url)} is being restored (invobi restore holds ${path}): wait for it to finish.`);
    throw error;
  }
  return held(path, db);
}

/** holdSharedInstanceLock for a `file:` DATABASE_URL; PostgreSQL and in-memory databases have no file to guard (null). */
export function holdSharedInstanceLockIfFile(url: string): InstanceLock | null {
  if (!url.startsWith("file:") || url === "file::memory:") return null;
  return holdSharedInstanceLock(url);
}

/** Sole use of the database, for a restore: refused while any server or writing command runs on it. */
export function takeExclusiveInstanceLock(url: string): InstanceLock {
  const { path, db } = openLockFile(url);
  try {
    db.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    db.close();
    if (isBusy(error)) {
      throw new InstanceLockError(
        `The database ${sqlitePathOf(url)} is in use by a running Invobi server or invobi command (it holds ${path}): stop it first; nothing was changed.`,
      );
    }
    throw error;
  }
  return held(path, db);
}
