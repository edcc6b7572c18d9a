/**
 * The real thing: the server build (`node dist/server/main.js`, what `npm start` runs)
 * and the `invobi` CLI (bin/invobi.js → dist/server/cli.js) as child processes on a
 * listening port, against this file's fresh database. The build is made once per run
 * by the global setup; waits are polls with generous deadlines (hardening/app-process.ts).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverBuildDir, serverBuildIsFresh } from "../scripts/server-build-fresh.mjs";
import { killAllServers, startServer } from "./hardening/app-process.ts";
import { createTestDatabase, type TestDatabase } from "./test/database.ts";
import { builtServerFile } from "./test/server-build.ts";

const exec = promisify(execFile);
const root = join(import.meta.dirname, "..");

describe("the server process and the CLI", () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), "invobi-data-"));
    env = { DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: "info" };
  });
  afterAll(async () => {
    await killAllServers();
    await database.destroy();
  });

  it("creates a user and a token headlessly, then serves health, GraphiQL and the API, and stops on SIGTERM", async () => {
    const cli = (...args: string[]) =>
      exec(process.execPath, [join(root, "bin", "invobi.js"), ...args], { cwd: root, env: { ...process.env, ...env } });
    await cli("user", "create", "--email", "cli@example.com", "--password", "a strong password");
    const { stdout } = await cli("token", "create", "--email", "cli@example.com", "--name", "script", "--permissions", "read,write");
    const token = stdout.trim();
    expect(stdout).toMatch(/^inv_[0-9a-f]{12}_\S+\n$/);

    // As `npm start` runs it: NODE_ENV unset means development (GraphiQL on).
    const server = await startServer({ ...env, NODE_ENV: "development" });
    const output = server.output;
    try {
      const base = server.baseUrl;
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", database: database.provider });

      const graphiql = await fetch(`${base}/graphql`, { headers: { accept: "text/html" } });
      expect(graphiql.headers.get("content-type")).toMatch(/text\/html/);
      expect(await graphiql.text()).toContain("Invobi GraphiQL");

      const viewer = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ viewer { email } }" }),
      });
      expect(await viewer.json()).toEqual({ data: { viewer: { email: "cli@example.com" } } });
      // The production wiring: offline AI generation and the server-side PDF download.
      const created = await fetch(`${base}/api/v1/invoices`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          prompt:
            "Create an invoice for 10 hours of consulting at $150/hour for Acme Corp from John Smith at Smith LLC. Add 10% tax. Payment due in 30 days to Chase Bank account 1234567890.",
          llm_provider: "offline",
        }),
      });
      expect(created.status).toBe(201);
      const { invoice } = (await created.json()) as { invoice: { id: string; total: string; currency: string } };
      expect(invoice).toMatchObject({ total: "1650.00", currency: "USD" });
      const pdf = await fetch(`${base}/api/v1/invoices/${invoice.id}/download`, { headers: { authorization: `Bearer ${token}` } });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect(pdf.headers.get("content-disposition")).toContain('filename="INV-0001.pdf"');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
      // Logs are structured and never contain the credentials that were sent.
      expect(output()).toContain('"msg":"request"');
      expect(output()).not.toContain(token);
    } finally {
      expect(await server.kill("SIGTERM")).toEqual({ code: 0, signal: null });
    }
    expect(output()).toContain("stopped");
  });

  it("refuses to start with invalid configuration and names every problem", async () => {
    const result = await exec(process.execPath, [builtServerFile("main")], {
      cwd: root,
      env: { ...process.env, PORT: "not-a-port", DATABASE_URL: "mysql://nope", REDIS_URL: "::" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).toContain("DATABASE_URL");
    expect(result.stderr).toContain("REDIS_URL");
  });

  it("the CLI explains usage errors with exit code 2", async () => {
    const result = await exec(process.execPath, [join(root, "bin", "invobi.js"), "token", "create", "--name", "x"], {
      cwd: root,
      env: { ...process.env, ...env },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--email is required");
  });

  it("the CLI rebuilds a stale server build before it runs", async () => {
    // As if a source file had changed since the build: the build's record is older than its inputs.
    const record = join(serverBuildDir, "build-inputs.json");
    utimesSync(record, new Date(0), new Date(0));
    expect(serverBuildIsFresh()).toBe(false);
    const { stdout } = await exec(process.execPath, [join(root, "bin", "invobi.js"), "migrate"], { cwd: root, env: { ...process.env, ...env } });
    // stdout stays the command's own (empty for migrate: its report goes to stderr).
    expect(stdout).toBe("");
    expect(serverBuildIsFresh()).toBe(true);
  });
});
