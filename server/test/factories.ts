/**
 * Fixture factories: user → token → invoice, so tests read like stories.
 * They go through the real services (never raw inserts) so fixtures obey every rule.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.ts";
import type { User } from "../db/generated/sqlite/client.ts";
import { signUp } from "../modules/accounts/accounts.service.ts";
import { createApiToken, type Permission } from "../modules/tokens/tokens.service.ts";
import type { TestApp } from "./harness.ts";

export interface TestUser {
  user: User;
  email: string;
  password: string;
}

export async function createUser(db: Db, overrides: { email?: string; password?: string } = {}): Promise<TestUser> {
  const email = overrides.email ?? `user-${randomBytes(4).toString("hex")}@example.com`;
  const password = overrides.password ?? `pw-${randomBytes(8).toString("hex")}`;
  const user = await signUp(db, { email, password });
  return { user, email, password };
}

export async function createToken(db: Db, user: User, permissions: Permission[] = ["read", "write"], name = "test") {
  const { secret, apiToken } = await createApiToken(db, user.id, { name, permissions });
  return { secret, apiToken, auth: { authorization: `Bearer ${secret}` } };
}

/** A user with a full (read+write+admin) token and a read-only token: the usual cast of an API test. */
export async function createAccount(db: Db) {
  const owner = await createUser(db);
  const full = await createToken(db, owner.user, ["read", "write", "admin"], "full");
  const readOnly = await createToken(db, owner.user, ["read"], "read-only");
  return { ...owner, token: full.secret, readOnlyToken: readOnly.secret, auth: full.auth, readOnlyAuth: readOnly.auth };
}

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[]; error?: string };
  headers: Headers;
}

/** What a browser on the app's own page sends as Origin to app.request (whose host is localhost). */
export const SAME_ORIGIN = "http://localhost";

/**
 * POSTs a GraphQL operation to the app. With a session cookie it also sends the page's
 * Origin, as every browser does on a POST (cookie requests without one are refused).
 */
export async function graphql<T = Record<string, any>>(
  t: Pick<TestApp, "request">,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const origin: Record<string, string> = headers.cookie !== undefined ? { origin: SAME_ORIGIN } : {};
  const response = await t.request("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...origin, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResult<T>["body"], headers: response.headers };
}

/** Signs in through GraphQL and returns the Cookie header a browser would send back. */
export async function signInCookie(t: Pick<TestApp, "request">, email: string, password: string): Promise<string> {
  const result = await graphql(
    t,
    `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on SignInSuccess { user { id } } } }`,
    { input: { email, password } },
  );
  const cookie = result.headers.getSetCookie().find((c) => c.startsWith("invobi_session="));
  if (!cookie) throw new Error(`sign-in failed: ${JSON.stringify(result.body)}`);
  return cookie.split(";")[0]!;
}

/** A minimal valid structured invoice; override what the story needs. */
export function invoiceInput(overrides: Record<string, unknown> = {}) {
  return {
    title: "Consulting",
    customer: { name: "Acme Corp", email: "billing@acme.example" },
    items: [{ description: "Consulting", quantity: "10", unit: "hour", unitPrice: "150" }],
    taxes: [{ name: "Tax", rate: "10" }],
    ...overrides,
  };
}
