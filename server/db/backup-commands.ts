/**
 * `invobi backup <file>` and `invobi restore <file>`: SQLite is copied here
 * (backup.ts); for PostgreSQL the checked pg_dump / pg_restore command is printed
 * (backup-pg.ts) — alone on stdout, so `$(invobi backup f)` or `| sh` work; what the
 * operator should know goes to stderr.
 */
import { resolve } from "node:path";
import { backupSqlite, restoreSqlite } from "./backup.ts";
import { pgBackupCommand, pgRestoreCommandChecked, type PgCommand } from "./backup-pg.ts";
import { providerOf } from "./client.ts";

const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

function printPg({ command, notes }: PgCommand) {
  for (const note of notes) process.stderr.write(`${note}\n`);
  process.stdout.write(`${command}\n`);
}

export async function backupCommand(databaseUrl: string, file: string): Promise<void> {
  const path = resolve(file);
  if (providerOf(databaseUrl) === "postgres") return printPg(await pgBackupCommand(databaseUrl, path));
  const copy = await backupSqlite(databaseUrl, path);
  process.stderr.write(
    `Backed up to ${copy.file} (${kilobytes(copy.bytes)}: ${copy.users} account(s), ${copy.invoices} invoice(s); integrity_check ok).\n`,
  );
}

export async function restoreCommand(databaseUrl: string, file: string): Promise<void> {
  const path = resolve(file);
  if (providerOf(databaseUrl) === "postgres") return printPg(await pgRestoreCommandChecked(databaseUrl, path));
  const restored = await restoreSqlite(databaseUrl, path);
  process.stderr.write(
    `Restored ${path} into ${restored.file} (${restored.users} account(s), ${restored.invoices} invoice(s); integrity_check ok). Start the server to use it.\n`,
  );
}
