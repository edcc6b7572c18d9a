/**
 * Work per request is capped: an invoice has at most MAX_LINE_ITEMS lines on every API,
 * and one GraphQL operation carries at most MAX_LINE_ITEMS lines in total, however many
 * aliased mutations share them. Refusals are 400s that name the field; nothing is written.
 */
import { describe, expect, it } from "vitest";
import { MAX_LINE_ITEMS } from "../../../common/invoice/schema.ts";
import { call } from "../../test/rest.ts";
import { createAccount, graphql } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { createInvoice, getInvoice, getInvoiceInSlices, ITEMS_PER_INSERT, ITEMS_PER_READ } from "./invoices.service.ts";

const lines = (n: number, key: "unitPrice" | "unit_price" | "rate" = "unitPrice") =>
  Array.from({ length: n }, (_, i) => ({ id: `i${i}`, description: `Line ${i + 1}`, quantity: "1", [key]: "1" }));
const TOO_MANY = `must have at most ${MAX_LINE_ITEMS} line items`;

describe("lines per invoice", () => {
  const t = useTestApp();

  it(`is ${MAX_LINE_ITEMS}, the same on REST v1, the basic API and GraphQL, for create and update`, async () => {
    expect(MAX_LINE_ITEMS).toBe(1000);
    const a = await createAccount(t.db);
    const restCreate = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: { invoice: { items: lines(MAX_LINE_ITEMS + 1, "unit_price") } } });
    expect(restCreate.status).toBe(400);
    expect(restCreate.body.error).toBe(`invoice.items: ${TOO_MANY}`);

    const basic = {
      invoiceNumber: "B-1", date: "2026-03-03", dueDate: "2026-03-17", status: "draft", currency: "USD",
      customer: { id: "c1", name: "Acme", email: "billing@acme.example", address: "1 Main St", city: "Springfield", state: "IL", zipCode: "62701", country: "USA" },
    };
    const basicCreate = await call(t, "POST", "/api/invoices", { auth: a.auth, json: { ...basic, items: lines(MAX_LINE_ITEMS + 1, "rate") } });
    expect(basicCreate.status).toBe(400);
    expect(basicCreate.body.error).toContain(`items: ${TOO_MANY}`);

    const gqlCreate = await graphql(
      t,
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { __typename ... on ValidationError { message } } }`,
      { input: { items: lines(MAX_LINE_ITEMS + 1).map(({ id: _id, ...line }) => line) } },
      a.auth,
    );
    // GraphQL refuses it before execution: more lines than one operation may carry (see below).
    expect(gqlCreate.status).toBe(400);
    expect(gqlCreate.body.errors?.[0]?.message).toContain(`${MAX_LINE_ITEMS + 1} (createInvoice: ${MAX_LINE_ITEMS + 1})`);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(0);

    // Exactly the maximum is fine; one more on update is refused and changes nothing.
    const full = await call(t, "POST", "/api/v1/invoices", { auth: a.auth, json: { invoice: { items: lines(MAX_LINE_ITEMS, "unit_price") } } });
    expect(full.status).toBe(201);
    const id = full.body.invoice.id;
    const restUpdate = await call(t, "PATCH", `/api/v1/invoices/${id}`, { auth: a.auth, json: { items: lines(MAX_LINE_ITEMS + 1, "unit_price") } });
    expect(restUpdate.status).toBe(400);
    expect(restUpdate.body.error).toBe(`items: ${TOO_MANY}`);
    const basicUpdate = await call(t, "PATCH", `/api/invoices/${id}`, { auth: a.auth, json: { items: lines(MAX_LINE_ITEMS + 1, "rate") } });
    expect(basicUpdate.status).toBe(400);
    expect(basicUpdate.body.error).toContain(`items: ${TOO_MANY}`);
    expect(await t.db.invoiceItem.count({ where: { invoiceId: id } })).toBe(MAX_LINE_ITEMS);
  }, 120_000);
});

describe("lines per GraphQL operation", () => {
  const t = useTestApp();
  const CREATE = (alias: string, variable: string) =>
    `${alias}: createInvoice(input: ${variable}) { __typename ... on CreateInvoiceSuccess { invoice { id } } }`;

  it(`refuses aliased mutations that together carry more than ${MAX_LINE_ITEMS} lines, before running any`, async () => {
    const a = await createAccount(t.db);
    const half = MAX_LINE_ITEMS / 2;
    const input = (n: number) => ({ items: lines(n).map(({ id: _id, ...line }) => line) });
    const three = await graphql(
      t,
      `mutation($a: CreateInvoiceInput!, $b: CreateInvoiceInput!, $c: CreateInvoiceInput!) { ${CREATE("a", "$a")} ${CREATE("b", "$b")} ${CREATE("c", "$c")} }`,
      { a: input(half), b: input(half), c: input(1) },
      a.auth,
    );
    expect(three.status).toBe(400);
    expect(three.body.data).toBeUndefined();
    expect(three.body.errors?.[0]).toMatchObject({
      message: `Too many invoice lines in one operation: ${MAX_LINE_ITEMS + 1} (a: ${half}, b: ${half}, c: 1); at most ${MAX_LINE_ITEMS} per operation — send them in several requests`,
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(0);

    // Lines written in the document count as well, and so does updateInvoice.
    const invoice = await createInvoice({ db: t.db, userId: a.user.id }, input(1));
    const literal = `[${Array.from({ length: 100 }, () => '{description: "x", quantity: "1", unitPrice: "1"}').join(",")}]`;
    const mixed = await graphql(
      t,
      `mutation($id: ID!, $items: [LineItemInput!]!) {
        one: createInvoice(input: { items: ${literal} }) { __typename }
        two: updateInvoice(input: { id: $id, items: $items }) { __typename }
      }`,
      { id: invoice.id, items: input(MAX_LINE_ITEMS - 99).items },
      a.auth,
    );
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors?.[0]?.message).toContain(`${MAX_LINE_ITEMS + 1} (one: 100, two: ${MAX_LINE_ITEMS - 99})`);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(1);

    // Up to the limit, aliased mutations run.
    const ok = await graphql(t, `mutation($a: CreateInvoiceInput!, $b: CreateInvoiceInput!) { ${CREATE("a", "$a")} ${CREATE("b", "$b")} }`, { a: input(half), b: input(half) }, a.auth);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data).toMatchObject({ a: { __typename: "CreateInvoiceSuccess" }, b: { __typename: "CreateInvoiceSuccess" } });
  }, 120_000);
});

describe("a large invoice's lines are stored in slices", () => {
  const inserts: number[] = [];
  let turns = 0;
  const t = useTestApp({
    onQuery: (event) => {
      // SQLite: INSERT INTO `main`.`InvoiceItem`; PostgreSQL: INSERT INTO "public"."InvoiceItem".
      const insert = /^INSERT INTO \S*["`]InvoiceItem["`]/.exec(event.query);
      if (insert) inserts.push(turns);
    },
  });

  it(`inserts ${MAX_LINE_ITEMS} lines ${ITEMS_PER_INSERT} at a time and lets the event loop turn between the slices`, async () => {
    const a = await createAccount(t.db);
    // Counts event-loop turns while the create runs (a setImmediate chain runs once per turn).
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    try {
      const invoice = await createInvoice({ db: t.db, userId: a.user.id }, { items: lines(MAX_LINE_ITEMS).map(({ id: _id, ...line }) => line) });
      expect(await t.db.invoiceItem.count({ where: { invoiceId: invoice.id } })).toBe(MAX_LINE_ITEMS);
      expect(invoice.items.map((item) => item.description)).toEqual(lines(MAX_LINE_ITEMS).map((line) => line.description));
    } finally {
      running = false;
    }
    // Each slice is inserted in a later event-loop turn than the one before (SQLite's driver may
    // split a slice into two statements for its bind-parameter limit: same turn).
    expect(new Set(inserts).size).toBe(MAX_LINE_ITEMS / ITEMS_PER_INSERT);
    expect(inserts).toEqual([...inserts].sort((x, y) => x - y));
  }, 120_000);
});

describe("a large invoice's lines are read in slices for the PDF", () => {
  const reads: number[] = [];
  let turns = 0;
  const t = useTestApp({
    onQuery: (event) => {
      if (/^SELECT .* FROM \S*["`]InvoiceItem["`]/s.test(event.query)) reads.push(turns);
    },
  });

  it(`reads ${ITEMS_PER_READ} lines per query, turning the event loop in between, and returns what getInvoice returns`, async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    for (const n of [1, ITEMS_PER_READ, MAX_LINE_ITEMS]) {
      const invoice = await createInvoice(ctx, { items: lines(n).map(({ id: _id, ...line }) => line), discounts: [{ kind: "percent", value: "5" }], taxes: [{ name: "VAT", rate: "19" }] });
      reads.length = 0;
      let running = true;
      const tick = () => {
        turns++;
        if (running) setImmediate(tick);
      };
      setImmediate(tick);
      const sliced = await getInvoiceInSlices(ctx, invoice.id).finally(() => (running = false));
      const itemReads = [...reads];
      expect(sliced).toEqual(await getInvoice(ctx, invoice.id));
      expect(itemReads).toHaveLength(Math.floor(n / ITEMS_PER_READ) + 1);
      for (let i = 1; i < itemReads.length; i++) expect(itemReads[i]).toBeGreaterThan(itemReads[i - 1]!);
    }
    await expect(getInvoiceInSlices({ db: t.db, userId: (await createAccount(t.db)).user.id }, (await t.db.invoice.findFirstOrThrow({ where: { userId: a.user.id } })).id)).rejects.toThrow("Invoice not found");
  }, 120_000);
});
