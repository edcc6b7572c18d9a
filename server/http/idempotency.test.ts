import { describe, expect, it } from "vitest";
import { LlmError, type GenerateInvoiceFn } from "../modules/generation/generation.port.ts";
import { call, fakeGenerator } from "../test/rest.ts";
import { createAccount, invoiceInput } from "../test/factories.ts";
import { createTestApp, useTestApp } from "../test/harness.ts";
import { createInvoice } from "../modules/invoices/invoices.service.ts";
import type { Db } from "../db/client.ts";
import { idempotencyLeaseFor, parseConfig } from "../config.ts";
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

  it("scopes keys per token", async () => {
    const a = await createAccount(t.db);
    const { createToken } = await import("../test/factories.ts");
    const second = await createToken(t.db, a.user, ["read", "write"], "second");
    const headers = { "Idempotency-Key": "shared-key" };
    const one = await call(t, "POST", "/api/v1/prompts", { auth: a.auth, headers, json: { prompt_text: "p" } });
    const two = await call(t, "POST", "/api/v1/prompts", { auth: second.auth, headers, json: { prompt_text: "p" } });
    expect(two.headers.get("idempotent-replayed")).toBeNull();
    expect(two.body.prompt.id).not.toBe(one.body.prompt.id);
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(2);
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

  it("gives up waiting with 409 while the first request is still running (Retry-After: until its lease ends)", async () => {
    const t2 = await createTestApp({
      config: { IDEMPOTENCY_LEASE_MS: 30_000 },
      app: { generateInvoice: fakeGenerator({ delayMs: 600 }).fn, idempotency: { waitMs: 100 } },
    });
    try {
      const a = await createAccount(t2.db);
      const headers = { "Idempotency-Key": "busy" };
      const [first, second] = await Promise.all([
        call(t2, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate() }),
        new Promise((r) => setTimeout(r, 100)).then(() => call(t2, "POST", "/api/v1/invoices", { auth: a.auth, headers, json: generate() })),
      ]);
      expect(first.status).toBe(201);
      expect(second.status).toBe(409);
      // Claimed ~100 ms before a 30 s lease: answered, or abandoned and runnable again, within 30 s.
      const retryAfter = Number(second.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(28);
      expect(retryAfter).toBeLessThanOrEqual(30);
      expect(second.body.error).toBe(`A request with Idempotency-Key "busy" is still being processed; retry after ${retryAfter} s`);
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
      if (failures-- > 0) throw new LlmError("LLM_TIMEOUT", "provider timed out", 504);
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

  it("leases last longer than the slowest request by default (two model calls and their transactions)", () => {
    expect(parseConfig({}).IDEMPOTENCY_LEASE_MS).toBe(240_000);
    expect(parseConfig({ LLM_TIMEOUT_MS: "90000" }).IDEMPOTENCY_LEASE_MS).toBe(300_000);
    // Each of the 2 attempts: the model call plus an invoice transaction (≤ 15 s wait + 20 s run).
    expect(idempotencyLeaseFor(60_000)).toBeGreaterThan(2 * (60_000 + 15_000 + 20_000));
    expect(parseConfig({ IDEMPOTENCY_LEASE_MS: "1000" }).IDEMPOTENCY_LEASE_MS).toBe(1_000);
    expect(() => parseConfig({ IDEMPOTENCY_LEASE_MS: "0" })).toThrow(/IDEMPOTENCY_LEASE_MS/);
  });

  it("hashes method, path and canonical body", () => {
    expect(requestHash("POST", "/a", '{"b":1,"a":[1,{"d":2,"c":3}]}')).toBe(requestHash("POST", "/a", '{ "a": [1, {"c":3,"d":2}], "b": 1 }'));
    expect(requestHash("POST", "/a", "{}")).not.toBe(requestHash("PATCH", "/a", "{}"));
    expect(requestHash("POST", "/a", "{}")).not.toBe(requestHash("POST", "/a?preview=true", "{}"));
    expect(requestHash("POST", "/a", "not json")).not.toBe(requestHash("POST", "/a", "not  json"));
  });
});

describe("Idempotency-Key: crash recovery (a pending key older than the lease)", () => {
  const LEASE_MS = 60_000;
  const gen = fakeGenerator();
  const t = useTestApp({
    config: { IDEMPOTENCY_LEASE_MS: LEASE_MS },
    app: { generateInvoice: gen.fn, idempotency: { waitMs: 5_000, pollMs: 20 } },
  });
  const counts = async (userId: string) => ({
    invoices: await t.db.invoice.count({ where: { userId } }),
    prompts: await t.db.prompt.count({ where: { userId } }),
  });
  const abandonedAt = () => new Date(Date.now() - LEASE_MS - 1_000);
  const structured = (title: string) => ({
    invoice: { title, customer: { name: "Acme Corp" }, items: [{ description: "Consulting", quantity: "10", unit: "hour", unit_price: "150" }] },
  });
  const basic = (number: string) => ({
    invoiceNumber: number, date: "2025-06-01", dueDate: "2025-06-30", status: "draft", currency: "USD",
    customer: { id: "c", name: "n", email: "e@x.example", address: "a", city: "c", state: "s", zipCode: "z", country: "US" },
    items: [{ id: "i", description: "d", quantity: 1, rate: 1 }],
  });
  /** What a kill between the handler's commit and storing its answer leaves: the key pending, claimed before the lease. */
  const loseAnswer = (db: Db, userId: string, key: string) =>
    db.idempotencyKey.updateMany({ where: { userId, key }, data: { statusCode: null, responseBody: null, claimedAt: abandonedAt() } });
  /** A pending key as a request leaves it when its process dies before committing anything. */
  const abandonedKey = (db: Db, a: { user: { id: string } }, tokenId: string, key: string, path: string, json: unknown) =>
    db.idempotencyKey.create({
      data: {
        userId: a.user.id, apiTokenId: tokenId, scope: tokenId, key, method: "POST", path,
        requestHash: requestHash("POST", path, JSON.stringify(json)), createdAt: abandonedAt(), claimedAt: abandonedAt(),
      },
    });
  const tokenIdOf = async (userId: string) => (await t.db.apiToken.findFirstOrThrow({ where: { userId, name: "full" } })).id;

  it("committed but unanswered: the retry answers 201 with the same invoice or prompt, and creates nothing", async () => {
    const a = await createAccount(t.db);
    const cases = [
      { path: "/api/v1/invoices", json: structured("Crash structured") },
      { path: "/api/v1/invoices", json: generate("10 hours of consulting at $150/hour for Crash Corp") },
      { path: "/api/invoices", json: basic("B-CRASH-1") },
      { path: "/api/v1/prompts", json: { prompt_text: "crash prompt", labels: [{ name: "Crash", color: "#123456" }] } },
    ];
    for (const [n, { path, json }] of cases.entries()) {
      const headers = { "Idempotency-Key": `lost-${n}` };
      const first = await call(t, "POST", path, { auth: a.auth, headers, json });
      expect(first.status, path).toBe(201);
      const before = await counts(a.user.id);
      await loseAnswer(t.db, a.user.id, `lost-${n}`);

      const retry = await call(t, "POST", path, { auth: a.auth, headers, json });
      expect(retry.status, path).toBe(201);
      expect(retry.headers.get("idempotent-replayed"), path).toBeNull(); // it ran again…
      expect(retry.body, path).toEqual(first.body); // …and found what the first run committed
      expect(await counts(a.user.id), path).toEqual(before);
      const row = await t.db.idempotencyKey.findFirstOrThrow({ where: { userId: a.user.id, key: `lost-${n}` } });
      expect(row.statusCode).toBe(201);

      const replay = await call(t, "POST", path, { auth: a.auth, headers, json });
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body).toEqual(first.body);
    }
    const invoices = await t.db.invoice.findMany({ where: { userId: a.user.id }, orderBy: { number: "asc" } });
    expect(invoices.map((i) => i.number)).toEqual(["B-CRASH-1", "INV-0001", "INV-0002"]);
  });

  it("committed but unanswered (the invoice stored with the key's request key): same id and number on retry", async () => {
    const a = await createAccount(t.db);
    const json = structured("Crashed after commit");
    const row = await abandonedKey(t.db, a, await tokenIdOf(a.user.id), "after-commit", "/api/v1/invoices", json);
    const committed = await createInvoice(
      { db: t.db, userId: a.user.id },
      { title: "Crashed after commit", customer: { name: "Acme Corp" }, items: [{ description: "Consulting", quantity: "10", unit: "hour", unitPrice: "150" }] },
      {},
      { requestKey: row.id },
    );
    const retry = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, headers: { "Idempotency-Key": "after-commit" }, json });
    expect(retry.status).toBe(201);
    expect(retry.body.invoice).toMatchObject({ id: committed.id, number: committed.number, title: "Crashed after commit" });
    expect(await counts(a.user.id)).toEqual({ invoices: 1, prompts: 0 });
  });

  it("abandoned before anything was committed: the retry creates it, once", async () => {
    const a = await createAccount(t.db);
    const json = structured("Crashed before commit");
    const row = await abandonedKey(t.db, a, await tokenIdOf(a.user.id), "before-commit", "/api/v1/invoices", json);
    const retry = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, headers: { "Idempotency-Key": "before-commit" }, json });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.body.invoice).toMatchObject({ number: "INV-0001", title: "Crashed before commit" });
    const stored = await t.db.invoice.findMany({ where: { userId: a.user.id } });
    expect(stored.map((i) => [i.id, i.requestKey])).toEqual([[retry.body.invoice.id, row.id]]);
    const after = await t.db.idempotencyKey.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.statusCode).toBe(201);
    expect(after.claimedAt.getTime()).toBeGreaterThan(row.claimedAt.getTime());
    const again = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, headers: { "Idempotency-Key": "before-commit" }, json });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(retry.body);
    expect(await counts(a.user.id)).toEqual({ invoices: 1, prompts: 0 });
  });

  it("concurrent retries of an abandoned key: one takes it over and runs, the others replay its answer", async () => {
    const a = await createAccount(t.db);
    const tokenId = await tokenIdOf(a.user.id);
    for (const committedFirst of [false, true]) {
      const key = `herd-${committedFirst}`;
      const json = generate(`10 hours of consulting at $150/hour for Herd ${committedFirst ? "Yes" : "No"} Corp`);
      const row = await abandonedKey(t.db, a, tokenId, key, "/api/v1/invoices", json);
      const committed = committedFirst
        ? await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput({ title: `Herd ${key}` }), {}, { requestKey: row.id })
        : null;
      const calls = gen.calls.length;
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => call(t, "POST", "/api/v1/invoices", { auth: a.auth, headers: { "Idempotency-Key": key }, json })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(responses.filter((r) => r.headers.get("idempotent-replayed") === null)).toHaveLength(1);
      for (const r of responses) expect(r.body).toEqual(responses[0]!.body);
      expect(gen.calls.length - calls).toBe(1);
      expect(await t.db.invoice.count({ where: { userId: a.user.id, requestKey: row.id } })).toBe(1);
      if (committed) expect(responses[0]!.body.invoice.id).toBe(committed.id);
    }
    expect(await counts(a.user.id)).toEqual({ invoices: 2, prompts: 0 });
  });

  it("an abandoned key is still bound to its request: a different body gets 422 and runs nothing", async () => {
    const a = await createAccount(t.db);
    await abandonedKey(t.db, a, await tokenIdOf(a.user.id), "bound", "/api/v1/invoices", structured("one"));
    const other = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, headers: { "Idempotency-Key": "bound" }, json: structured("two") });
    expect(other.status).toBe(422);
    expect(await counts(a.user.id)).toEqual({ invoices: 0, prompts: 0 });
  });

  it("within the lease a pending key is not taken over: 409 with Retry-After until the lease ends", async () => {
    const t2 = await createTestApp({ config: { IDEMPOTENCY_LEASE_MS: LEASE_MS }, app: { idempotency: { waitMs: 100, pollMs: 20 } } });
    try {
      const a = await createAccount(t2.db);
      const headers = { "Idempotency-Key": "held" };
      const json = { prompt_text: "held" };
      const tokenId = (await t2.db.apiToken.findFirstOrThrow({ where: { userId: a.user.id, name: "full" } })).id;
      const claimedAt = new Date(Date.now() - 20_000); // claimed 20 s ago by a request that may still be running
      const row = await t2.db.idempotencyKey.create({
        data: { userId: a.user.id, apiTokenId: tokenId, scope: tokenId, key: "held", method: "POST", path: "/api/v1/prompts",
          requestHash: requestHash("POST", "/api/v1/prompts", JSON.stringify(json)), createdAt: claimedAt, claimedAt },
      });
      const busy = await call(t2, "POST", "/api/v1/prompts", { auth: a.auth, headers, json });
      expect(busy.status).toBe(409);
      const retryAfter = Number(busy.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(38);
      expect(retryAfter).toBeLessThanOrEqual(40);
      expect(await t2.db.prompt.count({ where: { userId: a.user.id } })).toBe(0);
      expect((await t2.db.idempotencyKey.findUniqueOrThrow({ where: { id: row.id } })).claimedAt).toEqual(claimedAt);

      // The lease runs out (the holder died): the next retry runs it.
      await t2.db.idempotencyKey.update({ where: { id: row.id }, data: { claimedAt: new Date(Date.now() - LEASE_MS) } });
      const retried = await call(t2, "POST", "/api/v1/prompts", { auth: a.auth, headers, json });
      expect(retried.status).toBe(201);
      expect(await t2.db.prompt.count({ where: { userId: a.user.id, requestKey: row.id } })).toBe(1);
    } finally {
      await t2.database.destroy();
    }
  });

  it("a holder that outlived its lease and was taken over cannot release (or overwrite) its successor's claim", async () => {
    let runs = 0;
    const inner = fakeGenerator({ delayMs: 700 });
    // The first run outlives a 200 ms lease and then fails (504: it would release the key); the second run succeeds.
    const firstFailsLate: GenerateInvoiceFn = async (ctx, req) => {
      if (runs++ === 0) {
        await new Promise((r) => setTimeout(r, 700));
        throw new LlmError("LLM_TIMEOUT", "provider timed out", 504);
      }
      return inner.fn(ctx, req);
    };
    const t2 = await createTestApp({ config: { IDEMPOTENCY_LEASE_MS: 200 }, app: { generateInvoice: firstFailsLate, idempotency: { waitMs: 5_000, pollMs: 20 } } });
    try {
      const a = await createAccount(t2.db);
      const headers = { "Idempotency-Key": "zombie" };
      const json = generate("10 hours of consulting at $150/hour for Zombie Corp");
      const row = () => t2.db.idempotencyKey.findFirstOrThrow({ where: { userId: a.user.id, key: "zombie" } });
      const firstRequest = call(t2, "POST", "/api/v1/invoices", { auth: a.auth, headers, json });
      const secondRequest = new Promise((r) => setTimeout(r, 350)).then(() => call(t2, "POST", "/api/v1/invoices", { auth: a.auth, headers, json }));
      const first = await firstRequest;
      expect(first.status).toBe(504);
      // The successor (still running) keeps its claim: the late failure did not mark the key released.
      const during = await row();
      expect(during.claimedAt.getTime()).toBeGreaterThan(0);
      const second = await secondRequest;
      expect(second.status).toBe(201);
      expect(runs).toBe(2);
      const done = await row();
      expect(done.statusCode).toBe(201);
      expect(JSON.parse(done.responseBody!)).toEqual(second.body);
      expect(await t2.db.invoice.count({ where: { userId: a.user.id } })).toBe(1);
    } finally {
      await t2.database.destroy();
    }
  });
});
