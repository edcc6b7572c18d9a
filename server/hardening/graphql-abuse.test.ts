/**
 * GraphQL abuse: deep nesting, alias bombs, huge lists, batched operations, fragment
 * cycles and bombs, directive floods and very long documents are refused by the
 * limits (server/graphql/yoga.ts DOCUMENT_LIMITS, the Pothos cost limits, the
 * nodes(ids:) cap, the 1 MB body limit) with a clear message, quickly, and without
 * running anything; right after each one a normal query still answers correctly and
 * quickly. Timing bounds are deliberately generous (2 s) so that a loaded machine
 * does not make them flaky; the measured times are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_NODE_IDS } from "../graphql/builder.ts";
import { DOCUMENT_LIMITS } from "../graphql/yoga.ts";
import { MAX_BODY_BYTES } from "../http/body-limit.ts";
import { createInvoice } from "../modules/invoices/invoices.service.ts";
import { createAccount, invoiceInput } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";
import { globalId, gql, isInternalError, postGraphQL, snapshotAccount, type GqlResponse } from "./cases.ts";

const BOUND_MS = 2_000;
/** graphql-js's own wording ("more that" sic in graphql 16). */
const TOKENS = /Document contains more tha[nt] 5000 tokens\. Parsing aborted\./;
const timings: [string, number][] = [];

describe("GraphQL abuse is refused quickly and the server stays responsive", () => {
  const t = useTestApp();
  let account: Awaited<ReturnType<typeof createAccount>>;
  let invoiceIds: string[] = [];

  beforeAll(async () => {
    account = await createAccount(t.db);
    const ctx = { db: t.db, userId: account.user.id };
    invoiceIds = [];
    for (let i = 0; i < 3; i++) invoiceIds.push((await createInvoice(ctx, invoiceInput({ title: `Abuse ${i}` }))).id);
  });

  afterAll(() => {
    console.log(`GraphQL abuse rejections (ms): ${timings.map(([k, v]) => `${k}=${Math.round(v)}`).join(", ")}`);
  });

  const send = (body: string): Promise<GqlResponse> => postGraphQL(t, body, account.auth);

  const doc = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

  /**
   * Sends the abuse, checks it is refused with `message` (no data, no internal error,
   * nothing written) within the bound, then that a normal query answers correctly within the bound.
   */
  async function refused(label: string, body: string, message: RegExp, options: { status?: number[] } = {}) {
    const before = await snapshotAccount(t.db, account.user.id);
    const started = performance.now();
    const res = await send(body);
    const elapsed = performance.now() - started;
    timings.push([label, elapsed]);
    const what = `${label}: ${res.status} ${res.text.slice(0, 400)}`;
    expect(isInternalError(res), what).toBe(false);
    expect(options.status ?? [200, 400, 413], what).toContain(res.status);
    const messages = [...(res.body.errors ?? []).map((e) => e.message), res.body.error ?? ""];
    expect(messages.some((m) => message.test(m)), what).toBe(true);
    const data = res.body.data;
    expect(data === undefined || data === null || Object.values(data).every((v) => v === null), what).toBe(true);
    expect(elapsed, `${label} took ${Math.round(elapsed)} ms`).toBeLessThan(BOUND_MS);
    expect(await snapshotAccount(t.db, account.user.id), `${label} wrote something`).toBe(before);
    await stillResponsive(label);
  }

  async function stillResponsive(label: string) {
    const started = performance.now();
    const res = await gql(t, `{ viewer { email } invoices(first: 5) { totalCount edges { node { title } } } }`, {}, account.auth);
    const elapsed = performance.now() - started;
    expect(res.body, `normal query after ${label}`).toEqual({
      data: { viewer: { email: account.email }, invoices: { totalCount: 3, edges: ["Abuse 2", "Abuse 1", "Abuse 0"].map((title) => ({ node: { title } })) } },
    });
    expect(elapsed, `normal query after ${label} took ${Math.round(elapsed)} ms`).toBeLessThan(BOUND_MS);
  }

  const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(" ");

  describe("deep nesting", () => {
    it("3,000 nested selections: the parser's recursion is cut by the token limit or answered as a syntax error", async () => {
      await refused("nested selections 3k", doc(`{ viewer ${"{ a ".repeat(3_000)}${"} ".repeat(3_000)} }`), /Syntax Error: Document is nested too deeply\.|Document contains more tha[nt] 5000 tokens/);
    });
    it("100,000 nested selections (a megabyte of braces)", async () => {
      await refused("nested selections 100k", doc(`{${"{".repeat(100_000)}${"}".repeat(100_000)}}`), /Query is too long: at most 100000 characters/);
    });
    it("4,900 nested list values in an argument (one token per level)", async () => {
      await refused("nested lists 4.9k", doc(`{ nodes(ids: ${"[".repeat(4_900)}${"]".repeat(4_900)}) { id } }`), /^Syntax Error: Document is nested too deeply\.$/, { status: [400] });
    });
    it("deep introspection", async () => {
      await refused("deep introspection", doc(`{ __schema { types { ${"fields { type { ".repeat(20)} name ${"} } ".repeat(20)} } } }`), /introspection depth/i);
    });
    it("variables nested 10,000 levels", async () => {
      const variables = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
      await refused("deep variables", `{"query": "query($x: String) { viewer { id } }", "variables": {"x": ${variables}}}`, /Variables are nested too deeply: at most 32 levels/, { status: [400] });
    });
  });

  describe("alias bombs", () => {
    it("1,000 aliases of an expensive field", async () => {
      const fields = repeat(1_000, (i) => `a${i}: invoices(first: 100) { totalCount edges { node { items { amount { formatted } } } } }`);
      await refused("1k aliases of invoices", doc(`{ ${fields} }`), TOKENS);
    });
    it("200 aliases of an expensive field (under the token limit)", async () => {
      await refused("200 aliases of invoices", doc(`{ ${repeat(200, (i) => `a${i}: invoices(first: 100) { totalCount }`)} }`), /Query has too many aliases: at most 30 per document/);
    });
    it("100 aliased generateInvoice mutations: 100 generations in one request", async () => {
      const calls = repeat(100, (i) => `g${i}: generateInvoice(input: { provider: OFFLINE, prompt: "10 hours of work at $5/hour for Acme", save: true }) { __typename }`);
      await refused("100 aliased mutations", doc(`mutation { ${calls} }`), /Query has too many aliases: at most 30 per document/);
    });
    it("fields just under the alias limit still run, and the cost limit still counts them", async () => {
      const res = await gql(t, `{ ${repeat(DOCUMENT_LIMITS.aliases, (i) => `a${i}: invoices(first: 100) { edges { node { items { amount { formatted } } totals { total { formatted } } } } }`)} }`, {}, account.auth);
      expect(res.body.errors?.[0]?.message, res.text.slice(0, 300)).toMatch(/^Query too (costly|broad)/);
      const fine = await gql(t, `{ ${repeat(DOCUMENT_LIMITS.aliases, (i) => `a${i}: viewer { email }`)} }`, {}, account.auth);
      expect(fine.body.errors, fine.text.slice(0, 300)).toBeUndefined();
    });
  });

  describe("huge lists", () => {
    it("first: 1,000,000 on both connections", async () => {
      await refused("invoices first 1e6", doc(`{ invoices(first: 1000000) { totalCount edges { node { id } } } }`), /^Query too costly: complexity \d+ exceeds the limit of 20000$/);
      await refused("prompts first 1e6", doc(`{ prompts(first: 1000000) { edges { node { id } } } }`), /^Query too costly/);
    });
    it("first beyond a 32-bit integer", async () => {
      await refused("first 2^31", doc(`{ invoices(first: 2147483648) { totalCount } }`), /Int cannot represent non 32-bit signed integer value/, { status: [400] });
    });
    it("nodes(ids:) with 10,000 ids, and just over the cap", async () => {
      const ids = Array.from({ length: 10_000 }, (_, i) => globalId("Invoice", `missing-${i}`));
      await refused("nodes 10k ids", doc(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }), /^ids: at most 20 ids per call \(got 10000\)$/);
      await refused("nodes 21 ids", doc(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids.slice(0, MAX_NODE_IDS + 1) }), /^ids: at most 20 ids per call \(got 21\)$/);
    });
    it("nodes(ids:) at the cap answers, misses as null, within the bound", async () => {
      const ids = [...invoiceIds.map((id) => globalId("Invoice", id)), ...Array.from({ length: MAX_NODE_IDS - 3 }, (_, i) => globalId("Invoice", `missing-${i}`))];
      const started = performance.now();
      const res = await gql(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, account.auth);
      timings.push(["nodes at the cap", performance.now() - started]);
      expect(res.body.data?.nodes, res.text.slice(0, 300)).toEqual([...invoiceIds.map((id) => ({ id: globalId("Invoice", id) })), ...Array(MAX_NODE_IDS - 3).fill(null)]);
      expect(performance.now() - started).toBeLessThan(BOUND_MS * 2);
    });
  });

  describe("batched operations", () => {
    it("an array of 100 operations is refused whole, nothing runs", async () => {
      const batch = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ query: `mutation { createPrompt(input: { text: "batched ${i}" }) { __typename } }` })));
      await refused("batch of 100", batch, /^Batching is not supported\.$/, { status: [400] });
    });
    it("100 operations in one document: the client must say which one, nothing runs", async () => {
      await refused("100 operations", doc(repeat(100, (i) => `mutation M${i} { createPrompt(input: { text: "op ${i}" }) { __typename } }`)), /Could not determine what operation to execute|Must provide operation name/, { status: [400] });
    });
  });

  describe("fragments", () => {
    it("fragment cycles are refused by validation", async () => {
      await refused("fragment cycle", doc(`query { ...A } fragment A on Query { viewer { id } ...B } fragment B on Query { ...A }`), /Cannot spread fragment "A" within itself via "B"/, { status: [400] });
      await refused("self-spread", doc(`query { ...A } fragment A on Query { ...A }`), /Cannot spread fragment "A" within itself/, { status: [400] });
    });
    it("a fragment bomb (2^40 fields) is refused by the cost limits without expanding it", async () => {
      const fragments = [`fragment F0 on Query { viewer { id email } }`];
      for (let i = 1; i <= 40; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
      await refused("fragment bomb 2^40", doc(`query { ...F40 } ${fragments.join(" ")}`), /^Query too broad/);
      const onInvoices = [`fragment G0 on Invoice { id number items { id } }`];
      for (let i = 1; i <= 30; i++) onInvoices.push(`fragment G${i} on Invoice { ...G${i - 1} ...G${i - 1} }`);
      await refused("fragment bomb on invoices 2^30", doc(`query { invoices(first: 100) { edges { node { ...G30 } } } } ${onInvoices.join(" ")}`), /^Query too (broad|costly)/);
    });
  });

  describe("directive overloading", () => {
    it("1,000 @skip on one field: over the token limit", async () => {
      await refused("1k @skip", doc(`{ viewer ${"@skip(if: false) ".repeat(1_000)} { id } }`), TOKENS);
    });
    it("60 @include on one field, and 60 unknown directives", async () => {
      await refused("60 @include", doc(`{ viewer { id ${"@include(if: true) ".repeat(60)} } }`), /Query has too many directives: at most 50 per document/, { status: [400] });
      await refused("60 unknown directives", doc(`{ viewer ${"@a ".repeat(60)} { id } }`), /Query has too many directives: at most 50 per document/, { status: [400] });
    });
  });

  describe("very long documents", () => {
    it("over the 1 MB body limit", async () => {
      await refused("2 MB document", doc(`{ viewer { id } } # ${"x".repeat(2 * MAX_BODY_BYTES)}`), /^Request body too large/, { status: [413] });
    });
    it("a 900 KB comment, 900 KB of fields, a 900 KB string argument", async () => {
      await refused("900 KB comment", doc(`# ${"x".repeat(900_000)}\n{ viewer { id } }`), /Query is too long: at most 100000 characters/);
      await refused("900 KB of fields", doc(`{ ${"__typename ".repeat(80_000)} }`), /Query is too long/);
      await refused("90 KB of fields", doc(`{ ${"__typename ".repeat(8_000)} }`), TOKENS);
      await refused("90 KB string argument", doc(`{ invoices(filter: { search: "${"x".repeat(90_000)}" }) { totalCount } }`), /^search: must be at most 200 characters$/);
      await refused("900 KB string variable", doc(`query($s: String) { invoices(filter: { search: $s }) { totalCount } }`, { s: "x".repeat(900_000) }), /^search: must be at most 200 characters$/);
    });
  });
});
