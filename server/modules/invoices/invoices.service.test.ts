import { describe, expect, it } from "vitest";
import { createUser, invoiceInput } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import type { ServiceContext } from "../../service-context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import { updateAccountSettings } from "../accounts/accounts.service.ts";
import {
  createInvoice,
  deleteInvoice,
  getInvoice,
  invoiceTotals,
  listInvoicesKeyset,
  listInvoicesPage,
  markInvoicePaid,
  markInvoiceUnpaid,
  setInvoiceStatus,
  updateInvoice,
} from "./invoices.service.ts";

const FIXED_NOW = new Date("2026-03-10T12:00:00Z");

describe("invoices service", () => {
  const t = useTestApp();
  async function account(settings: Record<string, unknown> = {}, now: () => Date = () => FIXED_NOW): Promise<ServiceContext> {
    const { user } = await createUser(t.db);
    if (Object.keys(settings).length) await updateAccountSettings(t.db, user.id, settings);
    return { db: t.db, userId: user.id, now };
  }

  describe("create", () => {
    it("fills the defaults a user expects and computes exact totals", async () => {
      const ctx = await account({ businessName: "Smith LLC", businessDetails: [{ label: "VAT ID", value: "US-1" }] });
      const invoice = await createInvoice(ctx, invoiceInput());
      expect(invoice).toMatchObject({
        number: "INV-0001",
        title: "Consulting",
        status: "draft",
        issuedAt: "2026-03-10",
        dueAt: "2026-04-09",
        paidAt: null,
        currency: "USD",
        locale: "en-US",
        fromDetails: [{ label: "Name", value: "Smith LLC" }, { label: "VAT ID", value: "US-1" }],
        toDetails: [{ label: "Name", value: "Acme Corp" }, { label: "Email", value: "billing@acme.example" }],
        customerName: "Acme Corp",
        subtotalMinor: 150000n,
        taxMinor: 15000n,
        totalMinor: 165000n,
      });
      expect(invoice.items).toHaveLength(1);
      expect(invoiceTotals(invoice).totalMinor).toBe(165000n);
    });

    it("takes currency, locale and number prefix from the account settings; today from its time zone", async () => {
      // 2026-03-10T12:00Z is already 2026-03-11 in Auckland (UTC+13).
      const ctx = await account({ defaultCurrency: "EUR", locale: "de-DE", timezone: "Pacific/Auckland", invoiceNumberPrefix: "RE-2026-", invoiceNumberDigits: 3 });
      const invoice = await createInvoice(ctx, invoiceInput({ dueAt: undefined }));
      expect(invoice).toMatchObject({ number: "RE-2026-001", currency: "EUR", locale: "de-DE", issuedAt: "2026-03-11", dueAt: "2026-04-10" });
    });

    it("derives the bill-to lines from the customer fields by the invoice's locale when none are given", async () => {
      const ctx = await account();
      const customer = { name: "Muster GmbH", email: "rechnung@muster.example", address: "Torstraße 1", city: "Berlin", zip: "10115", country: "Germany" };
      const invoice = await createInvoice(ctx, invoiceInput({ locale: "de-DE", customer }));
      expect(invoice.toDetails).toEqual([
        { label: "Name", value: "Muster GmbH" },
        { label: "Address", value: "Torstraße 1" },
        { label: "City", value: "10115 Berlin" },
        { label: "Country", value: "Germany" },
        { label: "Email", value: "rechnung@muster.example" },
      ]);
      const moved = await updateInvoice(ctx, invoice.id, { locale: "en-US", customer: { city: "Springfield", state: "IL", zip: "62704", country: "USA" } });
      expect(moved.toDetails).toEqual([
        { label: "Name", value: "Muster GmbH" },
        { label: "Address", value: "Torstraße 1" },
        { label: "City", value: "Springfield, IL 62704" },
        { label: "Country", value: "USA" },
        { label: "Email", value: "rechnung@muster.example" },
      ]);
    });

    it("rounds in the currency's exponent: JPY has none, KWD has three", async () => {
      const ctx = await account();
      const yen = await createInvoice(ctx, invoiceInput({ currency: "JPY", taxes: [], items: [{ description: "Widgets", quantity: "3", unitPrice: "1234.5" }] }));
      expect(yen.totalMinor).toBe(3704n);
      const dinar = await createInvoice(ctx, invoiceInput({ currency: "KWD", taxes: [], items: [{ description: "Work", quantity: "1.5", unitPrice: "10.1235" }] }));
      expect(dinar.totalMinor).toBe(15185n); // 15.18525 → 15.185
    });

    it("rejects bad input with field paths and writes nothing", async () => {
      const ctx = await account();
      const cases: [Record<string, unknown>, string][] = [
        [invoiceInput({ currency: "XYZ" }), "currency"],
        [invoiceInput({ items: [] }), "items"],
        [invoiceInput({ items: [{ description: "x", quantity: "1", unitPrice: "abc" }] }), "items.0.unitPrice"],
        [invoiceInput({ currency: "JPY", items: [{ description: "x", quantity: "1", unitPrice: "1.123456" }] }), "items.0.unitPrice"],
        [invoiceInput({ items: [{ description: "x", quantity: "1.12345", unitPrice: "1" }] }), "items.0.quantity"],
        [invoiceInput({ taxes: [{ name: "VAT", rate: "101" }] }), "taxes.0.rate"],
        [invoiceInput({ issuedAt: "2026-03-10", dueAt: "2026-03-01" }), "dueAt"],
        [invoiceInput({ issuedAt: "2026-02-30" }), "issuedAt"],
        [invoiceInput({ discounts: [{ kind: "fixed", value: "5000" }] }), "discounts"],
        [invoiceInput({ customer: { email: "not-an-email" } }), "customer.email"],
        [invoiceInput({ locale: "!!" }), "locale"],
      ];
      for (const [input, path] of cases) {
        const error = await createInvoice(ctx, input).catch((e) => e);
        expect(error, path).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => i.path.join(".")).join("|"), path).toContain(path);
      }
      expect(await t.db.invoice.count({ where: { userId: ctx.userId } })).toBe(0);
      expect(await t.db.invoiceItem.count({ where: { invoice: { userId: ctx.userId } } })).toBe(0);
    });

    it("accepts a caller's own number, rejects duplicates, and the sequence skips taken numbers", async () => {
      const ctx = await account();
      await createInvoice(ctx, invoiceInput({ number: "INV-0002" }));
      await expect(createInvoice(ctx, invoiceInput({ number: "INV-0002" }))).rejects.toThrow(ConflictError);
      const first = await createInvoice(ctx, invoiceInput());
      const second = await createInvoice(ctx, invoiceInput());
      expect([first.number, second.number]).toEqual(["INV-0001", "INV-0003"]);
      // Numbers are per account: another account starts at 0001 too.
      const other = await account();
      expect((await createInvoice(other, invoiceInput())).number).toBe("INV-0001");
    });

    it("assigns distinct numbers to concurrent creates", async () => {
      const ctx = await account();
      const created = await Promise.all(Array.from({ length: 30 }, () => createInvoice(ctx, invoiceInput())));
      const numbers = created.map((i) => i.number).sort();
      expect(new Set(numbers).size).toBe(30);
      expect(numbers[0]).toBe("INV-0001");
      expect(numbers[29]).toBe("INV-0030");
    });

    it("a paid status without a date is paid today; a paid date implies paid", async () => {
      const ctx = await account();
      expect(await createInvoice(ctx, invoiceInput({ status: "paid" }))).toMatchObject({ status: "paid", paidAt: "2026-03-10" });
      expect(await createInvoice(ctx, invoiceInput({ paidAt: "2026-03-12" }))).toMatchObject({ status: "paid", paidAt: "2026-03-12" });
      await expect(createInvoice(ctx, invoiceInput({ status: "sent", paidAt: "2026-03-12" }))).rejects.toThrow(ValidationError);
    });
  });

  describe("update", () => {
    it("changes only the fields given; items replace as a whole and totals follow", async () => {
      const ctx = await account();
      const invoice = await createInvoice(ctx, invoiceInput({ notes: "Thanks!" }));
      const updated = await updateInvoice(ctx, invoice.id, {
        items: [
          { description: "Design", quantity: "2", unitPrice: "99.99" },
          { description: "Hosting", quantity: "1", unitPrice: "0.02", discountPercent: "50" },
        ],
      });
      expect(updated.items.map((i) => i.description)).toEqual(["Design", "Hosting"]);
      expect(updated).toMatchObject({ title: "Consulting", notes: "Thanks!", number: invoice.number, subtotalMinor: 19999n, taxMinor: 2000n, totalMinor: 21999n });
      expect(await t.db.invoiceItem.count({ where: { invoiceId: invoice.id } })).toBe(2);
      const renamed = await updateInvoice(ctx, invoice.id, { title: "Renamed", customer: { name: "Globex" } });
      expect(renamed).toMatchObject({ title: "Renamed", customerName: "Globex", customerEmail: "billing@acme.example", totalMinor: 21999n });
    });

    it("rejects a bad update without changing anything", async () => {
      const ctx = await account();
      const invoice = await createInvoice(ctx, invoiceInput());
      const other = await createInvoice(ctx, invoiceInput());
      await expect(updateInvoice(ctx, invoice.id, { items: [{ description: "x", quantity: "1", unitPrice: "1.123456789" }], title: "Nope" })).rejects.toThrow(ValidationError);
      await expect(updateInvoice(ctx, invoice.id, { number: other.number })).rejects.toThrow(ConflictError);
      const reread = await getInvoice(ctx, invoice.id);
      expect(reread).toMatchObject({ title: "Consulting", number: invoice.number, totalMinor: 165000n });
      expect(reread.items).toHaveLength(1);
    });
  });

  describe("lifecycle", () => {
    it("marks paid today in the account's time zone (or on a given date) and unpaid again", async () => {
      const ctx = await account({ timezone: "America/Los_Angeles" }, () => new Date("2026-03-11T03:00:00Z"));
      const invoice = await createInvoice(ctx, invoiceInput());
      expect(invoice.issuedAt).toBe("2026-03-10");
      const paid = await markInvoicePaid(ctx, invoice.id);
      expect(paid).toMatchObject({ status: "paid", paidAt: "2026-03-10" });
      const unpaid = await markInvoiceUnpaid(ctx, invoice.id);
      expect(unpaid).toMatchObject({ status: "sent", paidAt: null });
      expect(await markInvoicePaid(ctx, invoice.id, "2026-03-15")).toMatchObject({ paidAt: "2026-03-15" });
    });

    it("allows draft → sent → paid and any non-paid → cancelled; rejects the rest with a clear message", async () => {
      const ctx = await account();
      const a = await createInvoice(ctx, invoiceInput());
      expect((await setInvoiceStatus(ctx, a.id, "sent")).status).toBe("sent");
      expect(await setInvoiceStatus(ctx, a.id, "paid")).toMatchObject({ status: "paid", paidAt: "2026-03-10" });
      await expect(setInvoiceStatus(ctx, a.id, "cancelled")).rejects.toThrow("A paid invoice cannot be cancelled; mark it unpaid first");
      await expect(setInvoiceStatus(ctx, a.id, "draft")).rejects.toThrow(ValidationError);
      const b = await createInvoice(ctx, invoiceInput());
      expect((await setInvoiceStatus(ctx, b.id, "cancelled")).status).toBe("cancelled");
      await expect(setInvoiceStatus(ctx, b.id, "sent")).rejects.toThrow("A cancelled invoice cannot change status");
      await expect(markInvoicePaid(ctx, b.id)).rejects.toThrow(ValidationError);
      await expect(setInvoiceStatus(ctx, b.id, "archived")).rejects.toThrow("must be one of draft, sent, paid, cancelled");
      const c = await createInvoice(ctx, invoiceInput({ status: "sent" }));
      await expect(setInvoiceStatus(ctx, c.id, "draft")).rejects.toThrow("A sent invoice cannot go back to draft");
    });

    it("deletes an invoice with its lines", async () => {
      const ctx = await account();
      const invoice = await createInvoice(ctx, invoiceInput());
      await deleteInvoice(ctx, invoice.id);
      await expect(getInvoice(ctx, invoice.id)).rejects.toThrow(NotFoundError);
      expect(await t.db.invoiceItem.count({ where: { invoiceId: invoice.id } })).toBe(0);
      await expect(deleteInvoice(ctx, invoice.id)).rejects.toThrow(NotFoundError);
    });
  });

  describe("isolation", () => {
    it("account B gets not-found for every operation on account A's invoice, and A's invoice is untouched", async () => {
      const a = await account();
      const b = await account();
      const invoice = await createInvoice(a, invoiceInput());
      const operations: [string, () => Promise<unknown>][] = [
        ["get", () => getInvoice(b, invoice.id)],
        ["update", () => updateInvoice(b, invoice.id, { title: "hijacked" })],
        ["delete", () => deleteInvoice(b, invoice.id)],
        ["markPaid", () => markInvoicePaid(b, invoice.id)],
        ["markUnpaid", () => markInvoiceUnpaid(b, invoice.id)],
        ["setStatus", () => setInvoiceStatus(b, invoice.id, "sent")],
      ];
      for (const [name, op] of operations) {
        await expect(op(), name).rejects.toThrow(NotFoundError);
      }
      expect((await listInvoicesPage(b, { page: 1, perPage: 100 })).total).toBe(0);
      expect((await listInvoicesKeyset(b, { first: 100 })).nodes).toEqual([]);
      expect(await getInvoice(a, invoice.id)).toMatchObject({ title: "Consulting", status: "draft", paidAt: null });
    });
  });

  describe("lists", () => {
    it("filters by paid, status, overdue, search and issue-date range; sorts by total", async () => {
      const ctx = await account();
      const overdue = await createInvoice(ctx, invoiceInput({ title: "Old work", issuedAt: "2026-01-01", dueAt: "2026-01-31", status: "sent" }));
      const paid = await createInvoice(ctx, invoiceInput({ title: "Paid work", issuedAt: "2026-01-05", dueAt: "2026-01-20", paidAt: "2026-01-10" }));
      const current = await createInvoice(ctx, invoiceInput({ title: "Current 100%_done", issuedAt: "2026-03-01", customer: { name: "GLOBEX Corporation" }, items: [{ description: "Big", quantity: "1", unitPrice: "5000" }] }));
      const cancelled = await createInvoice(ctx, invoiceInput({ title: "Cancelled", issuedAt: "2026-01-02", dueAt: "2026-01-03", status: "cancelled" }));
      const ids = async (filter: Record<string, unknown>, orderBy?: { field: "total" | "issuedAt"; direction: "asc" | "desc" }) =>
        (await listInvoicesPage(ctx, { filter, orderBy, page: 1, perPage: 100 })).invoices.map((i) => i.id);

      expect(await ids({ paid: true })).toEqual([paid.id]);
      expect((await ids({ paid: false })).sort()).toEqual([overdue.id, current.id, cancelled.id].sort());
      expect(await ids({ overdue: true })).toEqual([overdue.id]);
      expect((await ids({ overdue: false })).sort()).toEqual([paid.id, current.id, cancelled.id].sort());
      expect(await ids({ status: ["cancelled"] })).toEqual([cancelled.id]);
      expect(await ids({ search: "globex" })).toEqual([current.id]);
      expect(await ids({ search: "%_" })).toEqual([current.id]);
      expect(await ids({ search: "INV-0002" })).toEqual([paid.id]);
      expect((await ids({ issuedFrom: "2026-01-02", issuedTo: "2026-01-05" })).sort()).toEqual([paid.id, cancelled.id].sort());
      expect((await ids({}, { field: "total", direction: "desc" }))[0]).toBe(current.id);
      expect(await ids({}, { field: "issuedAt", direction: "asc" })).toEqual([overdue.id, cancelled.id, paid.id, current.id]);
    });

    it("pages by number with totals, and by keyset cursors forward and backward, stable under inserts", async () => {
      const ctx = await account();
      const created = [];
      for (let i = 0; i < 7; i++) created.push(await createInvoice(ctx, invoiceInput({ issuedAt: `2026-02-0${i + 1}` })));
      const page2 = await listInvoicesPage(ctx, { page: 2, perPage: 3, orderBy: { field: "issuedAt", direction: "asc" } });
      expect(page2).toMatchObject({ total: 7, page: 2, perPage: 3, totalPages: 3 });
      expect(page2.invoices.map((i) => i.issuedAt)).toEqual(["2026-02-04", "2026-02-05", "2026-02-06"]);

      const order = { field: "issuedAt" as const, direction: "asc" as const };
      const first = await listInvoicesKeyset(ctx, { first: 3, orderBy: order });
      expect(first.nodes.map((i) => i.issuedAt)).toEqual(["2026-02-01", "2026-02-02", "2026-02-03"]);
      expect(first).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const { encodeInvoiceCursor } = await import("./invoices.service.ts");
      const cursor = encodeInvoiceCursor(first.nodes[2]!, order);
      // An insert before the cursor does not shift the next page.
      await createInvoice(ctx, invoiceInput({ issuedAt: "2026-01-15" }));
      const second = await listInvoicesKeyset(ctx, { first: 3, after: cursor, orderBy: order });
      expect(second.nodes.map((i) => i.issuedAt)).toEqual(["2026-02-04", "2026-02-05", "2026-02-06"]);
      expect(await second.totalCount()).toBe(8);
      const back = await listInvoicesKeyset(ctx, { last: 2, before: encodeInvoiceCursor(second.nodes[0]!, order), orderBy: order });
      expect(back.nodes.map((i) => i.issuedAt)).toEqual(["2026-02-02", "2026-02-03"]);
      expect(back).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      await expect(listInvoicesKeyset(ctx, { first: 101 })).rejects.toThrow(ValidationError);
      await expect(listInvoicesKeyset(ctx, { first: 2, after: "garbage" })).rejects.toThrow("is not a valid cursor");
    });
  });
});

describe("text the databases cannot store", () => {
  const t = useTestApp();
  it("rejects NUL characters with a validation error on both databases, for invoices and prompts", async () => {
    const { user } = await createUser(t.db);
    const ctx = { db: t.db, userId: user.id };
    const error = await createInvoice(ctx, invoiceInput({ title: "bad\u0000title" })).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(["title"]);
    const { createPrompt } = await import("../prompts/prompts.service.ts");
    await expect(createPrompt(ctx, { text: "a\u0000b" })).rejects.toThrow(ValidationError);
    expect(await t.db.invoice.count({ where: { userId: user.id } })).toBe(0);
  });
});
