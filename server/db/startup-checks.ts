/**
 * Checks made before migrating and opening the database, so that a start-up that
 * cannot work says why in one sentence (instead of Prisma's "External error id#0"
 * for a read-only data directory).
 */
import { accessSync, constants, existsSync, mkdtempSync, rmdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { providerOf, sqliteFiles } from "./client.ts";

/**
 * The SQLite database needs a writable directory (for its WAL and shared-memory
 * files) and, when it exists, a writable file. Returns the sentence to print, or
 * null when all is well. Checked by creating a directory there, because access(2)
 * says "writable" to root on a read-only mount's 0555 directory only by mode bits.
 */
export function sqliteNotWritable(url: string): string | null {
  if (providerOf(url) !== "sqlite") return null;
  const [file] = sqliteFiles(url);
  if (!file || file === ":memory:") return null;
  const path = resolve(file);
  const dir = dirname(path);
  try {
    rmdirSync(mkdtempSync(join(dir, ".invobi-write-check-")));
  } catch (error) {
    // A full disk is not a reason to refuse reads: writes then fail 507 one by one.
    if ((error as { code?: string }).code === "ENOSPC") return null;
    return `Cannot start: the database directory ${dir} is not writable (${reasonOf(error)}); DATABASE_URL needs a directory the server can write its database, journal and WAL files in.`;
  }
  for (const companion of sqliteFiles(`file:${path}`)) {
    if (!existsSync(companion)) continue;
    try {
      accessSync(companion, constants.R_OK | constants.W_OK);
    } catch (error) {
      return `Cannot start: the database file ${companion} is not writable (${reasonOf(error)}).`;
    }
  }
  return null;
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "EROFS") return "read-only file system";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOSPC") return "no space left on device";
  if (code === "ENOENT") return "it does not exist";
  return code ?? String(error);
}
