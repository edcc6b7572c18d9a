/**
 * The rate limit over real sockets against real server processes:
 *
 * - two `server/main.ts` processes on one database and one REDIS_URL share one
 *   budget: 200 concurrent requests of one token, split across both, give exactly
 *   100 × 200 and 100 × 429 (Retry-After and the limit headers on each);
 * - one process without Redis (memory store): 200 concurrent → exactly 100.
 *
 * The Redis key is `invobi:rl:token:<token id>`: the token is new in a fresh
 * database, so runs never share a budget; the test deletes its key afterwards.
 * Redis part: skipped without a reachable TEST_REDIS_URL, unless
 * INVOBI_REQUIRE_SUITES includes redis (then a missing Redis is a failure).
 */
import { rmSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, createUser } from "../test/factories.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { killAllServers, startServer, tempDataDir, type ServerProcess } from "./app-process.ts";
import { REDIS_URL, haveRedis } from "../test/redis.ts";

const LIMIT = 100;
const REQUESTS = 200;

interface Answer {
  server: number;
  status: number;
  headers: Headers;
  body: { error?: string };
}

/** Fires `REQUESTS` requests at once, request k to servers[k % servers.length]. */
async function burst(servers: ServerProcess[], auth: Record<string, string>): Promise<Answer[]> {
  return Promise.all(
    Array.from({ length: REQUESTS }, async (_, k) => {
      const server = k % servers.length;
      const res = await fetch(`${servers[server]!.baseUrl}/api/v1/invoices?per_page=1`, { headers: auth });
      return { server, status: res.status, headers: res.headers, body: (await res.json()) as { error?: string } };
    }),
  );
}

function expectExactLimit(answers: Answer[], servers: number) {
  const ok = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status === 429);
  expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 429)).toEqual([]);
  expect(ok).toHaveLength(LIMIT);
  expect(refused).toHaveLength(REQUESTS - LIMIT);
  // One shared counter: every remaining value 99…0 is handed out exactly once, whichever process answered.
  expect(ok.map((a) => Number(a.headers.get("x-ratelimit-remaining"))).sort((x, y) => x - y)).toEqual(
    Array.from({ length: LIMIT }, (_, i) => i),
  );
  for (let s = 0; s < servers; s++) expect(ok.some((a) => a.server === s), `process ${s} let some through`).toBe(true);
  const now = Date.now() / 1000;
  for (const a of answers) {
    expect(a.headers.get("x-ratelimit-limit")).toBe(String(LIMIT));
    expect(a.headers.get("ratelimit-policy")).toBe(`${LIMIT};w=60`);
    const reset = Number(a.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(now - 1);
    expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 61);
    expect(a.headers.get("ratelimit")).toMatch(new RegExp(`^limit=${LIMIT}, remaining=${a.headers.get("x-ratelimit-remaining")}, reset=\\d+$`));
  }
  for (const a of refused) {
    const retryAfter = Number(a.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(a.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(a.body.error).toMatch(new RegExp(`^Rate limit exceeded: ${LIMIT} requests per 60 seconds`));
  }
}

describe("rate limiting across real server processes", () => {
  let database: TestDatabase;
  let dataDir: string;
  let owner: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = tempDataDir();
    owner = await createUser(database.prisma);
  });
  afterAll(async () => {
    await killAllServers();
    await database?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const env = (redisUrl: string) => ({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
  });

  it.skipIf(!haveRedis)("two processes sharing REDIS_URL let exactly 100 of 200 concurrent requests through", { timeout: 180_000 }, async () => {
    const token = await createToken(database.prisma, owner.user, ["read"], "two-processes");
    const key = `invobi:rl:token:${token.apiToken.id}`;
    const redis = new Redis(REDIS_URL);
    try {
      const servers = await Promise.all([startServer(env(REDIS_URL)), startServer(env(REDIS_URL))]);
      expect(servers[0]!.pid).not.toBe(servers[1]!.pid);
      expect(await redis.exists(key)).toBe(0);
      const answers = await burst(servers, token.auth);
      expectExactLimit(answers, 2);
      // Every request, allowed or refused, was counted once in the one shared Redis counter.
      expect(Number(await redis.get(key))).toBe(REQUESTS);
      console.info(
        `[rate-limit processes ${database.provider}] started in ${servers.map((s) => s.startMs).join(" / ")} ms; ` +
          `200 via 2 processes: ${answers.filter((a) => a.status === 200 && a.server === 0).length} + ` +
          `${answers.filter((a) => a.status === 200 && a.server === 1).length} allowed, ${answers.filter((a) => a.status === 429).length} × 429`,
      );
      await Promise.all(servers.map((s) => s.kill("SIGTERM")));
    } finally {
      await redis.del(key);
      await redis.quit();
    }
  });

  it("one process without Redis (memory store) lets exactly 100 of 200 concurrent requests through", { timeout: 180_000 }, async () => {
    const token = await createToken(database.prisma, owner.user, ["read"], "one-process");
    const server = await startServer(env(""));
    const answers = await burst([server], token.auth);
    expectExactLimit(answers, 1);
    // Another token has its own budget.
    const other = await createToken(database.prisma, owner.user, ["read"], "other");
    const res = await fetch(`${server.baseUrl}/api/v1/invoices`, { headers: other.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-remaining")).toBe(String(LIMIT - 1));
    await server.kill("SIGTERM");
  });
});
