/**
 * Amounts beyond signed 64-bit minor units and negative totals are refused with a 400 /
 * ValidationError naming the field — on create and update, on REST v1, the basic API and
 * GraphQL — and an invoice at exactly the largest amount stores and reads back exactly.
 */
import { describe, expect, it } from "vitest";
import { call } from "../../test/rest.ts";
import { createAccount, graphql } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { MAX_MINOR } from "./invoice-amounts.ts";
import { createInvoice, getInvoice, markInvoicePaid, updateInvoice } from "./invoices.service.ts";

const HUGE_LINE = { description: "Everything", quantity: "999999999999999", unitPrice: "999999999999999" };
const HUGE_REST_LINE = { description: "Everything", quantity: "999999999999999", unit_price: "999999999999999" };
/** What the basic API requires besides items. */
const BASIC = {
  invoiceNumber: "B-1",
  date: "2026-03-03",
  dueDate: "2026-03-17",
  status: "draft",
  currency: "USD",
  customer: { id: "c1", name: "Acme", email: "billing@acme.example", address: "1 Main St", city: "Springfield", state: "IL", zipCode: "62701", country: "USA" },
};
const LARGEST = "92233720368547758.07 USD";
/** 100,000 × 922,337,203,685.47758 = 92,233,720,368,547,758.00 USD, plus 0.07: exactly 2^63 − 1 cents. */
const AT_THE_LIMIT = [
  { description: "Fleet", quantity: "100000", unitPrice: "922337203685.47758" },
  { description: "Rounding", quantity: "1", unitPrice: "0.07" },
];
const TOO_LARGE_LINE = `quantity × unit price is too large: an amount may be at most ${LARGEST}`;
const NEGATIVE = "the invoice total is negative (-40.00 USD): negative totals are not allowed (a refund needs a credit note, which Invobi cannot issue yet)";

describe("amounts that don't fit 64 bits", () => {
  const t = useTestApp();

  it("stores an invoice of exactly the largest amount, to the cent", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    const invoice = await createInvoice(ctx, { currency: "USD", items: AT_THE_LIMIT });
    expect(invoice.totalMinor).toBe(MAX_MINOR);
    expect((await getInvoice(ctx, invoice.id)).items.map((i) => i.netMinor)).toEqual([9223372036854775800n, 7n]);
    const res = await call(t, "GET", `/api/v1/invoices/${invoice.id}`, { auth: a.auth });
    expect(res.body.invoice.total).toBe("92233720368547758.07");
  });

  it("REST v1: refuses a line, the lines' sum, the taxes or the total past the limit, on create and update", async () => {
    const a = await createAccount(t.db);
    const create = (invoice: unknown) => call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: { invoice } });

    const line = await create({ currency: "USD", items: [{ description: "ok", quantity: "1", unit_price: "1" }, HUGE_REST_LINE] });
    expect(line.status).toBe(400);
    expect(line.body.error).toBe(`invoice.items[1].unit_price: ${TOO_LARGE_LINE}`);

    const sum = await create({ currency: "USD", items: [...AT_THE_LIMIT.map(({ unitPrice, ...rest }) => ({ ...rest, unit_price: unitPrice })), { description: "one cent more", quantity: "1", unit_price: "0.01" }] });
    expect(sum.status).toBe(400);
    expect(sum.body.error).toBe(`invoice.items: the lines add up to more than the largest amount an invoice can hold (${LARGEST})`);

    // 60 % of the limit taxed twice at 100 %: each tax fits, their sum doesn't.
    const sixty = { description: "Big", quantity: "100000", unit_price: "553402322211.28" };
    const taxes = await create({ currency: "USD", items: [sixty], taxes: [{ name: "A", rate: "100" }, { name: "B", rate: "100" }] });
    expect(taxes.status).toBe(400);
    expect(taxes.body.error).toBe(`invoice.taxes: the taxes add up to more than the largest amount an invoice can hold (${LARGEST})`);

    const total = await create({ currency: "USD", items: [{ ...sixty, tax_percent: "100" }] });
    expect(total.status).toBe(400);
    expect(total.body.error).toBe(`invoice.items: the total is more than the largest amount an invoice can hold (${LARGEST})`);

    const ok = await create({ currency: "USD", items: [{ description: "ok", quantity: "1", unit_price: "1" }] });
    expect(ok.status).toBe(201);
    const patch = await call(t, "PATCH", `/api/v1/invoices/${ok.body.invoice.id}`, { auth: a.auth, json: { items: [HUGE_REST_LINE] } });
    expect(patch.status).toBe(400);
    expect(patch.body.error).toBe(`items[0].unit_price: ${TOO_LARGE_LINE}`);
    // Nothing half-written.
    expect((await getInvoice({ db: t.db, userId: a.user.id }, ok.body.invoice.id)).totalMinor).toBe(100n);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(1);
  });

  it("basic API: the same rule in its field names, on create and update", async () => {
    const a = await createAccount(t.db);
    const body = { ...BASIC, items: [{ id: "i1", description: "Everything", quantity: "999999999999999", rate: "999999999999999" }] };
    const created = await call(t, "POST", "/api/invoices", { auth: a.auth, json: body });
    expect(created.status).toBe(400);
    expect(created.body.error).toContain(`items[0].rate: ${TOO_LARGE_LINE}`);
    const ok = await call(t, "POST", "/api/invoices", { auth: a.auth, json: { ...body, invoiceNumber: "B-2", items: [{ id: "i1", description: "ok", quantity: 1, rate: 5 }] } });
    expect(ok.status).toBe(201);
    const updated = await call(t, "PATCH", `/api/invoices/${ok.body.invoice.id}`, { auth: a.auth, json: { items: body.items } });
    expect(updated.status).toBe(400);
    expect(updated.body.error).toContain(`items[0].rate: ${TOO_LARGE_LINE}`);
  });

  it("GraphQL: a ValidationError with the field path, on create and update", async () => {
    const a = await createAccount(t.db);
    const created = await graphql(
      t,
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { __typename ... on ValidationError { message issues { path message } } } }`,
      { input: { currency: "USD", items: [HUGE_LINE] } },
      a.auth,
    );
    expect(created.body.data?.createInvoice).toEqual({
      __typename: "ValidationError",
      message: `items[0].unitPrice: ${TOO_LARGE_LINE}`,
      issues: [{ path: ["items", "0", "unitPrice"], message: TOO_LARGE_LINE }],
    });
    const invoice = await createInvoice({ db: t.db, userId: a.user.id }, { currency: "USD", items: [{ description: "ok", quantity: "1", unitPrice: "1" }] });
    const updated = await graphql(
      t,
      `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { __typename ... on ValidationError { message } } }`,
      { input: { id: invoice.id, items: [{ description: "ok", quantity: "1", unitPrice: "1" }, HUGE_LINE] } },
      a.auth,
    );
    expect(updated.body.data?.updateInvoice).toEqual({ __typename: "ValidationError", message: `items[1].unitPrice: ${TOO_LARGE_LINE}` });
  });
});

describe("negative totals", () => {
  const t = useTestApp();
  const refund = { description: "Refund", quantity: "-1", unitPrice: "50" };
  const work = { description: "Work", quantity: "1", unitPrice: "10" };
  const restLines = [{ description: "Work", quantity: "1", unit_price: "10" }, { description: "Refund", quantity: "-1", unit_price: "50" }];

  it("allows a refund line in an invoice whose total stays zero or more", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    expect((await createInvoice(ctx, { currency: "USD", items: [{ ...work, unitPrice: "80" }, refund] })).totalMinor).toBe(3000n);
    expect((await createInvoice(ctx, { currency: "USD", items: [{ ...work, unitPrice: "50" }, refund] })).totalMinor).toBe(0n);
  });

  it("refuses a negative total on every API, on create and update", async () => {
    const a = await createAccount(t.db);
    const rest = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: { invoice: { currency: "USD", items: restLines } } });
    expect(rest.status).toBe(400);
    expect(rest.body.error).toBe(`invoice.items: ${NEGATIVE}`);

    const basic = await call(t, "POST", "/api/invoices", { auth: a.auth, json: { ...BASIC, items: [{ id: "i1", description: "Refund", quantity: -1, rate: 40 }] } });
    expect(basic.status).toBe(400);
    expect(basic.body.error).toContain(`items: ${NEGATIVE}`);

    const gql = await graphql(
      t,
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { __typename ... on ValidationError { message issues { path } } } }`,
      { input: { currency: "USD", items: [work, refund] } },
      a.auth,
    );
    expect(gql.body.data?.createInvoice).toEqual({ __typename: "ValidationError", message: `items: ${NEGATIVE}`, issues: [{ path: ["items"] }] });

    const invoice = await createInvoice({ db: t.db, userId: a.user.id }, { currency: "USD", items: [work] });
    const patch = await call(t, "PATCH", `/api/v1/invoices/${invoice.id}`, { auth: a.auth, json: { items: restLines } });
    expect(patch.status).toBe(400);
    expect(patch.body.error).toBe(`items: ${NEGATIVE}`);
    await expect(updateInvoice({ db: t.db, userId: a.user.id }, invoice.id, { items: [work, refund] })).rejects.toThrow(`items: ${NEGATIVE}`);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(1);
  });

  it("still lets an invoice stored with a negative total before the rule change status", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    const invoice = await createInvoice(ctx, { currency: "USD", items: [work] });
    // As an older version could store it: its one line became a refund.
    await t.db.invoiceItem.updateMany({ where: { invoiceId: invoice.id }, data: { quantity: "-4", netMinor: -4000n } });
    await t.db.invoice.update({ where: { id: invoice.id }, data: { subtotalMinor: -4000n, totalMinor: -4000n } });
    expect((await markInvoicePaid(ctx, invoice.id, invoice.issuedAt)).status).toBe("paid");
    // Editing its lines applies the rule.
    await expect(updateInvoice(ctx, invoice.id, { items: [{ description: "Refund", quantity: "-4", unitPrice: "10" }] })).rejects.toThrow(`items: ${NEGATIVE}`);
  });
});
