/**
 * Security headers on every response (server/http/security-headers.ts), the GraphiQL
 * page's own hashed policy, and field suggestions hidden when introspection is off.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { createLogger } from "../logger.ts";
import { createAccount, graphql } from "../test/factories.ts";
import { createTestApp, testConfig, useTestApp, type TestApp } from "../test/harness.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";

const SPA_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self' https: http:; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function expectSecurityHeaders(res: Response, what: string) {
  expect(res.headers.get("content-security-policy"), what).toBe(SPA_CSP);
  expect(res.headers.get("x-frame-options"), what).toBe("DENY");
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), what).toBe("same-origin");
  expect(res.headers.get("strict-transport-security"), what).toBeNull();
}

describe("security headers", () => {
  let database: TestDatabase;
  let spaDir: string;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await createTestDatabase();
    spaDir = mkdtempSync(join(tmpdir(), "invobi-spa-"));
    mkdirSync(join(spaDir, "assets"));
    writeFileSync(join(spaDir, "index.html"), '<!doctype html><script type="module" src="/assets/main.js"></script>');
    writeFileSync(join(spaDir, "assets/main.js"), "console.log('spa');");
    app = createApp({ db: database.prisma, provider: database.provider, config: testConfig(), logger: createLogger({ level: "silent" }), spaDir });
  });
  afterAll(async () => {
    rmSync(spaDir, { recursive: true, force: true });
    await database.destroy();
  });

  it("are on the SPA shell, its client-side routes and assets, the APIs, errors and 404s", async () => {
    for (const [path, init, status] of [
      ["/", {}, 200],
      ["/invoices/123", {}, 200],
      ["/assets/main.js", {}, 200],
      ["/healthz", {}, undefined],
      ["/api/v1/invoices", {}, 401],
      ["/api/v1/nowhere", { headers: { authorization: "Bearer nope" } }, undefined],
      ["/nowhere.json", { method: "POST" }, 404],
      ["/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }, 400],
      ["/graphql", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:5555", cookie: "invobi_session=x" }, body: "{}" }, undefined],
    ] as [string, RequestInit, number | undefined][]) {
      const res = await app.request(path, init);
      if (status) expect(res.status, path).toBe(status);
      expectSecurityHeaders(res, `${init.method ?? "GET"} ${path}`);
    }
  });
});

describe("the GraphiQL page (GRAPHIQL=true)", () => {
  const t = useTestApp({ config: { GRAPHIQL: true } });

  it("has its own policy naming its inline scripts by hash: no 'unsafe-inline' script", async () => {
    const res = await t.request("/graphql", { headers: { accept: "text/html" } });
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0);
    const csp = res.headers.get("content-security-policy")!;
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "))!;
    for (const script of inline) expect(scriptSrc).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("field suggestions", () => {
  let production: TestApp;
  const development = useTestApp({ config: { INTROSPECTION: true } });
  beforeAll(async () => {
    production = await createTestApp({ config: { INTROSPECTION: false } });
  });
  afterAll(async () => {
    await production?.database.destroy();
  });

  const MISTAKES: [string, string, Record<string, unknown>][] = [
    ["unknown field", "{ invoicez(first: 1) { totalCount } }", {}],
    ["unknown argument", "{ invoices(frist: 1) { totalCount } }", {}],
    ["unknown enum value", "{ invoices(first: 1, filter: { status: [PAIDD] }) { totalCount } }", {}],
    ["unknown enum value in a variable", "query($s: [InvoiceStatus!]) { invoices(first: 1, filter: { status: $s }) { totalCount } }", { s: ["PAIDD"] }],
    ["unknown input field", "{ invoices(first: 1, filter: { overdu: true }) { totalCount } }", {}],
  ];

  it("are hidden when introspection is off (production): the mistake is named, the schema is not", async () => {
    const a = await createAccount(production.db);
    for (const [what, query, variables] of MISTAKES) {
      const res = await graphql(production, query, variables, a.auth);
      const messages = (res.body.errors ?? []).map((e) => e.message);
      expect(messages.length, what).toBeGreaterThan(0);
      for (const message of messages) {
        expect(message, what).not.toMatch(/did you mean/i);
        expect(message, what).toMatch(/invoicez|frist|PAIDD|overdu/);
      }
    }
  });

  it("stay in development, where the schema is public anyway", async () => {
    const a = await createAccount(development.db);
    for (const [what, query, variables] of MISTAKES) {
      const res = await graphql(development, query, variables, a.auth);
      expect(res.body.errors?.[0]?.message, what).toMatch(/Did you mean/);
    }
  });
});
