/**
 * Headless set-up without a browser:
 *   invobi migrate
 *   invobi user create --email E --password P
 *   invobi token create --email E --name N --permissions read,write,admin   (prints only the token)
 *   invobi backup <file>    (SQLite: a consistent copy while the server runs; PostgreSQL: the checked pg_dump command)
 *   invobi restore <file>   (SQLite: refused while a server runs, checked first; PostgreSQL: the checked pg_restore command)
 * Uses the same config (DATABASE_URL) and services as the server.
 */
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { BackupError } from "./db/backup.ts";
import { backupCommand, restoreCommand } from "./db/backup-commands.ts";
import { openDatabase } from "./db/client.ts";
import { holdSharedInstanceLockIfFile, InstanceLockError } from "./db/instance-lock.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { DomainError } from "./errors.ts";
import { signUp } from "./modules/accounts/accounts.service.ts";
import { createApiToken } from "./modules/tokens/tokens.service.ts";

const USAGE = `Usage:
  invobi migrate
  invobi user create --email <email> --password <password>
  invobi token create --email <email> --name <name> [--permissions read,write,admin]
  invobi backup <file>
  invobi restore <file>`;

class UsageError extends Error {}

async function run(argv: string[]): Promise<void> {
  const [command] = argv;
  const config = loadConfig();
  if (command === "backup" || command === "restore") {
    const files = argv.slice(1);
    if (files.length !== 1 || files[0]!.startsWith("-")) throw new UsageError(`invobi ${command} takes exactly one file`);
    await (command === "backup" ? backupCommand : restoreCommand)(config.DATABASE_URL, files[0]!);
    return;
  }
  // Writing commands hold the database like a server does, so a restore cannot replace it under them.
  const instanceLock = holdSharedInstanceLockIfFile(config.DATABASE_URL);
  try {
    await runWriting(argv, config);
  } finally {
    instanceLock?.release();
  }
}

async function runWriting(argv: string[], config: Config): Promise<void> {
  const [command, subcommand, ...rest] = argv;
  if (command === "migrate") {
    process.stderr.write(await migrateDatabase(config.DATABASE_URL));
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      permissions: { type: "string", default: "read,write" },
    },
    strict: true,
  });
  const key = `${command} ${subcommand}`;
  if (key !== "user create" && key !== "token create") throw new UsageError(`Unknown command: ${argv.join(" ")}`);
  if (!values.email) throw new UsageError("--email is required");

  await migrateDatabase(config.DATABASE_URL);
  const database = await openDatabase(config.DATABASE_URL);
  try {
    if (key === "user create") {
      if (!values.password) throw new UsageError("--password is required");
      const user = await signUp(database.prisma, { email: values.email, password: values.password });
      process.stderr.write(`Created user ${user.email} (${user.id})\n`);
      return;
    }
    if (!values.name) throw new UsageError("--name is required");
    const user = await database.prisma.user.findUnique({ where: { email: values.email.trim().toLowerCase() } });
    if (!user) throw new UsageError(`No user with email ${values.email}`);
    const { secret } = await createApiToken(database.prisma, user.id, {
      name: values.name,
      permissions: values.permissions.split(",").map((p) => p.trim()).filter(Boolean),
    });
    // Only the token on stdout, so scripts can capture it: TOKEN=$(invobi token create ...)
    process.stdout.write(`${secret}\n`);
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError || (error instanceof Error && error.name === "TypeError" && "code" in error)) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof ConfigError || error instanceof DomainError || error instanceof BackupError || error instanceof InstanceLockError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
