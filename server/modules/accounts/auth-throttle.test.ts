/**
 * Sign-in back-off and sign-up limits through the GraphQL API: counted per attempt
 * (per field, per concurrent request), growing exponentially, reset by a success, the
 * same for unknown emails, shared between app instances on one Redis. Sign-up answers
 * the same whether or not an email is registered, with the same password work.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../app.ts";
import { createRateLimiter } from "../../http/rate-limiter.ts";
import { createUser, graphql, type GraphQLResult } from "../../test/factories.ts";
import { createTestApp, useTestApp, type TestApp } from "../../test/harness.ts";
import { REDIS_URL, haveRedis } from "../../test/redis.ts";
import { CANNOT_SIGN_UP } from "./accounts.service.ts";
import { DEFAULT_AUTH_THROTTLE, backoffSeconds, type AuthThrottlePolicy } from "./auth-throttle.ts";
import { passwordWork } from "./password.ts";

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on Error { message } } }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on SignUpSuccess { user { email } } ... on Error { message } } }`;
type Requester = Pick<TestApp, "request">;

/** Account back-off after 5 failures: 1 s, 2 s, 4 s …; the address limit out of the way unless a test wants it. */
const POLICY: Partial<AuthThrottlePolicy> = {
  account: { freeFailures: 5, baseSeconds: 1, maxSeconds: 60, memorySeconds: 3600 },
  address: { freeFailures: 10_000, baseSeconds: 1, maxSeconds: 60, memorySeconds: 3600 },
};

const email = () => `throttle-${randomBytes(5).toString("hex")}@example.com`;
const signIn = (t: Requester, address: string, password: string) => graphql(t, SIGN_IN, { input: { email: address, password } });
const outcome = (res: GraphQLResult) =>
  res.body.errors?.[0]?.extensions?.code === "RATE_LIMITED" ? "RATE_LIMITED" : ((res.body.data?.signIn as { __typename?: string } | undefined)?.__typename ?? res.status);
const limited = (res: GraphQLResult) => res.body.errors?.[0] as { message: string; extensions: { code: string; retryAfter: number } };

/** Polls (every 100 ms) until an attempt is no longer refused, and returns that attempt's answer. */
async function untilAllowed(attempt: () => Promise<GraphQLResult>): Promise<GraphQLResult> {
  for (;;) {
    const res = await attempt();
    if (outcome(res) !== "RATE_LIMITED") return res;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("sign-in back-off (memory store)", () => {
  const t = useTestApp({ app: { authThrottle: POLICY } });

  it("5 failures → wait; the wait doubles with each further failure; a success resets the account", async () => {
    const { email: who, password } = await createUser(t.db);
    for (let i = 0; i < 5; i++) expect(outcome(await signIn(t, who, "wrong password"))).toBe("UnauthorizedError");

    // Backing off: even the right password is not tried (no scrypt work is spent on it).
    const work = passwordWork.derivations;
    const refused = await signIn(t, who, password);
    expect(refused.body.data?.signIn ?? null).toBeNull();
    expect(limited(refused)).toMatchObject({
      message: "Too many failed sign-in attempts: wait 1 s before trying again (each further failure doubles the wait)",
      extensions: { code: "RATE_LIMITED", retryAfter: 1 },
    });
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(passwordWork.derivations).toBe(work);

    // After the wait one more guess is tried; it fails, and the next wait is 2 s, then 4 s.
    for (const next of [2, 4]) {
      expect(outcome(await untilAllowed(() => signIn(t, who, "still wrong")))).toBe("UnauthorizedError");
      expect(limited(await signIn(t, who, "still wrong")).extensions).toEqual({ code: "RATE_LIMITED", retryAfter: next });
    }

    // The right password after the wait signs in and resets the count: 5 free failures again.
    const success = await untilAllowed(() => signIn(t, who, password));
    expect(outcome(success)).toBe("SignInSuccess");
    for (let i = 0; i < 5; i++) expect(outcome(await signIn(t, who, "wrong again"))).toBe("UnauthorizedError");
    expect(limited(await signIn(t, who, password)).extensions).toEqual({ code: "RATE_LIMITED", retryAfter: 1 });
  });

  it("an unknown email is throttled exactly like a registered one", async () => {
    const unknown = email();
    for (let i = 0; i < 5; i++) expect(outcome(await signIn(t, unknown, "whatever123"))).toBe("UnauthorizedError");
    expect(limited(await signIn(t, unknown, "whatever123")).extensions).toEqual({ code: "RATE_LIMITED", retryAfter: 1 });
  });

  it("counts attempts, not requests: of 30 concurrent wrong passwords only 5 are tried", async () => {
    const { email: who } = await createUser(t.db);
    const work = passwordWork.derivations;
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(t, who, `guess-${i}`)));
    const outcomes = answers.map(outcome);
    expect(outcomes.filter((o) => o === "UnauthorizedError")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "RATE_LIMITED")).toHaveLength(25);
    expect(passwordWork.derivations - work).toBe(5);
  });

  it("30 aliased signIn fields in one request test no password at all: one sign-in field per operation", async () => {
    const { email: who, password } = await createUser(t.db);
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: signIn(input: { email: "${who}", password: "guess-${i}" }) { __typename }`).join("\n");
    const viaFragment = `mutation { ...Guesses } fragment Guesses on Mutation { x: signIn(input: { email: "${who}", password: "g1" }) { __typename } ... on Mutation { y: signIn(input: { email: "${who}", password: "g2" }) { __typename } } }`;
    const work = passwordWork.derivations;
    for (const query of [`mutation { ${aliases} }`, viaFragment]) {
      const res = await graphql(t, query);
      expect(res.status).toBe(400);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^An operation may hold at most one of signIn, signUp, generateInvoice \(this one holds (30|2)\)$/),
        extensions: { code: "QUERY_TOO_COMPLEX" },
      });
    }
    expect(passwordWork.derivations).toBe(work);
    // Nothing was counted: the right password still signs in at once.
    expect(outcome(await signIn(t, who, password))).toBe("SignInSuccess");
  });
});

describe("sign-in back-off per address", () => {
  const t = useTestApp({
    app: { authThrottle: { ...POLICY, address: { freeFailures: 3, baseSeconds: 30, maxSeconds: 60, memorySeconds: 3600 } } },
  });

  it("failures on many emails from one address back that address off, own account included", async () => {
    const own = await createUser(t.db);
    for (let i = 0; i < 3; i++) expect(outcome(await signIn(t, email(), "spray-password"))).toBe("UnauthorizedError");
    const next = await signIn(t, email(), "spray-password");
    expect(limited(next)).toMatchObject({ extensions: { code: "RATE_LIMITED", retryAfter: 30 } });
    expect(limited(await signIn(t, own.email, own.password)).extensions.code).toBe("RATE_LIMITED");
  });
});

describe("sign-up", () => {
  const t = useTestApp({ app: { authThrottle: { ...POLICY, signUpsPerAddress: 6, signUpWindowSeconds: 3600 } } });

  it("answers a registered email like a new one, with the same password work, and never says it exists", async () => {
    const registered = await createUser(t.db);
    const signUp = async (address: string, password: string) => {
      const work = passwordWork.derivations;
      const res = await graphql(t, SIGN_UP, { input: { email: address, password } });
      return { res, work: passwordWork.derivations - work, cookie: res.headers.getSetCookie().some((c) => c.startsWith("invobi_session=")) };
    };
    const fresh = email();
    const created = await signUp(fresh, "a long new password");
    const again = await signUp(registered.email, registered.password);
    // Same status, same shape, a session either way, one scrypt derivation each.
    expect(created.res.status).toBe(again.res.status);
    expect(created.res.body).toEqual({ data: { signUp: { __typename: "SignUpSuccess", user: { email: fresh } } } });
    expect(again.res.body).toEqual({ data: { signUp: { __typename: "SignUpSuccess", user: { email: registered.email } } } });
    expect([created.cookie, again.cookie]).toEqual([true, true]);
    expect([created.work, again.work]).toEqual([1, 1]);

    // Another password for a registered email: a generic answer after the same work, no session.
    const other = await signUp(registered.email, "not the owner's password");
    expect(other.res.body).toEqual({ data: { signUp: { __typename: "ConflictError", message: CANNOT_SIGN_UP } } });
    expect(other.res.body.data?.signUp.message).not.toMatch(/exist|already|registered/i);
    expect(other.work).toBe(1);
    expect(other.cookie).toBe(false);
    expect(await t.db.user.count({ where: { email: registered.email } })).toBe(1);
  });

  it("two concurrent sign-ups of one new email: one account, the other gets the same generic answer", async () => {
    const address = email();
    const [a, b] = await Promise.all([
      graphql(t, SIGN_UP, { input: { email: address, password: "first password" } }),
      graphql(t, SIGN_UP, { input: { email: address, password: "second password" } }),
    ]);
    const kinds = [a, b].map((r) => r.body.data?.signUp.__typename).sort();
    expect(kinds).toEqual(["ConflictError", "SignUpSuccess"]);
    expect([a, b].find((r) => r.body.data?.signUp.__typename === "ConflictError")!.body.data?.signUp.message).toBe(CANNOT_SIGN_UP);
    expect(await t.db.user.count({ where: { email: address } })).toBe(1);
  });

  it("limits sign-ups per address (RATE_LIMITED with retryAfter), new account or not", async () => {
    // This file's app has had 5 sign-ups from this (socketless) address so far; the 6th is the last.
    expect((await graphql(t, SIGN_UP, { input: { email: email(), password: "a long password" } })).body.data?.signUp.__typename).toBe("SignUpSuccess");
    const address = email();
    const refused = await graphql(t, SIGN_UP, { input: { email: address, password: "a long password" } });
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Too many sign-ups from your network: at most 6 per hour; retry in \d+ s$/),
      extensions: { code: "RATE_LIMITED", retryAfter: expect.any(Number) },
    });
    expect(await t.db.user.count({ where: { email: address } })).toBe(0);
  });
});

describe("back-off policy", () => {
  it("doubles from the base after the free failures, capped", () => {
    const policy = DEFAULT_AUTH_THROTTLE.account;
    expect([5, 6, 7, 8].map((n) => backoffSeconds(policy, n))).toEqual([2, 4, 8, 16]);
    expect(backoffSeconds(policy, 500)).toBe(policy.maxSeconds);
  });
});

describe.skipIf(!haveRedis)("sign-in back-off shared through Redis", () => {
  let t: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    t = await createTestApp();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await redis?.quit();
    await t?.database.destroy();
  });

  it("two app instances on one Redis share the count: failures on either, the 6th is refused on both", async () => {
    const keyPrefix = `invobi-test:${randomBytes(6).toString("hex")}`;
    const apps = [1, 2].map(() =>
      createApp({
        db: t.db,
        provider: t.database.provider,
        config: t.config,
        logger: t.logger,
        rateLimiter: createRateLimiter({ points: 100_000, redis, keyPrefix }),
        authThrottle: POLICY,
      }),
    );
    const via = (i: number): Requester => ({ request: async (path, init) => apps[i % 2]!.request(path, init) });
    const { email: who, password } = await createUser(t.db);
    for (let i = 0; i < 5; i++) expect(outcome(await signIn(via(i), who, "wrong password"))).toBe("UnauthorizedError");
    for (const i of [0, 1]) expect(limited(await signIn(via(i), who, password)).extensions).toEqual({ code: "RATE_LIMITED", retryAfter: 1 });

    // Concurrent attempts split across both instances: still only 5 tried in all.
    const other = await createUser(t.db);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(via(i), other.email, `guess-${i}`)));
    expect(answers.map(outcome).filter((o) => o === "UnauthorizedError")).toHaveLength(5);
    expect((await redis.keys(`${keyPrefix}:signin-*`)).length).toBeGreaterThan(0);
    await Promise.all((await redis.keys(`${keyPrefix}*`)).map((key) => redis.del(key)));
  });
});
