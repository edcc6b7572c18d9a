import { describe, expect, it } from "vitest";
import { createAccount, graphql, invoiceInput, signInCookie } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { createInvoice } from "./invoices.service.ts";

const INVOICE_FIELDS = `id rawId number title status issuedAt dueAt paidAt isOverdue currency
  customer { name }
  items { description quantity unitPrice amount { amount formatted } }
  totals { subtotal { amount } taxes { name rate amount { amount minor formatted } } total { amount minor currencyCode formatted } }`;

describe("invoices over GraphQL", () => {
  const t = useTestApp();

  it("creates an invoice and returns exact money in every representation", async () => {
    const a = await createAccount(t.db);
    const res = await graphql(
      t,
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { __typename ... on CreateInvoiceSuccess { invoice { ${INVOICE_FIELDS} } } } }`,
      { input: invoiceInput() },
      a.auth,
    );
    const invoice = res.body.data?.createInvoice.invoice;
    expect(invoice).toMatchObject({
      number: "INV-0001",
      status: "DRAFT",
      isOverdue: false,
      items: [{ description: "Consulting", quantity: "10", unitPrice: "150", amount: { amount: "1500.00", formatted: "$1,500.00" } }],
      totals: {
        subtotal: { amount: "1500.00" },
        taxes: [{ name: "Tax", rate: "10", amount: { amount: "150.00", minor: "15000", formatted: "$150.00" } }],
        total: { amount: "1650.00", minor: "165000", currencyCode: "USD", formatted: "$1,650.00" },
      },
    });
    const byGlobal = await graphql(t, `query($id: ID!) { invoice(id: $id) { number } node(id: $id) { ... on Invoice { rawId } } }`, { id: invoice.id }, a.auth);
    expect(byGlobal.body.data).toEqual({ invoice: { number: "INV-0001" }, node: { rawId: invoice.rawId } });
    const byRaw = await graphql(t, `query($id: ID!) { invoice(id: $id) { number } }`, { id: invoice.rawId }, a.auth);
    expect(byRaw.body.data?.invoice.number).toBe("INV-0001");
  });

  it("returns ValidationError with field paths and writes nothing", async () => {
    const a = await createAccount(t.db);
    const res = await graphql(
      t,
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { __typename ... on ValidationError { message issues { path message } } } }`,
      { input: invoiceInput({ currency: "JPY", items: [{ description: "x", quantity: "1", unitPrice: "0.123456" }] }) },
      a.auth,
    );
    expect(res.body.data?.createInvoice.__typename).toBe("ValidationError");
    expect(res.body.data?.createInvoice.issues[0].path).toEqual(["items", "0", "unitPrice"]);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(0);
  });

  it("marks paid/unpaid, changes status and deletes, with typed errors for invalid transitions", async () => {
    const a = await createAccount(t.db);
    const inv = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput({ issuedAt: "2026-01-01" }));
    const paid = await graphql(t, `mutation($id: ID!) { markInvoicePaid(input: { id: $id, paidAt: "2026-01-02" }) { ... on MarkInvoicePaidSuccess { invoice { status paidAt } } } }`, { id: inv.id }, a.auth);
    expect(paid.body.data?.markInvoicePaid.invoice).toEqual({ status: "PAID", paidAt: "2026-01-02" });
    const cancel = await graphql(t, `mutation($id: ID!) { setInvoiceStatus(input: { id: $id, status: CANCELLED }) { __typename ... on ValidationError { message } } }`, { id: inv.id }, a.auth);
    expect(cancel.body.data?.setInvoiceStatus).toEqual({ __typename: "ValidationError", message: "status: A paid invoice cannot be cancelled; mark it unpaid first" });
    const unpaid = await graphql(t, `mutation($id: ID!) { markInvoiceUnpaid(input: { id: $id }) { ... on MarkInvoiceUnpaidSuccess { invoice { status paidAt } } } }`, { id: inv.id }, a.auth);
    expect(unpaid.body.data?.markInvoiceUnpaid.invoice).toEqual({ status: "SENT", paidAt: null });
    const del = await graphql(t, `mutation($id: ID!) { deleteInvoice(input: { id: $id }) { __typename ... on DeleteInvoiceSuccess { deletedId } } }`, { id: inv.id }, a.auth);
    // A REST id in, the global id out: the id a client's cache knows the invoice by.
    expect(del.body.data?.deleteInvoice).toEqual({ __typename: "DeleteInvoiceSuccess", deletedId: Buffer.from(`Invoice:${inv.id}`).toString("base64") });
    const again = await graphql(t, `mutation($id: ID!) { deleteInvoice(input: { id: $id }) { __typename ... on NotFoundError { message } } }`, { id: inv.id }, a.auth);
    expect(again.body.data?.deleteInvoice).toEqual({ __typename: "NotFoundError", message: "Invoice not found" });
  });

  it("pages the connection forward and backward with totalCount and filters", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    for (let i = 1; i <= 5; i++) await createInvoice(ctx, invoiceInput({ issuedAt: `2026-02-0${i}`, title: `Job ${i}` }));
    const q = `query($first: Int, $after: String, $last: Int, $before: String, $filter: InvoiceFilter) {
      invoices(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: { field: ISSUED_AT, direction: ASC }) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { title } } } }`;
    const p1 = await graphql(t, q, { first: 2 }, a.auth);
    expect(p1.body.data?.invoices.edges.map((e: any) => e.node.title)).toEqual(["Job 1", "Job 2"]);
    expect(p1.body.data?.invoices.totalCount).toBe(5);
    const p2 = await graphql(t, q, { first: 2, after: p1.body.data?.invoices.pageInfo.endCursor }, a.auth);
    expect(p2.body.data?.invoices.edges.map((e: any) => e.node.title)).toEqual(["Job 3", "Job 4"]);
    const back = await graphql(t, q, { last: 2, before: p2.body.data?.invoices.pageInfo.startCursor }, a.auth);
    expect(back.body.data?.invoices.edges.map((e: any) => e.node.title)).toEqual(["Job 1", "Job 2"]);
    const filtered = await graphql(t, q, { first: 10, filter: { search: "job 5" } }, a.auth);
    expect(filtered.body.data?.invoices.totalCount).toBe(1);
    const tooMany = await graphql(t, q, { first: 101 }, a.auth);
    expect(tooMany.body.errors?.[0]?.message).toContain("must be between 0 and 100");
  });

  it("never shows another account's invoice through invoice, node, invoices or mutations", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const inv = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput());
    const asA = await graphql(t, `{ invoices(first: 5) { edges { node { id } } } }`, {}, a.auth);
    const globalId = asA.body.data?.invoices.edges[0].node.id;
    const read = await graphql(t, `query($id: ID!) { invoice(id: $id) { id } node(id: $id) { id } }`, { id: globalId }, b.auth);
    expect(read.body.data).toEqual({ invoice: null, node: null });
    const list = await graphql(t, `{ invoices(first: 5) { totalCount } }`, {}, b.auth);
    expect(list.body.data?.invoices.totalCount).toBe(0);
    for (const m of [
      `mutation($id: ID!) { updateInvoice(input: { id: $id, title: "x" }) { __typename } }`,
      `mutation($id: ID!) { markInvoicePaid(input: { id: $id }) { __typename } }`,
      `mutation($id: ID!) { markInvoiceUnpaid(input: { id: $id }) { __typename } }`,
      `mutation($id: ID!) { setInvoiceStatus(input: { id: $id, status: SENT }) { __typename } }`,
      `mutation($id: ID!) { deleteInvoice(input: { id: $id }) { __typename } }`,
      `mutation($id: ID!) { duplicateInvoice(input: { id: $id }) { __typename } }`,
    ]) {
      const res = await graphql(t, m, { id: globalId }, b.auth);
      expect(Object.values(res.body.data ?? {})[0], m).toEqual({ __typename: "NotFoundError" });
    }
    expect(await t.db.invoice.findUniqueOrThrow({ where: { id: inv.id } })).toMatchObject({ title: "Consulting", status: "draft" });
  });

  it("a signed-in browser session runs invoices(first: 5), the GraphiQL default query", async () => {
    const a = await createAccount(t.db);
    await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput());
    const cookie = await signInCookie(t, a.email, a.password);
    const res = await graphql(t, `{ invoices(first: 5) { totalCount edges { node { id number title total { formatted } } } } }`, {}, { cookie });
    expect(res.body.data?.invoices).toMatchObject({ totalCount: 1, edges: [{ node: { number: "INV-0001", total: { formatted: "$1,650.00" } } }] });
  });
});

describe("createInvoice with an origin", () => {
  const t = useTestApp();
  const CREATE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
    __typename ... on CreateInvoiceSuccess { invoice { promptText llmProvider prompt { text } } } ... on Error { message } } }`;

  it("records the words, the saved prompt and the provider of a reviewed generation", async () => {
    const a = await createAccount(t.db);
    const { createPrompt } = await import("../prompts/prompts.service.ts");
    const prompt = await createPrompt({ db: t.db, userId: a.user.id }, { text: "monthly retainer" });
    const res = await graphql(t, CREATE, { input: { ...invoiceInput(), origin: { promptText: "monthly retainer", promptId: prompt.id, llmProvider: "offline" } } }, a.auth);
    expect(res.body.data?.createInvoice.invoice).toEqual({ promptText: "monthly retainer", llmProvider: "offline", prompt: { text: "monthly retainer" } });
  });

  it("refuses another account's prompt and unknown providers, storing nothing", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const { createPrompt } = await import("../prompts/prompts.service.ts");
    const prompt = await createPrompt({ db: t.db, userId: a.user.id }, { text: "A's words" });
    const foreign = await graphql(t, CREATE, { input: { ...invoiceInput(), origin: { promptId: prompt.id } } }, b.auth);
    expect(foreign.body.data?.createInvoice).toEqual({ __typename: "NotFoundError", message: "Prompt not found" });
    const unknown = await graphql(t, CREATE, { input: { ...invoiceInput(), origin: { llmProvider: "gpt-9" } } }, b.auth);
    expect(unknown.body.data?.createInvoice.__typename).toBe("ValidationError");
    expect(await t.db.invoice.count({ where: { userId: b.user.id } })).toBe(0);
  });
});
