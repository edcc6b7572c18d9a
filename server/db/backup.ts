/**
 * `invobi backup` / `invobi restore` for SQLite.
 *
 * Backup: SQLite's online backup API (better-sqlite3's db.backup) copies every page in
 * one step, so inside one read transaction: a consistent snapshot taken while the
 * server keeps writing (WAL readers never block writers). The copy is written 0600 to
 * a temporary file beside the destination, switched from WAL to a self-contained
 * rollback-journal file, checked with `PRAGMA integrity_check`, then renamed into place
 * — a failed backup never replaces a previous good one.
 *
 * Restore: refused while any server or writing command uses the database (the
 * instance lock, instance-lock.ts, held for the whole restore so none can start
 * meanwhile). The backup is copied through SQLite into a temporary file beside the
 * database and checked there (integrity_check, and that it is an Invobi database)
 * before anything is touched; then the old database's WAL, shared-memory and journal
 * files are removed (replayed onto the restored file they would corrupt it) and the
 * temporary file is renamed over the database. Any refusal leaves the database as it was.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Sqlite from "better-sqlite3";
import { sqlitePathOf, takeExclusiveInstanceLock } from "./instance-lock.ts";

/** A refusal or failure with one clear sentence for the operator (the CLI exits 1 with it). */
export class BackupError extends Error {}

export interface CopySummary {
  /** The file written (backup) or replaced (restore). */
  file: string;
  bytes: number;
  users: number;
  invoices: number;
}

/** The page count backup steps are asked for: every page in the first step, so one snapshot. */
const ALL_PAGES = 0x7fffffff;

const companionsOf = (path: string) => [`${path}-wal`, `${path}-shm`, `${path}-journal`];

function fsyncPath(path: string, flags: "r" | "r+" = "r") {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeTemporary(path: string) {
  for (const file of [path, ...companionsOf(path)]) rmSync(file, { force: true });
}

/** A new 0600 file for SQLite to fill (SQLite keeps an existing file's mode, and gives its journal the same). */
function createPrivateFile(path: string) {
  closeSync(openSync(path, "wx", 0o600));
}

const sqliteCode = (error: unknown) => String((error as { code?: unknown })?.code ?? "");

/**
 * Makes the copy at `path` self-contained (rollback journal, no WAL) and checks it:
 * integrity_check must say ok and the file must hold Invobi's tables.
 */
function verifyCopy(path: string, describe: string): Omit<CopySummary, "file" | "bytes"> {
  const db = new Sqlite(path, { fileMustExist: true });
  try {
    db.pragma("journal_mode = DELETE");
    const problems = (db.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (problems.length !== 1 || problems[0] !== "ok") {
      throw new BackupError(`${describe} failed SQLite's integrity check (${problems.slice(0, 3).join("; ")}).`);
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    if (!["_prisma_migrations", "User", "Invoice"].every((table) => tables.has(table))) {
      throw new BackupError(`${describe} is an SQLite database but not an Invobi one (no _prisma_migrations, User and Invoice tables).`);
    }
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    return { users: count("User"), invoices: count("Invoice") };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    if (/^SQLITE_(CORRUPT|NOTADB)/.test(sqliteCode(error))) {
      throw new BackupError(`${describe} failed SQLite's integrity check (${(error as Error).message}).`);
    }
    throw error;
  } finally {
    db.close();
  }
}

/** `invobi backup <file>` on SQLite: a consistent copy of the live database, 0600, verified. */
export async function backupSqlite(url: string, destination: string): Promise<CopySummary> {
  const source = sqlitePathOf(url);
  const target = resolve(destination);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source} to back up (check DATABASE_URL).`);
  if ([source, ...companionsOf(source), `${source}.lock`].includes(target)) {
    throw new BackupError(`${target} is the database itself: choose a backup file elsewhere.`);
  }
  if (!existsSync(dirname(target))) throw new BackupError(`The directory ${dirname(target)} does not exist.`);
  if (existsSync(target) && !statSync(target).isFile()) throw new BackupError(`${target} is a directory, not a file name for the backup.`);
  const temporary = `${target}.${process.pid}.tmp`;
  createPrivateFile(temporary);
  try {
    await copyPages(source, temporary, { fileMustExist: true, timeout: 5_000 });
    const counts = verifyCopy(temporary, `The copy of ${source}`);
    return { file: target, bytes: replaceDurably(temporary, target), ...counts };
  } catch (error) {
    removeTemporary(temporary);
    throw error;
  }
}

/** The checked copy becomes `target` in one rename, durably (file and directory synced); returns its size. */
function replaceDurably(temporary: string, target: string, beforeRename: () => void = () => {}): number {
  fsyncPath(temporary);
  beforeRename();
  renameSync(temporary, target);
  fsyncPath(dirname(target));
  return statSync(target).size;
}

/** SQLite's online backup API, every page in one step: one consistent snapshot of `source`. */
async function copyPages(source: string, temporary: string, options: Sqlite.Options): Promise<void> {
  const db = new Sqlite(source, options);
  try {
    await db.backup(temporary, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
}

/** `invobi restore <file>` on SQLite: replaces the (stopped) database with a checked copy of the backup. */
export async function restoreSqlite(url: string, backupFile: string): Promise<CopySummary> {
  const source = resolve(backupFile);
  const target = sqlitePathOf(url);
  if (!existsSync(source) || !statSync(source).isFile()) throw new BackupError(`There is no backup file at ${source}.`);
  if (source === target) throw new BackupError(`${source} is the database itself: nothing to restore.`);
  const lock = takeExclusiveInstanceLock(url);
  const temporary = `${target}.restore-${process.pid}.tmp`;
  try {
    createPrivateFile(temporary);
    try {
      // Through SQLite rather than a file copy: a backup that still has a -wal beside it is read whole.
      await copyPages(source, temporary, { readonly: true, fileMustExist: true });
    } catch (error) {
      if (/^SQLITE_(NOTADB|CORRUPT)/.test(sqliteCode(error))) {
        throw new BackupError(`${source} is not a readable SQLite database (${(error as Error).message}): nothing was changed.`);
      }
      throw error;
    }
    let counts;
    try {
      counts = verifyCopy(temporary, source);
    } catch (error) {
      if (error instanceof BackupError) throw new BackupError(`${error.message.replace(/\.$/, "")}: nothing was changed.`);
      throw error;
    }
    // The old database's WAL and journal belong to the old file: replayed onto the restored one they would corrupt it.
    const bytes = replaceDurably(temporary, target, () => {
      for (const file of companionsOf(target)) rmSync(file, { force: true });
    });
    return { file: target, bytes, ...counts };
  } catch (error) {
    removeTemporary(temporary);
    throw error;
  } finally {
    lock.release();
  }
}
