import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { call, type ApiResponse } from "../test/rest.ts";
import { createAccount, graphql, signInCookie } from "../test/factories.ts";
import { createTestApp, useTestApp, type TestApp } from "../test/harness.ts";
import { createRateLimiter, rateLimiterFromConfig } from "./rate-limiter.ts";
import { REDIS_URL, haveRedis } from "../test/redis.ts";

const burst = (n: number, send: () => Promise<ApiResponse>) => Promise.all(Array.from({ length: n }, send));
const statuses = (responses: ApiResponse[]) => responses.map((r) => r.status);
const count = (responses: ApiResponse[], status: number) => responses.filter((r) => r.status === status).length;

function expectLimitHeaders(res: ApiResponse, limit: number) {
  const remaining = Number(res.headers.get("x-ratelimit-remaining"));
  const reset = Number(res.headers.get("x-ratelimit-reset"));
  const now = Date.now() / 1000;
  expect(res.headers.get("x-ratelimit-limit")).toBe(String(limit));
  expect(remaining).toBeGreaterThanOrEqual(0);
  expect(remaining).toBeLessThan(limit);
  expect(reset).toBeGreaterThan(now - 1);
  expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 61);
  expect(res.headers.get("ratelimit-policy")).toBe(`${limit};w=60`);
  expect(res.headers.get("ratelimit")).toMatch(new RegExp(`^limit=${limit}, remaining=${remaining}, reset=\\d+$`));
}

function expectRejected(res: ApiResponse, limit: number) {
  expect(res.status).toBe(429);
  expect(res.body.error).toMatch(new RegExp(`^Rate limit exceeded: ${limit} requests per 60 seconds`));
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
  expectLimitHeaders(res, limit);
}

describe("rate limiting (memory)", () => {
  const t = useTestApp({ app: { rateLimiter: createRateLimiter({ points: 100 }) } });

  it("lets exactly 100 of 200 parallel requests of one token through, with headers on every response", async () => {
    const a = await createAccount(t.db);
    const responses = await burst(200, () => call(t, "GET", "/api/v1/prompts/labels", { auth: a.auth }));
    expect(count(responses, 200)).toBe(100);
    expect(count(responses, 429)).toBe(100);
    const ok = responses.filter((r) => r.status === 200);
    expect(new Set(ok.map((r) => r.headers.get("x-ratelimit-remaining")))).toEqual(new Set(Array.from({ length: 100 }, (_, i) => String(i))));
    for (const res of ok) expectLimitHeaders(res, 100);
    for (const res of responses.filter((r) => r.status === 429)) expectRejected(res, 100);

    // Another token of the same account has its own budget; the exhausted one stays blocked everywhere.
    const other = await call(t, "GET", "/api/v1/invoices", { auth: a.readOnlyAuth });
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-remaining")).toBe("99");
    expectRejected(await call(t, "POST", "/api/v1/prompts", { auth: a.auth, json: { prompt_text: "x" } }), 100);
    const gql = await graphql(t, "{ __typename }", {}, a.auth);
    expect(gql.status).toBe(429);
    expect(gql.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(gql.headers.get("x-ratelimit-limit")).toBe("100");
  });

  it("counts GraphQL requests against the same budget, and limits sessions per account", async () => {
    const a = await createAccount(t.db);
    const first = await graphql(t, "{ __typename }", {}, a.auth);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-remaining")).toBe("99");
    const rest = await call(t, "GET", "/api/v1/invoices", { auth: a.auth });
    expect(rest.headers.get("x-ratelimit-remaining")).toBe("98");

    const cookie = await signInCookie(t, a.email, a.password);
    // Sessions only reach GraphQL (REST is Bearer-only).
    const viaSession = await graphql(t, "{ __typename }", {}, { cookie });
    expect(viaSession.status).toBe(200);
    expect(viaSession.headers.get("x-ratelimit-remaining")).toBe("99");
  });
});

describe("rate limiting from configuration", () => {
  it("uses RATE_LIMIT_PER_MINUTE and limits anonymous callers by address", async () => {
    const t = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: 5 } });
    try {
      const anonymous = await burst(8, () => call(t, "GET", "/api/v1/invoices"));
      expect(statuses(anonymous).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      expectLimitHeaders(anonymous.find((r) => r.status === 401)!, 5);
      const a = await createAccount(t.db);
      const mine = await burst(6, () => call(t, "GET", "/api/v1/invoices", { auth: a.auth }));
      expect(count(mine, 200)).toBe(5);
      expectRejected(mine.find((r) => r.status === 429)!, 5);
      expect((await call(t, "GET", "/healthz")).status).toBe(200);
    } finally {
      await t.database.destroy();
    }
  });

  it("falls back to an in-memory limit when Redis is unreachable", async () => {
    const dead = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    dead.on("error", () => {});
    const t = await createTestApp({ app: { rateLimiter: createRateLimiter({ points: 3, redis: dead }) } });
    try {
      const a = await createAccount(t.db);
      const responses = await burst(5, () => call(t, "GET", "/api/v1/invoices", { auth: a.auth }));
      expect(count(responses, 200)).toBe(3);
      expect(count(responses, 429)).toBe(2);
    } finally {
      dead.disconnect();
      await t.database.destroy();
    }
  });
});

describe.skipIf(!haveRedis)("rate limiting (Redis)", () => {
  let redis: Redis;
  let t: TestApp;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    await redis.ping();
    t = await createTestApp();
  });
  afterAll(async () => {
    await redis.quit();
    await t.database.destroy();
  });
  const prefix = () => `invobi-test:${randomBytes(6).toString("hex")}`;

  it("lets exactly 100 of 200 parallel requests through", async () => {
    const rateLimiter = createRateLimiter({ points: 100, redis, keyPrefix: prefix() });
    expect(rateLimiter.store).toBe("redis");
    const app = createApp({ db: t.db, provider: t.database.provider, config: t.config, logger: t.logger, rateLimiter });
    const a = await createAccount(t.db);
    const responses = await burst(200, () => call({ request: async (p, i) => app.request(p, i) }, "GET", "/api/v1/prompts/labels", { auth: a.auth }));
    expect(count(responses, 200)).toBe(100);
    expect(count(responses, 429)).toBe(100);
    for (const res of responses.filter((r) => r.status === 200)) expectLimitHeaders(res, 100);
    for (const res of responses.filter((r) => r.status === 429)) expectRejected(res, 100);
  });

  it("shares one budget between two app instances (as two processes would)", async () => {
    const keyPrefix = prefix();
    const apps = [1, 2].map(() =>
      createApp({
        db: t.db,
        provider: t.database.provider,
        config: t.config,
        logger: t.logger,
        rateLimiter: createRateLimiter({ points: 100, redis, keyPrefix }),
      }),
    );
    const a = await createAccount(t.db);
    const send = (i: number) => call({ request: async (p, init) => apps[i % 2]!.request(p, init) }, "GET", "/api/v1/invoices", { auth: a.auth });
    const responses = await Promise.all(Array.from({ length: 160 }, (_, i) => send(i)));
    expect(count(responses, 200)).toBe(100);
    expect(count(responses, 429)).toBe(60);
    const perApp = [0, 1].map((k) => responses.filter((_, i) => i % 2 === k && responses[i]!.status === 200).length);
    expect(perApp[0]! + perApp[1]!).toBe(100);
    expect(perApp.every((n) => n > 0)).toBe(true);
    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys).toHaveLength(1);
    expect(Number(await redis.get(keys[0]!))).toBe(160);
  });

  it("opens and closes its own connection from REDIS_URL", async () => {
    const limiter = rateLimiterFromConfig({ RATE_LIMIT_PER_MINUTE: 2, REDIS_URL });
    expect(limiter.store).toBe("redis");
    const key = `close-test-${randomBytes(4).toString("hex")}`;
    expect(await limiter.ready()).toBe(true);
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push(await limiter.consume(key));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    await limiter.close();
  });
});
