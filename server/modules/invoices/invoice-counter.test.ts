/**
 * The per-account invoice counter (InvoiceCounter), kept by database triggers, is
 * what unfiltered lists report as their total. It must equal COUNT(*) after every
 * kind of write — service calls, createMany, moves, deletes, cascades — on both
 * databases. The test database is built from every committed migration, so this also
 * fails if a later migration dropped the triggers (SQLite drops a table's triggers
 * when a migration redefines the table).
 */
import { describe, expect, it } from "vitest";
import { createAccount, graphql, invoiceInput } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { countInvoices, createInvoice, deleteInvoice, invoiceWhere, listInvoicesKeyset, listInvoicesPage } from "./invoices.service.ts";

describe("invoice counter", () => {
  const t = useTestApp();

  async function counted(userId: string) {
    const [counter, actual] = await Promise.all([
      t.db.invoiceCounter.findUnique({ where: { userId } }),
      t.db.invoice.count({ where: { userId } }),
    ]);
    return { counter: counter?.invoices ?? 0, actual };
  }

  it("equals the number of invoices after creates, bulk inserts, moves and deletes", async () => {
    const a = await createAccount(t.db);
    const b = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    expect(await counted(a.user.id)).toEqual({ counter: 0, actual: 0 });

    const created: Awaited<ReturnType<typeof createInvoice>>[] = [];
    for (let i = 0; i < 3; i++) created.push(await createInvoice(ctx, invoiceInput()));
    expect(await counted(a.user.id)).toEqual({ counter: 3, actual: 3 });

    // A failed write changes nothing (the transaction rolls the counter back with the invoice).
    await expect(createInvoice(ctx, invoiceInput({ number: created[0]!.number }))).rejects.toThrow(/already used/);
    await expect(
      t.db.$transaction(async (tx) => {
        await tx.invoice.create({ data: { ...rowOf(created[0]!), id: undefined, number: "ROLLED-BACK" } });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await counted(a.user.id)).toEqual({ counter: 3, actual: 3 });

    await t.db.invoice.createMany({
      data: ["BULK-1", "BULK-2"].map((number) => ({ ...rowOf(created[0]!), id: undefined, number })),
    });
    expect(await counted(a.user.id)).toEqual({ counter: 5, actual: 5 });

    // Moving an invoice to another account moves its count (nothing in the app does, but SQL may).
    await t.db.invoice.update({ where: { id: created[1]!.id }, data: { userId: b.user.id } });
    await t.db.invoice.update({ where: { id: created[2]!.id }, data: { title: "Renamed" } });
    expect(await counted(a.user.id)).toEqual({ counter: 4, actual: 4 });
    expect(await counted(b.user.id)).toEqual({ counter: 1, actual: 1 });

    await deleteInvoice(ctx, created[0]!.id);
    await t.db.invoice.deleteMany({ where: { userId: a.user.id, number: { startsWith: "BULK-" } } });
    expect(await counted(a.user.id)).toEqual({ counter: 1, actual: 1 });

    // Deleting the account cascades to its invoices and its counter.
    await t.db.user.delete({ where: { id: b.user.id } });
    expect(await t.db.invoiceCounter.findUnique({ where: { userId: b.user.id } })).toBeNull();
    expect(await counted(a.user.id)).toEqual({ counter: 1, actual: 1 });
  });

  it("is the total of unfiltered lists; filtered lists still count their matches", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    for (let i = 0; i < 4; i++) await createInvoice(ctx, invoiceInput({ status: i === 0 ? "paid" : "draft", ...(i === 0 ? { paidAt: "2026-01-02", issuedAt: "2026-01-01" } : {}) }));
    // Make the counter wrong on purpose: an unfiltered total that still matched would prove nothing.
    await t.db.invoiceCounter.update({ where: { userId: a.user.id }, data: { invoices: 40 } });

    expect(await countInvoices(ctx, await invoiceWhere(ctx))).toBe(40);
    expect((await listInvoicesPage(ctx, { page: 1, perPage: 20 })).total).toBe(40);
    expect(await (await listInvoicesKeyset(ctx, { first: 2 })).totalCount()).toBe(40);
    expect((await listInvoicesPage(ctx, { page: 1, perPage: 20, filter: { paid: true } })).total).toBe(1);
    expect(await (await listInvoicesKeyset(ctx, { first: 2, filter: { status: ["draft"] } })).totalCount()).toBe(3);
    expect(await countInvoices(ctx, await invoiceWhere(ctx, { search: "consult" }))).toBe(4);

    const rest = await t.request("/api/v1/invoices", { headers: a.auth });
    expect(((await rest.json()) as { pagination: { total: number } }).pagination.total).toBe(40);
    const gql = await graphql(t, "{ invoices(first: 1) { totalCount } }", {}, a.auth);
    expect(gql.body.data?.invoices.totalCount).toBe(40);
  });

  it("reads 0 for an account that never had an invoice", async () => {
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id };
    expect(await countInvoices(ctx, await invoiceWhere(ctx))).toBe(0);
  });
});

/** An invoice's own columns, for raw Prisma writes. */
function rowOf(invoice: Awaited<ReturnType<typeof createInvoice>>) {
  const { items: _items, discounts: _discounts, taxes: _taxes, fromDetails, toDetails, paymentDetails, ...columns } = invoice;
  return {
    ...columns,
    fromDetails: fromDetails ?? [],
    toDetails: toDetails ?? [],
    paymentDetails: paymentDetails ?? [],
  } as Omit<typeof columns, "id"> & { id?: string; fromDetails: never; toDetails: never; paymentDetails: never };
}
