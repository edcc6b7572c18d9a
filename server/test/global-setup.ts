/**
 * Migrates one template database per test project; each test file then gets a
 * fresh copy (a copied SQLite file, or CREATE DATABASE … TEMPLATE on PostgreSQL),
 * so files are isolated and migrations run once per run, not once per file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    testDb: { provider: "sqlite"; templatePath: string } | { provider: "postgres"; adminUrl: string; template: string };
  }
}

export default async function setup(project: TestProject) {
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
