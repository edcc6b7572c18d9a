import { describe, expect, it } from "vitest";
import { GenerationFailedError, type GenerateInvoiceFn } from "../rest/generation-port.ts";
import { call, fakeGenerator } from "../rest/testing.ts";
import { createAccount, invoiceInput, signInCookie } from "../test/factories.ts";
import { createTestApp, useTestApp } from "../test/harness.ts";
import { createInvoice } from "../modules/invoices/invoices.service.ts";
import { IDEMPOTENCY_TTL_MS, requestHash } from "./idempotency.ts";

const slow = fakeGenerator({ delayMs: 300 });
let clock = new Date("2025-06-01T12:00:00Z");

const generate = (prompt = "10 hours of consulting at $150/hour for Acme Corp. Add 10% tax.") => ({
  prompt,
  llm_provider: "gemini-25-flash",
  llm_api_key: "sk-idem-secret",
});

describe("Idempotency-Key", () => {
  const t = useTestApp({ now: () => clock, app: { generateInvoice: slow.fn } });
  const invoices = (userId: string) => t.db.invoice.count({ where: { userId } });

  it("replays the first response for the same key and body without running the handler again", async () => {
    const a = await createAccount(t.db);
    const headers = { "Idempotency-Key": "create-1" };
    const calls = slow.calls.length;
    const first = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate() });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate() });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("content-type")).toMatch(/^application\/json/);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("x-ratelimit-limit")).not.toBeNull();
    expect(slow.calls.length - calls).toBe(1);
    expect(await invoices(a.user.id)).toBe(1);
    const row = await t.db.idempotencyKey.findFirstOrThrow({ where: { userId: a.user.id } });
    expect(row.responseBody).not.toContain("sk-idem-secret");

    // The same JSON with keys in another order and other whitespace is the same request.
    const reordered = `{"llm_api_key":"sk-idem-secret",  "llm_provider":"gemini-25-flash","prompt":${JSON.stringify(generate().prompt)}}`;
    const same = await call(t, "POST", "/api/v1/invoices", { headers: { ...a.auth, ...headers, "content-type": "application/json" }, body: reordered });
    expect(same.headers.get("idempotent-replayed")).toBe("true");
    expect(await invoices(a.user.id)).toBe(1);

    // No key: every request runs.
    await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: generate() });
    await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: generate() });
    expect(await invoices(a.user.id)).toBe(3);
  });

  it("answers 422 when a key is reused for a different request", async () => {
    const a = await createAccount(t.db);
    const headers = { "Idempotency-Key": "k-422" };
    expect((await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers, json: { prompt_text: "one" } })).status).toBe(201);
    const other = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers, json: { prompt_text: "two" } });
    expect(other.status).toBe(422);
    expect(other.body.error).toBe(
      'Idempotency-Key "k-422" was already used for a different request (POST /api/v1/prompts); use a new key for a new request',
    );
    const otherPath = await call(t, "POST", "/api/invoices", { auth: a.auth, headers, json: { prompt_text: "one" } });
    expect(otherPath.status).toBe(422);
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(1);
  });

  it("scopes keys per token (and per session account)", async () => {
    const a = await createAccount(t.db);
    const { createToken } = await import("../test/factories.ts");
    const second = await createToken(t.db, a.user, ["read", "write"], "second");
    const headers = { "Idempotency-Key": "shared-key" };
    const one = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers, json: { prompt_text: "p" } });
    const two = await call(t, "POST", "/api/v1/prompts", { auth: second.auth, headers, json: { prompt_text: "p" } });
    expect(two.headers.get("idempotent-replayed")).toBeNull();
    expect(two.body.prompt.id).not.toBe(one.body.prompt.id);
    const cookie = await signInCookie(t, a.email, a.password);
    const s1 = await call(t, "POST", "/api/v1/prompts", { headers: { cookie, ...headers }, json: { prompt_text: "p" } });
    const s2 = await call(t, "POST", "/api/v1/prompts", { headers: { cookie, ...headers }, json: { prompt_text: "p" } });
    expect(s2.headers.get("idempotent-replayed")).toBe("true");
    expect(s2.body).toEqual(s1.body);
    expect(await t.db.idempotencyKey.count({ where: { scope: `session:${a.user.id}` } })).toBe(1);
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(3);
  });

  it("runs concurrent duplicates once: the others wait and replay, or get 409", async () => {
    const a = await createAccount(t.db);
    const calls = slow.calls.length;
    const headers = { "Idempotency-Key": "race-1" };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => call(t, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate("race") })),
    );
    expect(slow.calls.length - calls).toBe(1);
    expect(await invoices(a.user.id)).toBe(1);
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(created.filter((r) => r.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    for (const res of created) expect(res.body).toEqual(created[0]!.body);
  });

  it("gives up waiting with 409 while the first request is still running", async () => {
    const t2 = await createTestApp({ app: { generateInvoice: fakeGenerator({ delayMs: 600 }).fn, idempotency: { waitMs: 100 } } });
    try {
      const a = await createAccount(t2.db);
      const headers = { "Idempotency-Key": "busy" };
      const [first, second] = await Promise.all([
        call(t2, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate() }),
        new Promise((r) => setTimeout(r, 100)).then(() => call(t2, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate() })),
      ]);
      expect(first.status).toBe(201);
      expect(second.status).toBe(409);
      expect(second.body.error).toBe('A request with Idempotency-Key "busy" is still being processed; retry shortly');
      expect(second.headers.get("retry-after")).toBe("1");
      const later = await call(t2, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate() });
      expect(later).toMatchObject({ status: 201, body: first.body });
      expect(later.headers.get("idempotent-replayed")).toBe("true");
    } finally {
      await t2.database.destroy();
    }
  });

  it("stores client errors (replayed) but not server errors (the retry runs again)", async () => {
    let failures = 1;
    const inner = fakeGenerator();
    const flaky: GenerateInvoiceFn = async (ctx, req) => {
      if (failures-- > 0) throw new GenerationFailedError("provider timed out", 504);
      return inner.fn(ctx, req);
    };
    const t2 = await createTestApp({ app: { generateInvoice: flaky } });
    try {
      const a = await createAccount(t2.db);
      const headers = { "Idempotency-Key": "retry-me" };
      const failed = await call(t2, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate() });
      expect(failed).toMatchObject({ status: 504, body: { error: "provider timed out" } });
      const retried = await call(t2, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate() });
      expect(retried.status).toBe(201);
      expect(retried.headers.get("idempotent-replayed")).toBeNull();
      expect(inner.calls).toHaveLength(1);

      const badHeaders = { "Idempotency-Key": "bad-body" };
      const invalid = await call(t2, "POST", "/api/v1/prompts", { auth: a.auth, headers: badHeaders, json: { prompt_text: "" } });
      expect(invalid.status).toBe(400);
      const replayed = await call(t2, "POST", "/api/v1/prompts", { auth: a.auth, headers: badHeaders, json: { prompt_text: "" } });
      expect(replayed).toMatchObject({ status: 400, body: invalid.body });
      expect(replayed.headers.get("idempotent-replayed")).toBe("true");

      const forbidden = await call(t2, "POST", "/api/v1/prompts", { auth: a.readOnlyAuth, headers: { "Idempotency-Key": "ro" }, json: { prompt_text: "x" } });
      expect(forbidden.status).toBe(403);
      expect(await t2.db.idempotencyKey.count({ where: { key: "ro" } })).toBe(0);
    } finally {
      await t2.database.destroy();
    }
  });

  it("applies to PATCH and the basic API, not to GET, PUT or DELETE", async () => {
    const a = await createAccount(t.db);
    const inv = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput());
    const headers = { "Idempotency-Key": "patch-1" };
    const first = await call(t, "PATCH", `/api/v1/invoices/${inv.id}`, { auth: a.auth, headers, json: { title: "A" } });
    await call(t, "PATCH", `/api/v1/invoices/${inv.id}`, { auth: a.auth, json: { title: "B" } });
    const replay = await call(t, "PATCH", `/api/v1/invoices/${inv.id}`, { auth: a.auth, headers, json: { title: "A" } });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect((await t.db.invoice.findUniqueOrThrow({ where: { id: inv.id } })).title).toBe("B");

    const basicHeaders = { "Idempotency-Key": "basic-1" };
    const body = { invoiceNumber: "B-1", date: "2025-06-01", dueDate: "2025-06-30", status: "draft", currency: "USD",
      customer: { id: "c", name: "n", email: "e@x.example", address: "a", city: "c", state: "s", zipCode: "z", country: "US" },
      items: [{ id: "i", description: "d", quantity: 1, rate: 1 }] };
    const b1 = await call(t, "POST", "/api/invoices", { auth: a.auth, headers: basicHeaders, json: body });
    const b2 = await call(t, "POST", "/api/invoices", { auth: a.auth, headers: basicHeaders, json: body });
    expect([b1.status, b2.status]).toEqual([201, 201]);
    expect(b2.headers.get("idempotent-replayed")).toBe("true");

    const get = await call(t, "GET", `/api/v1/invoices/${inv.id}`, { auth: a.auth, headers: { "Idempotency-Key": "g" } });
    expect(get.headers.get("idempotent-replayed")).toBeNull();
    expect(await t.db.idempotencyKey.count({ where: { key: "g" } })).toBe(0);
  });

  it("rejects malformed keys", async () => {
    const a = await createAccount(t.db);
    for (const key of ["x".repeat(256), "with space", "ünïcode"]) {
      const res = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers: { "Idempotency-Key": key }, json: { prompt_text: "x" } });
      expect(res.status, key).toBe(400);
      expect(res.body.error).toMatch(/^Invalid Idempotency-Key header/);
    }
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(0);
  });

  it("forgets keys after 24 hours", async () => {
    const a = await createAccount(t.db);
    const headers = { "Idempotency-Key": "daily" };
    await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers, json: { prompt_text: "x" } });
    clock = new Date(clock.getTime() + IDEMPOTENCY_TTL_MS - 60_000);
    const within = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers, json: { prompt_text: "x" } });
    expect(within.headers.get("idempotent-replayed")).toBe("true");
    clock = new Date(clock.getTime() + 120_000);
    const after = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers, json: { prompt_text: "x" } });
    expect(after.status).toBe(201);
    expect(after.headers.get("idempotent-replayed")).toBeNull();
    // Even a different body is fine once the old key has expired.
    clock = new Date(clock.getTime() + IDEMPOTENCY_TTL_MS + 1);
    const different = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers, json: { prompt_text: "y" } });
    expect(different.status).toBe(201);
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(3);
  });

  it("hashes method, path and canonical body", () => {
    expect(requestHash("POST", "/a", '{"b":1,"a":[1,{"d":2,"c":3}]}')).toBe(requestHash("POST", "/a", '{ "a": [1, {"c":3,"d":2}], "b": 1 }'));
    expect(requestHash("POST", "/a", "{}")).not.toBe(requestHash("PATCH", "/a", "{}"));
    expect(requestHash("POST", "/a", "{}")).not.toBe(requestHash("POST", "/a?preview=true", "{}"));
    expect(requestHash("POST", "/a", "not json")).not.toBe(requestHash("POST", "/a", "not  json"));
  });
});
