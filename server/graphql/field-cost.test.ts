/**
 * Expensive mutation fields spend one rate-limit point each (server/graphql/field-cost.ts),
 * and an operation holds at most one signIn/signUp/generateInvoice.
 */
import { describe, expect, it } from "vitest";
import { createAccount, graphql } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";
import { fakeGenerator } from "../test/rest.ts";
import { EXPENSIVE_FIELDS } from "./field-cost.ts";

const LIMIT = 10;
const createInvoices = (n: number, tag: string) =>
  `mutation { ${Array.from({ length: n }, (_, i) => `c${i}: createInvoice(input: { title: "${tag}-${i}", items: [{ description: "x", quantity: "1", unitPrice: "1" }] }) { __typename }`).join("\n")} }`;

describe("expensive fields count once per field against the rate limit", () => {
  const t = useTestApp({ config: { RATE_LIMIT_PER_MINUTE: LIMIT }, app: { generateInvoice: fakeGenerator().fn } });

  it("3 aliased createInvoice spend 3 points; 8 more do not fit in what is left, and none of them runs", async () => {
    const a = await createAccount(t.db);
    const titles = (tag: string) => t.db.invoice.count({ where: { userId: a.user.id, title: { startsWith: `${tag}-` } } });

    const three = await graphql(t, createInvoices(3, "three"), {}, a.auth);
    expect(three.status).toBe(200);
    expect(Object.values(three.body.data ?? {}).map((v) => (v as { __typename: string }).__typename)).toEqual(Array(3).fill("CreateInvoiceSuccess"));
    expect(three.headers.get("x-ratelimit-remaining")).toBe(String(LIMIT - 3));
    expect(await titles("three")).toBe(3);

    const eight = await graphql(t, createInvoices(8, "eight"), {}, a.auth);
    expect(eight.status).toBe(429);
    expect(Number(eight.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(eight.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(eight.body.data ?? null).toBeNull();
    expect(eight.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Rate limit exceeded: each signIn, signUp, generateInvoice, createInvoice, createApiToken field counts as one request, and this operation's 8 do not fit in what is left of 10 per window; retry in \d+ s$/),
      extensions: { code: "RATE_LIMITED", retryAfter: expect.any(Number) },
    });
    expect(await titles("eight")).toBe(0);
  });

  it("a single expensive field costs what any request costs", async () => {
    const a = await createAccount(t.db);
    const one = await graphql(t, createInvoices(1, "one"), {}, a.auth);
    expect(one.headers.get("x-ratelimit-remaining")).toBe(String(LIMIT - 1));
    const token = await graphql(t, `mutation { a: createApiToken(input: { name: "x", permissions: [READ] }) { __typename } b: createApiToken(input: { name: "y", permissions: [READ] }) { __typename } }`, {}, a.auth);
    expect(token.headers.get("x-ratelimit-remaining")).toBe(String(LIMIT - 3));
  });

  it("at most one of signIn, signUp and generateInvoice per operation, however it is spelled; nothing runs", async () => {
    const a = await createAccount(t.db);
    const before = await t.db.invoice.count({ where: { userId: a.user.id } });
    const generate = (alias: string) => `${alias}: generateInvoice(input: { provider: OFFLINE, prompt: "2 hours at $50/hour for Acme", save: true }) { __typename }`;
    const documents = [
      `mutation { ${generate("g1")} ${generate("g2")} }`,
      `mutation { ${generate("g1")} s: signIn(input: { email: "${a.email}", password: "${a.password}" }) { __typename } }`,
      `mutation { ...G ... on Mutation { ${generate("g2")} } } fragment G on Mutation { ${generate("g1")} }`,
    ];
    for (const query of documents) {
      const res = await graphql(t, query, {}, a.auth);
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0], query).toMatchObject({
        message: "An operation may hold at most one of signIn, signUp, generateInvoice (this one holds 2)",
        extensions: { code: "QUERY_TOO_COMPLEX" },
      });
    }
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(before);
    // One is fine.
    const single = await graphql(t, `mutation { ${generate("g")} }`, {}, a.auth);
    expect(single.body.errors, JSON.stringify(single.body)).toBeUndefined();
  });

  it("names every expensive field that exists in the schema", async () => {
    const { schema } = await import("./schema.ts");
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    for (const name of EXPENSIVE_FIELDS) expect(mutations, name).toContain(name);
  });
});
