/**
 * Every query and mutation against every kind of caller. The table must name
 * every root field: adding a field without deciding its access fails this test.
 */
import { describe, expect, it } from "vitest";
import { createInvoice } from "../modules/invoices/invoices.service.ts";
import { createLabel, createPrompt } from "../modules/prompts/prompts.service.ts";
import { createAccount, createToken, graphql, invoiceInput } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";
import { schema } from "./schema.ts";

type Access = "public" | "read" | "write" | "admin";
interface Ids {
  invoice: string;
  prompt: string;
  label: string;
  token: string;
}
interface Entry {
  access: Access;
  op: (ids: Ids) => [string, Record<string, unknown>?];
}

const INV = `{ __typename }`;
const MATRIX: Record<string, Entry> = {
  // queries
  viewer: { access: "public", op: () => [`{ viewer { id } }`] },
  node: { access: "read", op: (ids) => [`query($id: ID!) { node(id: $id) { id } }`, { id: ids.invoice }] },
  nodes: { access: "read", op: (ids) => [`query($id: ID!) { nodes(ids: [$id]) { id } }`, { id: ids.invoice }] },
  invoice: { access: "read", op: (ids) => [`query($id: ID!) { invoice(id: $id) { id } }`, { id: ids.invoice }] },
  invoices: { access: "read", op: () => [`{ invoices(first: 1) { totalCount } }`] },
  invoiceSummary: { access: "read", op: () => [`{ invoiceSummary { invoiceCount outstanding { count } } }`] },
  prompts: { access: "read", op: () => [`{ prompts(first: 1) { edges { cursor } } }`] },
  labels: { access: "read", op: () => [`{ labels { id } }`] },
  // a label through node(id:): another account's label is null like any miss
  nodeLabel: { access: "read", op: (ids) => [`query($id: ID!) { node(id: $id) { id } }`, { id: ids.label }] },
  apiTokens: { access: "read", op: () => [`{ apiTokens { id } }`] },
  // mutations
  signUp: { access: "public", op: () => [`mutation { signUp(input: { email: "matrix-${Math.random()}@example.com", password: "long enough" }) ${INV} }`] },
  signIn: { access: "public", op: () => [`mutation { signIn(input: { email: "x@example.com", password: "nope nope" }) ${INV} }`] },
  signOut: { access: "public", op: () => [`mutation { signOut ${INV} }`] },
  updateAccountSettings: { access: "write", op: () => [`mutation { updateAccountSettings(input: { locale: "en-GB" }) ${INV} }`] },
  createApiToken: { access: "admin", op: () => [`mutation { createApiToken(input: { name: "m", permissions: [READ] }) ${INV} }`] },
  revokeApiToken: { access: "admin", op: (ids) => [`mutation($id: ID!) { revokeApiToken(input: { id: $id }) ${INV} }`, { id: ids.token }] },
  createInvoice: { access: "write", op: () => [`mutation { createInvoice(input: { items: [{ description: "x", quantity: "1", unitPrice: "1" }] }) ${INV} }`] },
  updateInvoice: { access: "write", op: (ids) => [`mutation($id: ID!) { updateInvoice(input: { id: $id, title: "x" }) ${INV} }`, { id: ids.invoice }] },
  deleteInvoice: { access: "write", op: (ids) => [`mutation($id: ID!) { deleteInvoice(input: { id: $id }) ${INV} }`, { id: ids.invoice }] },
  markInvoicePaid: { access: "write", op: (ids) => [`mutation($id: ID!) { markInvoicePaid(input: { id: $id }) ${INV} }`, { id: ids.invoice }] },
  markInvoiceUnpaid: { access: "write", op: (ids) => [`mutation($id: ID!) { markInvoiceUnpaid(input: { id: $id }) ${INV} }`, { id: ids.invoice }] },
  duplicateInvoice: { access: "write", op: (ids) => [`mutation($id: ID!) { duplicateInvoice(input: { id: $id }) ${INV} }`, { id: ids.invoice }] },
  setInvoiceStatus: { access: "write", op: (ids) => [`mutation($id: ID!) { setInvoiceStatus(input: { id: $id, status: SENT }) ${INV} }`, { id: ids.invoice }] },
  createPrompt: { access: "write", op: () => [`mutation { createPrompt(input: { text: "x" }) ${INV} }`] },
  updatePrompt: { access: "write", op: (ids) => [`mutation($id: ID!) { updatePrompt(input: { id: $id, text: "y" }) ${INV} }`, { id: ids.prompt }] },
  deletePrompt: { access: "write", op: (ids) => [`mutation($id: ID!) { deletePrompt(input: { id: $id }) ${INV} }`, { id: ids.prompt }] },
  createLabel: { access: "write", op: () => [`mutation { createLabel(input: { name: "m${Math.random()}", color: "#000000" }) ${INV} }`] },
  updateLabel: { access: "write", op: (ids) => [`mutation($id: ID!) { updateLabel(input: { id: $id, color: "#111111" }) ${INV} }`, { id: ids.label }] },
  deleteLabel: { access: "write", op: (ids) => [`mutation($id: ID!) { deleteLabel(input: { id: $id }) ${INV} }`, { id: ids.label }] },
  generateInvoice: { access: "write", op: (ids) => [`mutation($id: ID!) { generateInvoice(input: { provider: OFFLINE, promptId: $id }) ${INV} }`, { id: ids.prompt }] },
};

const rootFields = [
  ...Object.keys(schema.getQueryType()!.getFields()),
  ...Object.keys(schema.getMutationType()!.getFields()),
];

describe("GraphQL auth matrix", () => {
  const t = useTestApp();

  async function victim(): Promise<Ids> {
    const owner = await createAccount(t.db);
    const ctx = { db: t.db, userId: owner.user.id };
    const invoice = await createInvoice(ctx, invoiceInput());
    const prompt = await createPrompt(ctx, { text: "owner's prompt" });
    const label = await createLabel(ctx, { name: "owner", color: "#123456" });
    const token = await createToken(t.db, owner.user, ["read"], "owner-token");
    const globalId = Buffer.from(`Invoice:${invoice.id}`).toString("base64");
    return {
      invoice: globalId,
      prompt: Buffer.from(`Prompt:${prompt.id}`).toString("base64"),
      label: Buffer.from(`Label:${label.id}`).toString("base64"),
      token: token.apiToken.id,
    };
  }

  it("names every root field", () => {
    expect(Object.keys(MATRIX).filter((field) => field !== "nodeLabel").sort()).toEqual([...rootFields].sort());
  });

  it("anonymous callers reach only the public fields", async () => {
    const ids = await victim();
    for (const [field, entry] of Object.entries(MATRIX)) {
      const [query, variables] = entry.op(ids);
      const res = await graphql(t, query, variables);
      expect(res.status, field).toBe(200);
      if (entry.access === "public") expect(res.body.errors, `${field}: ${JSON.stringify(res.body.errors)}`).toBeUndefined();
      else expect(res.body.errors?.[0]?.extensions?.code, field).toBe("UNAUTHENTICATED");
    }
  });

  it("a bad token gets HTTP 401 with {error} on every field", async () => {
    const ids = await victim();
    for (const [field, entry] of Object.entries(MATRIX)) {
      const [query, variables] = entry.op(ids);
      const res = await graphql(t, query, variables, { authorization: "Bearer inv_0123456789ab_definitelynotavalidsecretvalue" });
      expect(res.status, field).toBe(401);
      expect(res.body.error, field).toBe("Invalid or expired API token");
    }
  });

  // A mutation answers a missing permission in its payload, as the ForbiddenError member
  // (no top-level error); a query would answer it as a top-level FORBIDDEN.
  it("a read-only token reads but every write is a ForbiddenError and changes nothing", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    const invoice = await createInvoice(ctx, invoiceInput());
    const prompt = await createPrompt(ctx, { text: "mine" });
    const label = await createLabel(ctx, { name: "mine", color: "#123456" });
    const ids: Ids = {
      invoice: Buffer.from(`Invoice:${invoice.id}`).toString("base64"),
      prompt: Buffer.from(`Prompt:${prompt.id}`).toString("base64"),
      label: Buffer.from(`Label:${label.id}`).toString("base64"),
      token: (await createToken(t.db, a.user, ["read"], "other")).apiToken.id,
    };
    const before = await t.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
    for (const [field, entry] of Object.entries(MATRIX)) {
      if (field === "signOut" || field === "signUp" || field === "signIn") continue;
      const [query, variables] = entry.op(ids);
      const res = await graphql(t, query, variables, a.readOnlyAuth);
      expect(res.body.errors, `${field}: ${JSON.stringify(res.body.errors)}`).toBeUndefined();
      if (entry.access === "write" || entry.access === "admin") expect(res.body.data?.[field].__typename, field).toBe("ForbiddenError");
    }
    expect(await t.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toEqual(before);
    expect(await t.db.prompt.count({ where: { userId: a.user.id } })).toBe(1);
    expect(await t.db.label.findMany({ where: { userId: a.user.id } })).toEqual([label]);
  });

  it("token management (admin fields) is a ForbiddenError to a read+write token and allowed to an admin token", async () => {
    const a = await createAccount(t.db);
    const readWrite = await createToken(t.db, a.user, ["read", "write"], "read-write");
    const admin = await createToken(t.db, a.user, ["read", "admin"], "admin");
    const ids = { invoice: "", prompt: "", label: "", token: (await createToken(t.db, a.user, ["read"], "target")).apiToken.id };
    const adminFields = Object.entries(MATRIX).filter(([, entry]) => entry.access === "admin");
    expect(adminFields.map(([field]) => field).sort()).toEqual(["createApiToken", "revokeApiToken"]);
    const tokensBefore = await t.db.apiToken.findMany({ where: { userId: a.user.id }, orderBy: { id: "asc" }, omit: { lastUsedAt: true } });
    for (const [field, entry] of adminFields) {
      const [query, variables] = entry.op(ids);
      const res = await graphql(t, query, variables, readWrite.auth);
      expect(res.body.errors, field).toBeUndefined();
      expect(res.body.data?.[field].__typename, field).toBe("ForbiddenError");
    }
    expect(await t.db.apiToken.findMany({ where: { userId: a.user.id }, orderBy: { id: "asc" }, omit: { lastUsedAt: true } })).toEqual(tokensBefore);
    for (const [field, entry] of adminFields) {
      const [query, variables] = entry.op(ids);
      const res = await graphql(t, query, variables, admin.auth);
      expect(res.body.errors, `${field}: ${JSON.stringify(res.body)}`).toBeUndefined();
      expect(res.body.data?.[field].__typename, field).toMatch(/Success$/);
    }
  });

  it("another account's ids are never found, through any field", async () => {
    const ids = await victim();
    const b = await createAccount(t.db);
    for (const [field, entry] of Object.entries(MATRIX)) {
      if (entry.access === "public" || !/\$id/.test(entry.op(ids)[0])) continue;
      const [query, variables] = entry.op(ids);
      const res = await graphql(t, query, variables, b.auth);
      const value = Object.values(res.body.data ?? {})[0];
      const notFound = value === null || (Array.isArray(value) && value.every((v) => v === null)) || (value as { __typename?: string })?.__typename === "NotFoundError";
      expect(notFound, `${field}: ${JSON.stringify(res.body)}`).toBe(true);
    }
  });
});
