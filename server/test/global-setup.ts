/**
 * Migrates one template database per test project; each test file then gets a
 * fresh copy (a copied SQLite file, or CREATE DATABASE … TEMPLATE on PostgreSQL),
 * so files are isolated and migrations run once per run, not once per file.
 *
 * Also makes the server build (dist/server/) when it is missing or stale: tests that
 * start the server or the CLI as processes run it with plain node, as production does,
 * instead of compiling TypeScript through tsx in every process. Projects' global
 * setups run one after another, so the first one builds and the others find it fresh.
 * A failed build fails only the tests that need it (server/test/server-build.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { buildServer } from "../../scripts/build-server.ts";
import { serverBuildIsFresh } from "../../scripts/server-build-fresh.mjs";
import { migrateDatabase } from "../db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    testDb: { provider: "sqlite"; templatePath: string } | { provider: "postgres"; adminUrl: string; template: string };
    /** Why the server build failed in this run, or null. */
    serverBuildError: string | null;
  }
}

async function ensureServerBuild(): Promise<string | null> {
  try {
    if (!serverBuildIsFresh()) await buildServer();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export default async function setup(project: TestProject) {
  project.provide("serverBuildError", await ensureServerBuild());
  if (project.name === "server-pg") {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("server-pg needs TEST_DATABASE_URL");
    const template = `invobi_tpl_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    await migrateDatabase(url.toString());
    project.provide("testDb", { provider: "postgres", adminUrl, template });
    return async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2",
        [`${template}_f%`, template],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await client.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "invobi-test-"));
  const templatePath = join(dir, "template.db");
  await migrateDatabase(`file:${templatePath}`);
  project.provide("testDb", { provider: "sqlite", templatePath });
  return () => rmSync(dir, { recursive: true, force: true });
}
