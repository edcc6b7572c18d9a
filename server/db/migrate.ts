/**
 * Applies the committed migrations for DATABASE_URL's provider with the Prisma
 * CLI (`migrate deploy`), the same command an operator would run by hand.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { providerOf } from "./client.ts";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

export function prismaConfigPath(url: string): string {
  return join(root, "prisma", providerOf(url) === "sqlite" ? "sqlite" : "pg", "prisma.config.ts");
}

export async function migrateDatabase(url: string): Promise<string> {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const { stdout } = await run(process.execPath, [prismaCli, "migrate", "deploy", "--config", prismaConfigPath(url)], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}
