import { describe, expect, it } from "vitest";
import { createAccount, createUser, graphql, invoiceInput } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import type { ServiceContext } from "../../service-context.ts";
import { NotFoundError } from "../../errors.ts";
import { updateAccountSettings } from "../accounts/accounts.service.ts";
import { daysBetween, duplicateInvoice } from "./duplicate-invoice.ts";
import { createInvoice, getInvoice, invoiceTotals, markInvoicePaid, toInvoiceDocument } from "./invoices.service.ts";
import { call } from "../../test/rest.ts";

const NOW = new Date("2026-03-10T12:00:00Z");

const FULL = invoiceInput({
  title: "Website, phase 2",
  currency: "EUR",
  locale: "de-DE",
  issuedAt: "2026-01-05",
  dueAt: "2026-01-19",
  notes: "Danke!",
  customer: { ref: "C-7", name: "Acme GmbH", email: "ap@acme.example", address: "Hauptstr. 1", city: "Berlin", zip: "10115", country: "DE", logoUrl: "https://acme.example/logo.png" },
  toDetails: [{ label: "Firma", value: "Acme GmbH" }, { label: "USt-IdNr.", value: "DE123" }],
  fromDetails: [{ label: "Name", value: "Studio Ada" }],
  paymentDetails: [{ label: "IBAN", value: "DE00 1234 5678" }],
  items: [
    { description: "Design", quantity: "12.5", unit: "h", unitPrice: "95", discountPercent: "10", taxPercent: "7", taxName: "USt" },
    { description: "Hosting", quantity: "1", unitPrice: "19.99" },
    { description: "Domain", quantity: "2", unit: "yr", unitPrice: "12" },
  ],
  discounts: [{ description: "Loyalty", kind: "percent", value: "5" }, { kind: "fixed", value: "10" }],
  taxes: [{ name: "USt", rate: "19" }],
});

describe("duplicateInvoice (service)", () => {
  const t = useTestApp({ now: () => NOW });

  async function account(settings: Record<string, unknown> = {}): Promise<ServiceContext> {
    const { user } = await createUser(t.db);
    if (Object.keys(settings).length) await updateAccountSettings(t.db, user.id, settings);
    return { db: t.db, userId: user.id, now: () => NOW };
  }

  it("counts days between calendar dates across month and DST changes", () => {
    expect(daysBetween("2026-01-05", "2026-01-19")).toBe(14);
    expect(daysBetween("2026-03-01", "2026-04-30")).toBe(60);
    expect(daysBetween("2026-03-10", "2026-03-10")).toBe(0);
  });

  it("copies parties, lines, discounts, taxes, currency, locale and notes into a new draft with the next number", async () => {
    const ctx = await account();
    const original = await createInvoice(ctx, FULL);
    await markInvoicePaid(ctx, original.id, "2026-01-20");
    const copy = await duplicateInvoice(ctx, original.id);

    expect(copy.id).not.toBe(original.id);
    expect(copy).toMatchObject({
      number: "INV-0002",
      title: "Website, phase 2",
      status: "draft",
      paidAt: null,
      // Issued today; the original's 14-day term kept.
      issuedAt: "2026-03-10",
      dueAt: "2026-03-24",
      promptId: null,
      promptText: null,
      llmProvider: null,
    });
    const a = toInvoiceDocument(await getInvoice(ctx, original.id));
    const b = toInvoiceDocument(copy);
    const same = <T extends object>(doc: T) => {
      const { id: _id, number: _n, status: _s, issuedAt: _i, dueAt: _d, paidAt: _p, updatedAt: _u, ...rest } = doc as Record<string, unknown>;
      return rest;
    };
    expect(same(b)).toEqual(same(a));
    expect(b.items.map((i) => i.description)).toEqual(["Design", "Hosting", "Domain"]);
    expect(invoiceTotals(copy)).toEqual(invoiceTotals(await getInvoice(ctx, original.id)));
    expect(copy.totalMinor).toBe(original.totalMinor);
    // The original is untouched.
    expect(await getInvoice(ctx, original.id)).toMatchObject({ number: "INV-0001", status: "paid", paidAt: "2026-01-20" });
  });

  it("follows the account's numbering and time zone; a default title follows the new number", async () => {
    // 2026-03-10T12:00Z is already 2026-03-11 in Auckland.
    const ctx = await account({ invoiceNumberPrefix: "RE-", invoiceNumberDigits: 3, timezone: "Pacific/Auckland" });
    const original = await createInvoice(ctx, invoiceInput({ title: undefined, issuedAt: "2026-02-01", dueAt: "2026-03-03" }));
    expect(original.title).toBe("Invoice RE-001");
    await createInvoice(ctx, invoiceInput({ number: "RE-002" }));
    const copy = await duplicateInvoice(ctx, original.id);
    expect(copy).toMatchObject({ number: "RE-003", title: "Invoice RE-003", issuedAt: "2026-03-11", dueAt: "2026-04-10" });
  });

  it("another account's invoice is not found and nothing is created", async () => {
    const a = await account();
    const b = await account();
    const invoice = await createInvoice(a, invoiceInput());
    await expect(duplicateInvoice(b, invoice.id)).rejects.toThrow(NotFoundError);
    await expect(duplicateInvoice(a, "nope")).rejects.toThrow(NotFoundError);
    expect(await t.db.invoice.count({ where: { userId: b.userId } })).toBe(0);
    expect(await t.db.invoice.count({ where: { userId: a.userId } })).toBe(1);
  });
});

describe("duplicateInvoice over GraphQL", () => {
  const t = useTestApp({ now: () => NOW });
  const DUPLICATE = `mutation($id: ID!) { duplicateInvoice(input: { id: $id }) {
    __typename
    ... on DuplicateInvoiceSuccess { invoice { rawId number status issuedAt dueAt title customer { name } items { description } total { formatted } } }
    ... on Error { message code }
  } }`;

  it("returns the new draft by global or raw id", async () => {
    const a = await createAccount(t.db);
    const original = await createInvoice({ db: t.db, userId: a.user.id, now: () => NOW }, invoiceInput({ issuedAt: "2026-03-01" }));
    const res = await graphql(t, DUPLICATE, { id: original.id }, a.auth);
    expect(res.body.data?.duplicateInvoice).toMatchObject({
      __typename: "DuplicateInvoiceSuccess",
      invoice: {
        number: "INV-0002",
        status: "DRAFT",
        issuedAt: "2026-03-10",
        dueAt: "2026-04-09",
        title: "Consulting",
        customer: { name: "Acme Corp" },
        items: [{ description: "Consulting" }],
        total: { formatted: "$1,650.00" },
      },
    });
    const globalId = Buffer.from(`Invoice:${original.id}`).toString("base64");
    const again = await graphql(t, DUPLICATE, { id: globalId }, a.auth);
    expect(again.body.data?.duplicateInvoice.invoice.number).toBe("INV-0003");
  });

  it("answers NotFoundError for another account's invoice and ForbiddenError for a read-only token", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const original = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput());
    const foreign = await graphql(t, DUPLICATE, { id: original.id }, b.auth);
    expect(foreign.body.data?.duplicateInvoice).toEqual({ __typename: "NotFoundError", message: "Invoice not found", code: "NOT_FOUND" });
    const readOnly = await graphql(t, DUPLICATE, { id: original.id }, a.readOnlyAuth);
    expect(readOnly.body.data?.duplicateInvoice).toMatchObject({ __typename: "ForbiddenError", code: "FORBIDDEN" });
    expect(await t.db.invoice.count({ where: { userId: { in: [a.user.id, b.user.id] } } })).toBe(1);
  });
});

describe("duplicateInvoice over REST", () => {
  const t = useTestApp({ now: () => NOW });
  const post = (path: string, headers: Record<string, string>) => call(t, "POST", path, { auth: headers });

  it("POST /api/v1/invoices/:id/duplicate answers 201 with the new draft, in the same JSON as every invoice", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id, now: () => NOW };
    const original = await createInvoice(ctx, FULL);
    await markInvoicePaid(ctx, original.id, "2026-01-20");
    const res = await post(`/api/v1/invoices/${original.id}/duplicate`, a.auth);
    expect(res.status).toBe(201);
    const copy = (res.body as { invoice: Record<string, any> }).invoice;
    expect(copy).toMatchObject({ number: "INV-0002", status: "draft", paid_at: null, issued_at: "2026-03-10", due_at: "2026-03-24", currency: "EUR" });
    expect(copy.id).not.toBe(original.id);
    // Same money as the original, computed again by the service.
    const before = await call(t, "GET", `/api/v1/invoices/${original.id}`, { auth: a.auth });
    const was = (before.body as { invoice: Record<string, any> }).invoice;
    expect([copy.subtotal, copy.tax_total, copy.total, copy.total_minor]).toEqual([was.subtotal, was.tax_total, was.total, was.total_minor]);
    expect([copy.items, copy.discounts, copy.taxes, copy.customer, copy.notes]).toEqual([was.items, was.discounts, was.taxes, was.customer, was.notes]);
    // It reads back as stored.
    expect((await call(t, "GET", `/api/v1/invoices/${copy.id}`, { auth: a.auth })).body).toEqual({ invoice: copy });
  });

  it("another account's id is a 404, a read-only token a 403, and an Idempotency-Key retry returns the same copy", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const original = await createInvoice({ db: t.db, userId: a.user.id, now: () => NOW }, invoiceInput());
    const path = `/api/v1/invoices/${original.id}/duplicate`;
    expect(await post(path, b.auth)).toMatchObject({ status: 404, body: { error: "Invoice not found" } });
    expect((await post(path, a.readOnlyAuth)).status).toBe(403);
    expect(await t.db.invoice.count({ where: { userId: { in: [a.user.id, b.user.id] } } })).toBe(1);

    const key = { ...a.auth, "idempotency-key": "dup-2026-03" };
    const first = await post(path, key);
    const retry = await post(path, key);
    expect(first.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(2);
  });
});
