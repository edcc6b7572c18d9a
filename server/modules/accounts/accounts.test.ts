import { describe, expect, it } from "vitest";
import { createAccount, createUser, graphql, signInCookie } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { verifyPassword } from "./password.ts";

const VIEWER = `{ viewer { id email } }`;

describe("accounts", () => {
  const t = useTestApp();

  it("signs up, sets an httpOnly SameSite=Lax session cookie, and the cookie identifies the viewer", async () => {
    const result = await graphql(
      t,
      `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on SignUpSuccess { user { email } } } }`,
      { input: { email: "  Ada@Example.COM ", password: "correct horse battery" } },
    );
    expect(result.body.data?.signUp).toEqual({ __typename: "SignUpSuccess", user: { email: "ada@example.com" } });
    const setCookie = result.headers.getSetCookie().find((c) => c.startsWith("invobi_session="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(";")[0]!;
    const viewer = await graphql(t, VIEWER, {}, { cookie });
    expect(viewer.body.data?.viewer.email).toBe("ada@example.com");
  });

  it("stores only a scrypt hash of the password", async () => {
    const { user, password } = await createUser(t.db);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).not.toContain(password);
    expect(row.passwordHash.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword(password, row.passwordHash)).toBe(true);
    expect(await verifyPassword(`${password}x`, row.passwordHash)).toBe(false);
  });

  it("rejects a duplicate email and a short password with typed errors", async () => {
    const { email } = await createUser(t.db);
    const dup = await graphql(
      t,
      `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on Error { message code } } }`,
      { input: { email: email.toUpperCase(), password: "long enough password" } },
    );
    expect(dup.body.data?.signUp).toMatchObject({ __typename: "ConflictError", code: "CONFLICT" });
    const short = await graphql(
      t,
      `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on ValidationError { issues { path message } } } }`,
      { input: { email: "new@example.com", password: "short" } },
    );
    expect(short.body.data?.signUp).toEqual({
      __typename: "ValidationError",
      issues: [{ path: ["password"], message: "must be at least 8 characters" }],
    });
    expect(await t.db.user.count({ where: { email: "new@example.com" } })).toBe(0);
  });

  it("rejects a wrong password and an unknown email with the same message", async () => {
    const { email } = await createUser(t.db);
    const query = `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on Error { message } } }`;
    const wrong = await graphql(t, query, { input: { email, password: "not the password" } });
    const unknown = await graphql(t, query, { input: { email: "nobody@example.com", password: "whatever123" } });
    expect(wrong.body.data?.signIn).toEqual({ __typename: "UnauthorizedError", message: "Invalid email or password" });
    expect(unknown.body.data?.signIn).toEqual(wrong.body.data?.signIn);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it("signs out: the session is deleted server-side, so a replayed cookie is anonymous", async () => {
    const { email, password, user } = await createUser(t.db);
    const cookie = await signInCookie(t, email, password);
    expect((await graphql(t, VIEWER, {}, { cookie })).body.data?.viewer.id).toBe(user.id);
    const out = await graphql(t, `mutation { signOut { ... on SignOutSuccess { signedOut } } }`, {}, { cookie });
    expect(out.body.data?.signOut).toEqual({ signedOut: true });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await graphql(t, VIEWER, {}, { cookie })).body.data?.viewer).toBeNull();
  });

  it("ignores a session cookie with a forged signature", async () => {
    const { email, password } = await createUser(t.db);
    const cookie = await signInCookie(t, email, password);
    const forged = cookie.replace(/.$/, (ch) => (ch === "A" ? "B" : "A"));
    expect((await graphql(t, VIEWER, {}, { cookie: forged })).body.data?.viewer).toBeNull();
  });

  it("viewer only ever shows the caller's own account", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const asA = await graphql(t, VIEWER, {}, a.auth);
    const asB = await graphql(t, VIEWER, {}, b.auth);
    expect(asA.body.data?.viewer).toEqual({ id: a.user.id, email: a.email });
    expect(asB.body.data?.viewer).toEqual({ id: b.user.id, email: b.email });
    const cookieA = await signInCookie(t, a.email, a.password);
    // A cookie for A plus a bearer token for B: the token wins, consistently.
    expect((await graphql(t, VIEWER, {}, { cookie: cookieA, ...b.auth })).body.data?.viewer.id).toBe(b.user.id);
  });

  it("updates account settings with validation", async () => {
    const a = await createAccount(t.db);
    const mutation = `mutation($input: UpdateAccountSettingsInput!) { updateAccountSettings(input: $input) {
      __typename ... on UpdateAccountSettingsSuccess { user { defaultCurrency locale timezone invoiceNumberPrefix businessDetails { label value } } }
      ... on ValidationError { issues { path message } } } }`;
    const ok = await graphql(t, mutation, {
      input: { defaultCurrency: "EUR", locale: "de-DE", timezone: "Europe/Berlin", invoiceNumberPrefix: "RE-", businessDetails: [{ label: "VAT ID", value: "DE123" }] },
    }, a.auth);
    expect(ok.body.data?.updateAccountSettings.user).toEqual({
      defaultCurrency: "EUR", locale: "de-DE", timezone: "Europe/Berlin", invoiceNumberPrefix: "RE-",
      businessDetails: [{ label: "VAT ID", value: "DE123" }],
    });
    const bad = await graphql(t, mutation, { input: { defaultCurrency: "XYZ", timezone: "Mars/Base" } }, a.auth);
    expect(bad.body.data?.updateAccountSettings.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual([
      "defaultCurrency",
      "timezone",
    ]);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: a.user.id } })).timezone).toBe("Europe/Berlin");
  });
});
