import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database, type OpenDatabaseOptions } from "../db/client.ts";

export interface TestDatabase extends Database {
  url: string;
  /** Closes the client and deletes the database. */
  destroy(): Promise<void>;
}

/** A fresh, migrated database for one test file (see global-setup.ts). */
export async function createTestDatabase(options: OpenDatabaseOptions = {}): Promise<TestDatabase> {
  const setup = inject("testDb");
  if (setup.provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "invobi-file-"));
    const path = join(dir, "test.db");
    copyFileSync(setup.templatePath, path);
    const url = `file:${path}`;
    const db = await openDatabase(url, options);
    return {
      ...db,
      url,
      destroy: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `${setup.template}_f${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: setup.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${setup.template}"`);
  await admin.end();
  const url = new URL(setup.adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase(url.toString(), options);
  return {
    ...db,
    url: url.toString(),
    destroy: async () => {
      await db.close();
      const client = new pg.Client({ connectionString: setup.adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
