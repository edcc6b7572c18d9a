/**
 * `invobi backup` / `invobi restore` for PostgreSQL: Invobi does not copy a PostgreSQL
 * database itself, PostgreSQL's own tools do. The CLI prints the exact pg_dump /
 * pg_restore command for DATABASE_URL after checking what would make it fail or
 * mislead:
 *
 * - the local tool's major version must be the server's (server_version_num):
 *   pg_dump refuses a newer server, and a newer pg_dump's archive may not restore
 *   into this server;
 * - restore: the file must be a readable pg_dump archive (`pg_restore --list`), and
 *   no other session may be connected to the database (a running Invobi server).
 *
 * The password is never printed: the command's connection URL leaves it out, and
 * pg_dump / pg_restore read it from PGPASSWORD or ~/.pgpass. Prisma-only URL
 * parameters (schema, connection_limit, …), which libpq would reject, are left out too.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { BackupError } from "./backup.ts";

const run = promisify(execFile);

/** URL query parameters libpq understands; anything else in DATABASE_URL is for Prisma or node-postgres. */
const LIBPQ_PARAMETERS = new Set([
  "host", "hostaddr", "port", "dbname", "user", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl",
  "sslpassword", "connect_timeout", "options", "application_name", "target_session_attrs", "gssencmode",
]);

export interface ToolConnection {
  /** The connection URL for --dbname, without the password. */
  dbnameUrl: string;
  /** DATABASE_URL had a password (the tool must get it from PGPASSWORD or ~/.pgpass). */
  passwordOmitted: boolean;
}

export function toolConnection(databaseUrl: string): ToolConnection {
  const url = new URL(databaseUrl);
  const passwordOmitted = url.password !== "";
  url.password = "";
  for (const key of [...url.searchParams.keys()]) if (!LIBPQ_PARAMETERS.has(key) || key === "sslpassword") url.searchParams.delete(key);
  return { dbnameUrl: url.toString(), passwordOmitted };
}

/** Quotes one argument for a POSIX shell (left bare when it needs no quoting). */
export function shellQuote(argument: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", `'\\''`)}'`;
}

export function pgDumpCommand(databaseUrl: string, file: string): string {
  const { dbnameUrl } = toolConnection(databaseUrl);
  return ["pg_dump", "--format=custom", `--file=${file}`, `--dbname=${dbnameUrl}`].map(shellQuote).join(" ");
}

/** All or nothing (--single-transaction), replacing what is there (--clean --if-exists). */
export function pgRestoreCommand(databaseUrl: string, file: string): string {
  const { dbnameUrl } = toolConnection(databaseUrl);
  return ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${dbnameUrl}`, file]
    .map(shellQuote)
    .join(" ");
}

/** "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" → "15"; "… 9.6.24" → "9.6"; "… 17beta1" → "17". */
export function toolMajor(versionText: string): string {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(versionText);
  if (!match) throw new BackupError(`Cannot read a PostgreSQL version from "${versionText.trim()}".`);
  const major = Number(match[1]);
  return major >= 10 ? String(major) : `${major}.${match[2] ?? "0"}`;
}

/** server_version_num 150020 → "15"; 90624 → "9.6". */
export function serverMajor(serverVersionNum: number): string {
  if (serverVersionNum >= 100_000) return String(Math.floor(serverVersionNum / 10_000));
  return `${Math.floor(serverVersionNum / 10_000)}.${Math.floor(serverVersionNum / 100) % 100}`;
}

/** Null when the tool fits the server, else the sentence that says why not. */
export function versionMismatch(tool: "pg_dump" | "pg_restore", localMajor: string, serverMajorVersion: string): string | null {
  if (localMajor === serverMajorVersion) return null;
  const newer = Number.parseFloat(localMajor) > Number.parseFloat(serverMajorVersion);
  return newer
    ? `${tool} here is version ${localMajor} but the server runs PostgreSQL ${serverMajorVersion}: use ${tool} ${serverMajorVersion} (a newer tool's archive may not restore into this server).`
    : `${tool} here is version ${localMajor} but the server runs PostgreSQL ${serverMajorVersion}: ${tool} ${localMajor} cannot work with a newer server; install the PostgreSQL ${serverMajorVersion} client tools.`;
}

async function localVersion(tool: "pg_dump" | "pg_restore"): Promise<string> {
  try {
    return toolMajor((await run(tool, ["--version"])).stdout);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") throw new BackupError(`${tool} is not installed (or not on PATH): install the PostgreSQL client tools.`);
    throw error;
  }
}

async function withServer<T>(databaseUrl: string, query: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(`Cannot connect to the PostgreSQL server in DATABASE_URL (${(error as Error).message}).`);
  }
  try {
    return await query(client);
  } finally {
    await client.end();
  }
}

async function checkVersions(databaseUrl: string, tool: "pg_dump" | "pg_restore", command: string): Promise<string> {
  const [local, server] = await Promise.all([
    localVersion(tool),
    withServer(databaseUrl, async (client) => serverMajor(Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v))),
  ]);
  const mismatch = versionMismatch(tool, local, server);
  if (mismatch) throw new BackupError(`${mismatch}\nThe command, once a matching ${tool} is installed:\n  ${command}`);
  return server;
}

export interface PgCommand {
  /** The command to run (printed alone on stdout). */
  command: string;
  /** What the operator should know (stderr). */
  notes: string[];
}

const passwordNote = (databaseUrl: string) =>
  toolConnection(databaseUrl).passwordOmitted ? ["The password in DATABASE_URL is not printed: the command reads it from PGPASSWORD or ~/.pgpass."] : [];

export async function pgBackupCommand(databaseUrl: string, file: string): Promise<PgCommand> {
  const command = pgDumpCommand(databaseUrl, file);
  const server = await checkVersions(databaseUrl, "pg_dump", command);
  return {
    command,
    notes: [
      `PostgreSQL ${server}: run this pg_dump (${server}, as installed here) command; it takes a consistent snapshot while the server runs.`,
      ...passwordNote(databaseUrl),
    ],
  };
}

export async function pgRestoreCommandChecked(databaseUrl: string, file: string): Promise<PgCommand> {
  const command = pgRestoreCommand(databaseUrl, file);
  try {
    await run("pg_restore", ["--list", file], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") throw new BackupError("pg_restore is not installed (or not on PATH): install the PostgreSQL client tools.");
    const reason = String((error as { stderr?: unknown }).stderr ?? "").trim().split("\n")[0] || (error as Error).message;
    throw new BackupError(`${file} is not a readable pg_dump archive (${reason}): nothing was printed to run.`);
  }
  const server = await checkVersions(databaseUrl, "pg_restore", command);
  const others = await withServer(databaseUrl, async (client) =>
    Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).rows[0]!.n),
  );
  if (others > 0) {
    throw new BackupError(`${others} other session(s) are connected to the database (a running Invobi server?): stop them before restoring; nothing was changed.`);
  }
  return {
    command,
    notes: [`PostgreSQL ${server}: the archive reads and nobody is connected; keep Invobi stopped until this pg_restore command has finished.`, ...passwordNote(databaseUrl)],
  };
}
