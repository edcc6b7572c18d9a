/**
 * `npm run db:migration -- <name>`: after editing prisma/models/*.prisma, writes a
 * matching pair of migrations for SQLite and PostgreSQL (diff of the committed
 * migrations against the models, replayed on each provider's shadow database).
 * PostgreSQL needs a server: MIGRATION_DATABASE_URL (default: local postgres).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const root = join(import.meta.dirname, "..");
const prisma = createRequire(import.meta.url).resolve("prisma/build/index.js");
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
execFileSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "scripts/prisma-schemas.ts")], { stdio: "inherit" });

const providers = [
  { dir: "sqlite", url: `file:${join(mkdtempSync(join(tmpdir(), "invobi-mig-")), "diff.db")}` },
  { dir: "pg", url: process.env.MIGRATION_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
];
for (const { dir, url } of providers) {
  const sql = execFileSync(
    process.execPath,
    [
      prisma, "migrate", "diff", "--config", join(root, "prisma", dir, "prisma.config.ts"),
      "--from-migrations", join(root, "prisma", dir, "migrations"),
      "--to-schema-datamodel", join(root, "prisma", dir, "schema.prisma"),
      "--script",
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" },
  );
  if (!/^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|PRAGMA|DELETE)/im.test(sql)) {
    console.log(`${dir}: no changes`);
    continue;
  }
  const target = join(root, "prisma", dir, "migrations", `${stamp}_${name}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "migration.sql"), sql);
  console.log(`${dir}: wrote ${target}/migration.sql`);
}
