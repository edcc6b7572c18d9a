/**
 * The HTTP edges of the REST APIs: every error is JSON {"error"}, unknown routes
 * 404, wrong methods 405 + Allow, malformed JSON 400, non-JSON bodies 415, bodies
 * over 1 MB 413, session cookies are not credentials here (Bearer only), and no bad input
 * ever causes a 500.
 */
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../http/body-limit.ts";
import { createAccount, invoiceInput, signInCookie } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";
import { createInvoice } from "../modules/invoices/invoices.service.ts";
import { call } from "../test/rest.ts";
import { V1_ROUTES } from "./v1.ts";

describe("REST error handling", () => {
  const t = useTestApp();

  it("answers unknown routes with a JSON 404", async () => {
    const a = await createAccount(t.db);
    for (const path of ["/api/v1/nope", "/api/v1/invoices/x/y/z", "/api/v2/invoices", "/api/nothing", "/api/v1/invoices/"]) {
      const res = await call(t, "GET", path, { auth: a.auth });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^application\/json/);
      expect(res.body.error, path).toMatch(/^No route for GET /);
    }
  });

  it("answers a wrong method on every known path with 405, an Allow header and JSON", async () => {
    const a = await createAccount(t.db);
    const byPath = new Map<string, Set<string>>();
    for (const route of V1_ROUTES) byPath.set(route.path, (byPath.get(route.path) ?? new Set()).add(route.method.toUpperCase()));
    for (const [path, methods] of byPath) {
      const concrete = `/api/v1${path.replace(":id", "some-id")}`;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !methods.has(m))) {
        const res = await call(t, method, concrete, { auth: a.auth, json: method === "GET" ? undefined : {} });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.body.error).toBe(`Method ${method} is not allowed on ${concrete}; allowed: ${res.headers.get("allow")}`);
        const allow = res.headers.get("allow")!.split(", ");
        for (const m of methods) expect(allow).toContain(m);
      }
      const options = await t.request(concrete, { method: "OPTIONS", headers: a.auth });
      expect(options.status).toBe(204);
      expect(options.headers.get("allow")).toContain("OPTIONS");
    }
    const head = await t.request("/api/v1/invoices", { method: "HEAD", headers: a.auth });
    expect(head.status).toBe(200);
  });

  it("rejects malformed JSON, non-object JSON and non-JSON bodies with clear messages", async () => {
    const a = await createAccount(t.db);
    const json = { ...a.auth, "content-type": "application/json" };
    const malformed = await call(t, "POST", "/api/v1/prompts", { headers: json, body: '{"prompt_text": "x",' });
    expect(malformed).toMatchObject({ status: 400, body: { error: "Malformed JSON in request body" } });
    for (const body of ["[]", '"text"', "42", "null"]) {
      const res = await call(t, "POST", "/api/v1/prompts", { headers: json, body });
      expect(res, body).toMatchObject({ status: 400, body: { error: "Request body must be a JSON object" } });
    }
    const form = await call(t, "POST", "/api/v1/prompts", {
      headers: { ...a.auth, "content-type": "application/x-www-form-urlencoded" },
      body: "prompt_text=x",
    });
    expect(form.status).toBe(415);
    expect(form.body.error).toBe(
      'Unsupported Content-Type "application/x-www-form-urlencoded": send the body as JSON with Content-Type: application/json',
    );
    // A string body without a declared type goes out as text/plain (what fetch does).
    const plain = await call(t, "POST", "/api/v1/prompts", { headers: a.auth, body: '{"prompt_text":"x"}' });
    expect(plain.status).toBe(415);
    expect(plain.body.error).toMatch(/^Unsupported Content-Type "text\/plain/);
    const none = await t.request("/api/v1/prompts", { method: "POST", headers: a.auth, body: new TextEncoder().encode('{"prompt_text":"x"}') });
    expect(none.status).toBe(415);
    expect(((await none.json()) as { error: string }).error).toMatch(/^Unsupported Content-Type \(none\)/);
    const missing = await call(t, "POST", "/api/v1/prompts", { headers: json });
    expect(missing).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^Request body is required/) } });
    const charset = await call(t, "POST", "/api/v1/prompts", { headers: { ...a.auth, "content-type": "application/json; charset=utf-8" }, body: '{"prompt_text":"ok"}' });
    expect(charset.status).toBe(201);
    const basic = await call(t, "POST", "/api/invoices", { headers: json, body: "{nope" });
    expect(basic).toMatchObject({ status: 400, body: { error: "Malformed JSON in request body" } });
  });

  it("answers 413 for bodies over 1 MB on REST (v1 and basic) and GraphQL", async () => {
    const a = await createAccount(t.db);
    const big = JSON.stringify({ prompt_text: "x".repeat(MAX_BODY_BYTES) });
    for (const path of ["/api/v1/prompts", "/api/v1/invoices", "/api/invoices", "/graphql"]) {
      const res = await call(t, "POST", path, { headers: { ...a.auth, "content-type": "application/json" }, body: big });
      expect(res.status, path).toBe(413);
      expect(res.body, path).toEqual({ error: `Request body too large: the limit is ${MAX_BODY_BYTES} bytes` });
      expect(res.headers.get("x-ratelimit-limit"), path).not.toBeNull();
    }
    const declared = await t.request("/api/v1/prompts", {
      method: "POST",
      headers: { ...a.auth, "content-type": "application/json", "content-length": String(MAX_BODY_BYTES + 1) },
      body: "x".repeat(MAX_BODY_BYTES + 1),
    });
    expect(declared.status).toBe(413);
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(0);
  });

  it("never answers 500 to garbage input on any route", async () => {
    const a = await createAccount(t.db);
    const inv = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput());
    const prompt = (await call(t, "POST", "/api/v1/prompts", { auth: a.auth, json: { prompt_text: "p" } })).body.prompt;
    const bodies = [
      "{}",
      '{"invoice": null}',
      '{"invoice": []}',
      '{"invoice": {"items": "x"}}',
      '{"invoice": {"items": [{"quantity": {"$gt": 1}}]}}',
      '{"invoice": {"items": [{"description": "x", "quantity": "1e400", "unit_price": 1e400}]}}',
      '{"invoice": {"items": [{"description": "x", "quantity": "1", "unit_price": "99999999999999999999"}]}}',
      '{"invoice": {"currency": "XYZ", "items": [{"description": "x", "quantity": "1", "unit_price": "1"}]}}',
      '{"invoice": {"locale": "!!", "items": [{"description": "x", "quantity": "1", "unit_price": "1"}]}}',
      '{"prompt": 5, "llm_provider": ["gpt-4o"]}',
      '{"prompt_text": {"a": 1}, "labels": [null]}',
      '{"labels": [{"name": ""}]}',
      '{"paid_at": 20250101}',
      '{"status": "paid", "paid_at": "2000-01-01"}',
      '{"items": [], "taxes": [{"name": "VAT", "rate": "-5"}]}',
      '{"discounts": [{"kind": "fixed", "value": "100000000"}]}',
      '{"customer": {"email": "not-an-email", "logo_url": "javascript:alert(1)"}}',
      '{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}',
      '{"invoiceNumber": 5, "date": "x", "dueDate": [], "status": {}, "customer": "c", "items": {}, "currency": 1}',
      `{"prompt_text": "${"\\u0000".repeat(10)}"}`,
    ];
    const paths = new Set<string>();
    for (const route of V1_ROUTES) {
      if (route.method === "get") continue;
      const path = route.path.replace(":id", route.path.startsWith("/prompts") ? prompt.id : inv.id);
      paths.add(`${route.method.toUpperCase()} /api/v1${path}`);
    }
    paths.add("POST /api/invoices").add(`PATCH /api/invoices/${inv.id}`);
    for (const target of paths) {
      if (target.startsWith("DELETE")) continue;
      const [method, path] = target.split(" ") as [string, string];
      for (const body of bodies) {
        const res = await call(t, method, path, { headers: { ...a.auth, "content-type": "application/json" }, body });
        expect(res.status, `${target} ${body}`).toBeLessThan(500);
        expect(typeof res.body === "object" && res.body !== null, `${target} ${body}`).toBe(true);
      }
    }
    for (const query of ["page=1e3", "per_page=%00", "status[]=paid", "sort=-", "search=" + "%25".repeat(300), "search=a%00b", "issued_to=2025-02-30"]) {
      const res = await call(t, "GET", `/api/v1/invoices?${query}`, { auth: a.auth });
      expect(res.status, query).toBeLessThan(500);
    }
    for (const query of ["label=%00", "content=x%00"]) {
      expect((await call(t, "GET", `/api/v1/prompts?${query}`, { auth: a.auth })).status, query).toBe(400);
    }
  });

  it("refuses NUL characters (PostgreSQL cannot store them) with a 400 naming the field", async () => {
    const a = await createAccount(t.db);
    const res = await call(t, "POST", "/api/v1/invoices", {
      auth: a.auth,
      json: { invoice: { title: "a\u0000b", items: [{ description: "x", quantity: "1", unit_price: "1" }] } },
    });
    expect(res).toMatchObject({ status: 400, body: { error: "invoice.title: must not contain NUL (\\u0000) characters" } });
    const query = await call(t, "GET", "/api/v1/invoices?search=%00", { auth: a.auth });
    expect(query).toMatchObject({ status: 400, body: { error: "Invalid query parameter search: must not contain NUL (\\u0000) characters" } });
  });

  describe("cookie sessions", () => {
    it("are never accepted: REST is Bearer-only, so a forged cross-site request has nothing to ride on", async () => {
      const a = await createAccount(t.db);
      const cookie = await signInCookie(t, a.email, a.password);
      const MISSING = "Missing API token: send 'Authorization: Bearer YOUR_API_TOKEN'";
      const read = await call(t, "GET", "/api/v1/prompts", { headers: { cookie } });
      expect(read).toMatchObject({ status: 401, body: { error: MISSING } });
      // Even a same-origin JSON request from the SPA's own page: the cookie is not a credential here.
      const write = await call(t, "POST", "/api/v1/prompts", { headers: { cookie, origin: "http://localhost" }, json: { prompt_text: "via cookie" } });
      expect(write).toMatchObject({ status: 401, body: { error: MISSING } });
      const basic = await call(t, "POST", "/api/invoices", { headers: { cookie }, json: { title: "x" } });
      expect(basic.status).toBe(401);
      expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(0);
    });

    it("leave bearer-token requests alone (no cookie, nothing to forge)", async () => {
      const a = await createAccount(t.db);
      const inv = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput());
      const res = await call(t, "DELETE", `/api/v1/invoices/${inv.id}`, { auth: a.auth, headers: { origin: "https://elsewhere.example" } });
      expect(res.status).toBe(200);
    });
  });
});
