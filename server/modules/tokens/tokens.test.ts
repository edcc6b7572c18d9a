import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAccount, createToken, createUser, graphql, signInCookie } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { createApiToken, issueApiToken, MAX_ACTIVE_TOKENS, operatorActor } from "./tokens.service.ts";

const CREATE = `mutation($name: String!, $permissions: [Permission!]!) {
  createApiToken(input: { name: $name, permissions: $permissions }) {
    __typename
    ... on CreateApiTokenSuccess { secret apiToken { id prefix permissions } }
    ... on ValidationError { message }
    ... on ConflictError { message }
    ... on ForbiddenError { message code }
  }
}`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { __typename ... on RevokeApiTokenSuccess { apiToken { revokedAt } } } }`;

describe("API tokens", () => {
  const t = useTestApp();

  it("returns the secret exactly once and stores only its SHA-256", async () => {
    const { email, password } = await createUser(t.db);
    const cookie = await signInCookie(t, email, password);
    const created = await graphql(t, CREATE, { name: "CI", permissions: ["READ"] }, { cookie });
    const { secret, apiToken } = created.body.data?.createApiToken;
    expect(secret).toMatch(/^inv_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`inv_${apiToken.prefix}_`)).toBe(true);
    expect(apiToken.permissions).toEqual(["READ"]);

    const list = await graphql(t, `{ apiTokens { id name prefix permissions lastUsedAt } }`, {}, { cookie });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.data?.apiTokens).toEqual([{ id: apiToken.id, name: "CI", prefix: apiToken.prefix, permissions: ["READ"], lastUsedAt: null }]);

    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    // The secret part may itself contain "_": it is everything after "inv_<prefix>_".
    const secretPart = secret.slice(`inv_${apiToken.prefix}_`.length);
    expect(Object.values(row).some((v) => typeof v === "string" && v.includes(secretPart))).toBe(false);
    if (t.database.provider === "sqlite") {
      // The secret part appears nowhere in the database file (WAL included).
      const path = t.database.url.slice("file:".length);
      await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(FULL)");
      const bytes = readFileSync(path).toString("latin1");
      expect(bytes.includes(secretPart)).toBe(false);
      expect(bytes.includes(row.secretHash)).toBe(true);
    }
  });

  it("authenticates GraphQL with a bearer token and records last use", async () => {
    const a = await createAccount(t.db);
    const viewer = await graphql(t, `{ viewer { email } }`, {}, a.auth);
    expect(viewer.body.data?.viewer.email).toBe(a.email);
    const tokens = await t.db.apiToken.findMany({ where: { userId: a.user.id, name: "full" } });
    expect(tokens[0]?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("answers 401 with {error} for an invalid, malformed or revoked token", async () => {
    const a = await createAccount(t.db);
    for (const authorization of ["Bearer inv_000000000000_notarealsecretnotarealsecret", "Bearer", "Basic abc", `Bearer ${a.token}x`]) {
      const res = await graphql(t, `{ viewer { id } }`, {}, { authorization });
      expect(res.status, authorization).toBe(401);
      expect(typeof res.body.error).toBe("string");
    }
    const revoke = await graphql(
      t,
      `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { __typename ... on RevokeApiTokenSuccess { apiToken { revokedAt } } } }`,
      { id: (await t.db.apiToken.findFirstOrThrow({ where: { userId: a.user.id, name: "read-only" } })).id },
      a.auth,
    );
    expect(revoke.body.data?.revokeApiToken.apiToken.revokedAt).toMatch(/^\d{4}-/);
    const res = await graphql(t, `{ viewer { id } }`, {}, a.readOnlyAuth);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe("Invalid or expired API token");
  });

  it("a read-only token gets a ForbiddenError, not a token, when it calls a mutation", async () => {
    const a = await createAccount(t.db);
    const res = await graphql(t, CREATE, { name: "escalate", permissions: ["READ", "WRITE"] }, a.readOnlyAuth);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.createApiToken).toMatchObject({ __typename: "ForbiddenError", code: "FORBIDDEN" });
    expect(await t.db.apiToken.count({ where: { userId: a.user.id, name: "escalate" } })).toBe(0);
  });

  it("anonymous callers may sign up/in but not list or create tokens", async () => {
    const list = await graphql(t, `{ apiTokens { id } }`);
    expect(list.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const create = await graphql(t, CREATE, { name: "x", permissions: ["READ"] });
    expect(create.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("one account cannot revoke or list another account's tokens", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const aToken = await createToken(t.db, a.user, ["read"], "a-only");
    const res = await graphql(
      t,
      `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { __typename ... on NotFoundError { message } } }`,
      { id: aToken.apiToken.id },
      b.auth,
    );
    expect(res.body.data?.revokeApiToken).toEqual({ __typename: "NotFoundError", message: "API token not found" });
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: aToken.apiToken.id } })).revokedAt).toBeNull();
    const listB = await graphql(t, `{ apiTokens { id } }`, {}, b.auth);
    expect(listB.body.data?.apiTokens.map((x: { id: string }) => x.id)).not.toContain(aToken.apiToken.id);
  });

  it("validates token input", async () => {
    const a = await createAccount(t.db);
    const res = await graphql(t, CREATE, { name: " ", permissions: [] }, a.auth);
    expect(res.body.data?.createApiToken.__typename).toBe("ValidationError");
  });

  it("creating and revoking tokens needs a session or an ADMIN token; a token never grants more than it has", async () => {
    const a = await createAccount(t.db);
    const readWrite = await createToken(t.db, a.user, ["read", "write"], "read-write");
    const adminRead = await createToken(t.db, a.user, ["read", "admin"], "admin-read");
    const victim = await createToken(t.db, a.user, ["read"], "victim");
    const countNamed = (name: string) => t.db.apiToken.count({ where: { userId: a.user.id, name } });

    // read+write without admin: may neither mint nor revoke.
    const minted = await graphql(t, CREATE, { name: "rw-mint", permissions: ["READ"] }, readWrite.auth);
    expect(minted.body.data?.createApiToken.__typename).toBe("ForbiddenError");
    expect(await countNamed("rw-mint")).toBe(0);
    const revoked = await graphql(t, REVOKE, { id: victim.apiToken.id }, readWrite.auth);
    expect(revoked.body.data?.revokeApiToken.__typename).toBe("ForbiddenError");
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: victim.apiToken.id } })).revokedAt).toBeNull();

    // admin+read: may mint read and admin tokens, never write ones.
    const escalate = await graphql(t, CREATE, { name: "escalate", permissions: ["READ", "WRITE"] }, adminRead.auth);
    expect(escalate.body.data?.createApiToken).toEqual({
      __typename: "ForbiddenError",
      message: "A token cannot grant permissions it does not have: write",
      code: "FORBIDDEN",
    });
    expect(await countNamed("escalate")).toBe(0);
    const within = await graphql(t, CREATE, { name: "within", permissions: ["READ", "ADMIN"] }, adminRead.auth);
    expect(within.body.data?.createApiToken.apiToken.permissions).toEqual(["READ", "ADMIN"]);
    expect((await graphql(t, REVOKE, { id: victim.apiToken.id }, adminRead.auth)).body.data?.revokeApiToken.apiToken.revokedAt).toMatch(/^\d{4}-/);

    // The minted token works with exactly what it was given.
    const child = { authorization: `Bearer ${within.body.data?.createApiToken.secret}` };
    expect((await graphql(t, `{ apiTokens { id } }`, {}, child)).body.data?.apiTokens.length).toBeGreaterThan(0);
    expect((await graphql(t, `mutation { createPrompt(input: { text: "x" }) { __typename } }`, {}, child)).body.data?.createPrompt.__typename).toBe("ForbiddenError");

    // A browser session holds every permission, admin included.
    const cookie = await signInCookie(t, a.email, a.password);
    const bySession = await graphql(t, CREATE, { name: "by-session", permissions: ["READ", "WRITE", "ADMIN"] }, { cookie });
    expect(bySession.body.data?.createApiToken.apiToken.permissions).toEqual(["READ", "WRITE", "ADMIN"]);

    // The same rules hold in the service, whoever calls it.
    const asToken = { userId: a.user.id, via: "token" as const, permissions: { read: true, write: true, admin: false } };
    await expect(issueApiToken(t.db, asToken, { name: "svc", permissions: ["read"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(issueApiToken(t.db, { ...asToken, permissions: { read: true, write: false, admin: true } }, { name: "svc", permissions: ["write"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it(`allows at most ${MAX_ACTIVE_TOKENS} active tokens per account, even when created concurrently`, async () => {
    const { user, email, password } = await createUser(t.db);
    const attempts = await Promise.allSettled(
      Array.from({ length: MAX_ACTIVE_TOKENS + 10 }, (_, i) => issueApiToken(t.db, operatorActor(user.id), { name: `bulk-${i}`, permissions: ["read"] })),
    );
    const refused = attempts.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(attempts.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_ACTIVE_TOKENS);
    expect(refused).toHaveLength(10);
    for (const reason of refused) {
      expect(reason).toMatchObject({ code: "CONFLICT", message: `At most ${MAX_ACTIVE_TOKENS} active API tokens per account: revoke one before creating another` });
    }
    expect(await t.db.apiToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(MAX_ACTIVE_TOKENS);

    // Through GraphQL: a typed ConflictError; revoking one makes room for exactly one more.
    const cookie = await signInCookie(t, email, password);
    const full = await graphql(t, CREATE, { name: "one-too-many", permissions: ["READ"] }, { cookie });
    expect(full.body.data?.createApiToken).toEqual({ __typename: "ConflictError", message: `At most ${MAX_ACTIVE_TOKENS} active API tokens per account: revoke one before creating another` });
    const first = await t.db.apiToken.findFirstOrThrow({ where: { userId: user.id } });
    await graphql(t, REVOKE, { id: first.id }, { cookie });
    expect((await graphql(t, CREATE, { name: "room", permissions: ["READ"] }, { cookie })).body.data?.createApiToken.__typename).toBe("CreateApiTokenSuccess");
    await expect(createApiToken(t.db, user.id, { name: "cli", permissions: ["read"] })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
