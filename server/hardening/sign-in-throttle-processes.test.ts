/**
 * Sign-in back-off across real server processes: two `node dist/server/main.js` on one
 * database and one REDIS_URL share the per-email failure count and its wait, so
 * alternating processes gains an attacker nothing, and 30 concurrent guesses split
 * across both still try only 5 passwords.
 *
 * Keys: `invobi:rl:signin-{fail,gate}-account:<hash of a fresh email>` (never shared
 * between runs) and `…-address:127.0.0.1`, which this test deletes before and after
 * (it adds ~10 failures; the address allows 30 per hour).
 * Skipped without a reachable TEST_REDIS_URL, unless INVOBI_REQUIRE_SUITES includes redis.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../test/factories.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { REDIS_URL, haveRedis } from "../test/redis.ts";
import { killAllServers, startServer, tempDataDir, type ServerProcess } from "./app-process.ts";

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`;

async function signIn(server: ServerProcess, email: string, password: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query: SIGN_IN, variables: { input: { email, password } } }),
  });
  const body = (await res.json()) as { data?: { signIn?: { __typename: string } }; errors?: { extensions?: { code?: string; retryAfter?: number } }[] };
  const error = body.errors?.[0]?.extensions;
  if (error?.code === "RATE_LIMITED") return `RATE_LIMITED retryAfter=${error.retryAfter}`;
  return body.data?.signIn?.__typename ?? `HTTP ${res.status}`;
}

describe.skipIf(!haveRedis)("sign-in back-off across two server processes on one Redis", () => {
  let database: TestDatabase;
  let dataDir: string;
  let redis: Redis;
  const clearAddressKeys = async () => {
    const keys = await redis.keys("invobi:rl:signin-*-address:127.0.0.1");
    if (keys.length) await redis.del(...keys);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = tempDataDir();
    redis = new Redis(REDIS_URL);
    await clearAddressKeys();
  });
  afterAll(async () => {
    await killAllServers();
    await clearAddressKeys().catch(() => {});
    await redis?.quit();
    await database?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("failures on either process count together; the 6th attempt is refused on both; 30 concurrent try 5", { timeout: 300_000 }, async () => {
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, REDIS_URL, RATE_LIMIT_PER_MINUTE: "1000" };
    const servers = await Promise.all([startServer(env), startServer(env)]);
    expect(servers[0]!.pid).not.toBe(servers[1]!.pid);

    const victim = await createUser(database.prisma, { email: `victim-${randomBytes(5).toString("hex")}@example.com` });
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) outcomes.push(await signIn(servers[i % 2]!, victim.email, `guess-${i}`));
    expect(outcomes).toEqual(Array(5).fill("UnauthorizedError"));
    // Backing off on both processes, even for the right password (default first wait: 2 s).
    for (const server of servers) expect(await signIn(server, victim.email, victim.password)).toBe("RATE_LIMITED retryAfter=2");

    const other = await createUser(database.prisma, { email: `burst-${randomBytes(5).toString("hex")}@example.com` });
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(servers[i % 2]!, other.email, `guess-${i}`)));
    expect(burst.filter((o) => o === "UnauthorizedError")).toHaveLength(5);
    expect(burst.filter((o) => o.startsWith("RATE_LIMITED"))).toHaveLength(25);
    console.info(`[sign-in throttle processes ${database.provider}] 30 concurrent guesses via 2 processes: ${burst.filter((o) => o === "UnauthorizedError").length} tried`);
    await Promise.all(servers.map((s) => s.kill("SIGTERM")));
  });
});
