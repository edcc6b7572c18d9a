/**
 * Yoga hardening: GraphQL-over-HTTP conformance (graphql-http audits) on a real
 * listening server, cost/depth limits, masked errors, CSRF for cookie sessions,
 * introspection switch, and a constant number of SQL queries per list.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvoice } from "../modules/invoices/invoices.service.ts";
import { createPrompt } from "../modules/prompts/prompts.service.ts";
import { createAccount, graphql, invoiceInput, signInCookie } from "../test/factories.ts";
import { createTestApp, useTestApp, type TestApp } from "../test/harness.ts";

describe("GraphQL over HTTP conformance (graphql-http serverAudits)", () => {
  const t = useTestApp();
  let url = "";
  let close: () => void = () => {};
  beforeAll(async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    close = () => server.close();
  });
  afterAll(() => close());

  it("passes every MUST audit", async () => {
    const failures: string[] = [];
    let musts = 0;
    for (const audit of serverAudits({ url })) {
      if (!audit.name.startsWith("MUST")) continue;
      musts++;
      const result = await audit.fn();
      if (result.status !== "ok") failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(musts).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });
});

describe("limits, masking, CSRF and introspection", () => {
  const t = useTestApp();

  it("rejects queries over the cost limit (page size counts) before running them", async () => {
    const a = await createAccount(t.db);
    const tooDeep = await graphql(
      t,
      `{ ${["a", "b", "c", "d", "e", "f"]
        .map((alias) => `${alias}: invoices(first: 100) { edges { node { items { id } discounts { id } taxes { id } totals { taxes { amount { formatted } } } } } }`)
        .join(" ")} }`,
      {},
      a.auth,
    );
    expect(tooDeep.body.errors?.[0]?.message).toMatch(/^Query too costly: complexity \d+ exceeds the limit of 20000$/);
    expect(tooDeep.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(tooDeep.body.data ?? null).toBeNull();
  });

  it("an everyday SPA list query stays well under the limits", async () => {
    const a = await createAccount(t.db);
    const res = await graphql(
      t,
      `{ viewer { email } invoices(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id number title status issuedAt dueAt isOverdue customer { name } total { formatted } } } } }`,
      {},
      a.auth,
    );
    expect(res.body.errors).toBeUndefined();
  });

  it("masks unexpected errors: no stack, no SQL", async () => {
    const a = await createAccount(t.db);
    // A malformed cursor is a typed validation error, not an internal one…
    const res = await graphql(t, `{ invoices(first: 1, after: "%%%") { totalCount } }`, {}, a.auth);
    expect(res.body.errors?.[0]?.message).toBe("after: is not a valid cursor for this ordering");
    expect(JSON.stringify(res.body)).not.toMatch(/stack|SELECT|prisma/i);
  });

  it("refuses cookie-authenticated POSTs that a cross-site form could forge", async () => {
    const a = await createAccount(t.db);
    const cookie = await signInCookie(t, a.email, a.password);
    const forged = await t.request("/graphql", {
      method: "POST",
      headers: { "content-type": "text/plain", cookie },
      body: JSON.stringify({ query: "mutation { signOut { __typename } }" }),
    });
    expect(forged.status).toBe(403);
    expect(await t.db.session.count({ where: { userId: a.user.id } })).toBe(1);
  });

  it("turns introspection and GraphiQL off when configured (production default)", async () => {
    const prod: TestApp = await createTestApp({ config: { INTROSPECTION: false, GRAPHIQL: false } });
    try {
      const res = await graphql(prod, `{ __schema { types { name } } }`);
      expect(res.body.errors?.[0]?.message).toMatch(/introspection/i);
      const page = await prod.request("/graphql", { headers: { accept: "text/html" } });
      expect(page.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
    } finally {
      await prod.database.destroy();
    }
  });
});

describe("query count", () => {
  const queries: string[] = [];
  const t = useTestApp({ onQuery: (e) => queries.push(e.query) });

  it("lists invoices with items, discounts, taxes, totals and prompt labels in a constant number of SQL queries", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    const prompt = await createPrompt(ctx, { text: "monthly retainer", labels: [{ name: "Retainer" }, { name: "Consulting" }] });
    for (let i = 0; i < 50; i++) {
      await createInvoice(
        ctx,
        invoiceInput({
          items: [
            { description: `A ${i}`, quantity: "2", unitPrice: "10.5", taxPercent: "19" },
            { description: `B ${i}`, quantity: "1", unitPrice: "3", taxPercent: "7" },
          ],
          discounts: [{ kind: "percent", value: "5" }],
        }),
        { promptId: prompt.id },
      );
    }
    const query = `query($first: Int!) { invoices(first: $first) { totalCount edges { node {
      number items { description amount { formatted } } discounts { kind value } taxes { name rate }
      totals { total { formatted } taxes { rate amount { amount } } } prompt { text labels { name color } } } } } }`;
    const count = async (first: number) => {
      queries.length = 0;
      const res = await graphql(t, query, { first }, a.auth);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.invoices.edges).toHaveLength(first);
      expect(res.body.data?.invoices.edges[0].node.prompt.labels).toHaveLength(2);
      return queries.length;
    };
    await count(1); // the token's first use writes lastUsedAt once; keep it out of the comparison
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(12);
  });
});
