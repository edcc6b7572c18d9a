/**
 * CORS (server/http/cors.ts): /graphql answers other origins with no CORS headers
 * unless CORS_ORIGINS lists them (graphql-yoga's default echoed any Origin with
 * credentials); REST is Bearer-only and open to every origin without credentials.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../config.ts";
import { createAccount, signInCookie } from "../test/factories.ts";
import { createTestApp, useTestApp, type TestApp } from "../test/harness.ts";

const OTHER = "http://localhost:5555";
const INVOICES = JSON.stringify({ query: "{ invoices(first: 5) { totalCount } }" });

function preflight(t: TestApp, path: string, origin: string, method = "POST", headers = "content-type") {
  return t.request(path, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
  });
}

describe("/graphql without CORS_ORIGINS", () => {
  const t = useTestApp();

  it("gives another origin no CORS header: its preflight fails and it cannot read a signed-in user's data", async () => {
    const pre = await preflight(t, "/graphql", OTHER);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-credentials")).toBeNull();

    const a = await createAccount(t.db);
    const cookie = await signInCookie(t, a.email, a.password);
    const read = await t.request(`/graphql?query=${encodeURIComponent("{ viewer { email } }")}`, { headers: { cookie, origin: OTHER, accept: "application/json" } });
    expect(read.status).toBe(200);
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
    expect(read.headers.get("access-control-allow-credentials")).toBeNull();
    expect(read.headers.get("vary")).toMatch(/origin/i);
    const post = await t.request("/graphql", { method: "POST", headers: { cookie, origin: "http://localhost", "content-type": "application/json" }, body: INVOICES });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("/graphql with CORS_ORIGINS", () => {
  it("allows exactly the listed origins, with credentials and a fixed header list", async () => {
    const t = await createTestApp({ config: { CORS_ORIGINS: [OTHER] } });
    try {
      const pre = await preflight(t, "/graphql", OTHER, "POST", "content-type, x-forwarded-host");
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-origin")).toBe(OTHER);
      expect(pre.headers.get("access-control-allow-credentials")).toBe("true");
      expect(pre.headers.get("access-control-allow-headers")?.toLowerCase().split(",")).toEqual(["content-type", "authorization", "accept"]);

      const a = await createAccount(t.db);
      const cookie = await signInCookie(t, a.email, a.password);
      const res = await t.request("/graphql", { method: "POST", headers: { cookie, origin: OTHER, "sec-fetch-site": "same-site", "content-type": "application/json" }, body: INVOICES });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe(OTHER);
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      expect(res.headers.get("vary")).toMatch(/origin/i);
      expect(((await res.json()) as any).data.invoices.totalCount).toBe(0);

      const stranger = await preflight(t, "/graphql", "http://localhost:6666");
      expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
      expect(stranger.headers.get("access-control-allow-credentials")).toBeNull();
    } finally {
      await t.database.destroy();
    }
  });

  it("is a list of exact origins: a wildcard or a path is a configuration error", () => {
    expect(parseConfig({}).CORS_ORIGINS).toEqual([]);
    expect(parseConfig({ CORS_ORIGINS: " https://app.example.com/ , http://127.0.0.1:5173" }).CORS_ORIGINS).toEqual(["https://app.example.com", "http://127.0.0.1:5173"]);
    for (const bad of ["*", "https://*.example.com", "https://app.example.com/path", "app.example.com", "ftp://app.example.com", "https://user:pw@app.example.com"]) {
      expect(() => parseConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS: .* is not an origin/);
    }
  });
});

describe("REST CORS", () => {
  const t = useTestApp();

  it("answers any origin's preflight without credentials, before authentication", async () => {
    for (const path of ["/api/v1/invoices", "/api/invoices/abc"]) {
      const pre = await preflight(t, path, "https://someone-elses-app.example", "PATCH", "authorization, content-type, idempotency-key");
      expect(pre.status, path).toBe(204);
      expect(pre.headers.get("access-control-allow-origin"), path).toBe("*");
      expect(pre.headers.get("access-control-allow-credentials"), path).toBeNull();
      expect(pre.headers.get("access-control-allow-methods"), path).toContain("PATCH");
      expect(pre.headers.get("access-control-allow-headers")?.toLowerCase(), path).toContain("idempotency-key");
    }
  });

  it("lets a page elsewhere read a Bearer call's answer and its rate-limit headers", async () => {
    const a = await createAccount(t.db);
    const res = await t.request("/api/v1/invoices", { headers: { ...a.auth, origin: "https://someone-elses-app.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("access-control-expose-headers")).toContain("X-RateLimit-Remaining");
  });
});
