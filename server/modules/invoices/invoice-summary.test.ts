import { describe, expect, it } from "vitest";
import { createAccount, createUser, graphql, invoiceInput } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import type { ServiceContext } from "../../service-context.ts";
import { updateAccountSettings } from "../accounts/accounts.service.ts";
import { invoiceSummary, monthOf } from "./invoice-summary.ts";
import { createInvoice, markInvoicePaid, setInvoiceStatus } from "./invoices.service.ts";
import { call } from "../../test/rest.ts";

// 2026-03-10 in UTC (and in every zone used below except where a test moves the clock).
let now = new Date("2026-03-10T12:00:00Z");

/** One line of `price` (major units), no taxes: the total is exactly the price. */
const priced = (price: string, overrides: Record<string, unknown> = {}) =>
  invoiceInput({ taxes: [], items: [{ description: "Work", quantity: "1", unitPrice: price }], ...overrides });

describe("invoice summary (service)", () => {
  const t = useTestApp({ now: () => now });

  async function account(settings: Record<string, unknown> = {}): Promise<ServiceContext> {
    const { user } = await createUser(t.db);
    if (Object.keys(settings).length) await updateAccountSettings(t.db, user.id, settings);
    return { db: t.db, userId: user.id, now: () => now };
  }

  it("knows the calendar: month bounds, leap years included", () => {
    expect(monthOf("2026-03-10")).toEqual({ start: "2026-03-01", end: "2026-03-31" });
    expect(monthOf("2024-02-29")).toEqual({ start: "2024-02-01", end: "2024-02-29" });
    expect(monthOf("2026-02-01")).toEqual({ start: "2026-02-01", end: "2026-02-28" });
    expect(monthOf("2026-12-31")).toEqual({ start: "2026-12-01", end: "2026-12-31" });
  });

  it("an account without invoices has nothing to summarize", async () => {
    now = new Date("2026-03-10T12:00:00Z");
    const ctx = await account();
    expect(await invoiceSummary(ctx)).toMatchObject({
      outstanding: [],
      overdue: [],
      paidThisMonth: [],
      invoiceCount: 0,
      today: "2026-03-10",
      monthStart: "2026-03-01",
      monthEnd: "2026-03-31",
    });
  });

  it("sums outstanding, overdue and paid-this-month per currency; drafts, cancelled and paid are not outstanding", async () => {
    now = new Date("2026-03-10T12:00:00Z");
    const ctx = await account({ defaultCurrency: "EUR" });
    // Outstanding: sent, not paid (one of them overdue).
    await createInvoice(ctx, priced("100.10", { status: "sent", currency: "USD" }));
    await createInvoice(ctx, priced("200.20", { status: "sent", currency: "USD", issuedAt: "2026-01-01", dueAt: "2026-02-01" }));
    await createInvoice(ctx, priced("50", { status: "sent", currency: "EUR" }));
    await createInvoice(ctx, priced("1234", { status: "sent", currency: "JPY", issuedAt: "2026-02-01", dueAt: "2026-03-09" }));
    // Not outstanding: a draft (but overdue: its due date passed), a cancelled one (even though past due), paid ones.
    await createInvoice(ctx, priced("7", { currency: "USD", issuedAt: "2026-01-01", dueAt: "2026-01-15" }));
    const cancelled = await createInvoice(ctx, priced("999", { status: "sent", currency: "USD", issuedAt: "2026-01-01", dueAt: "2026-01-15" }));
    await setInvoiceStatus(ctx, cancelled.id, "cancelled");
    // Due today is not overdue yet.
    await createInvoice(ctx, priced("3", { status: "sent", currency: "USD", issuedAt: "2026-03-01", dueAt: "2026-03-10" }));
    // Paid: this month (first and last day count), last month and next month do not.
    await createInvoice(ctx, priced("10.01", { currency: "USD", issuedAt: "2026-02-01", paidAt: "2026-03-01" }));
    const paidLate = await createInvoice(ctx, priced("20.02", { status: "sent", currency: "USD", issuedAt: "2026-02-01", dueAt: "2026-02-10" }));
    await markInvoicePaid(ctx, paidLate.id, "2026-03-31");
    await createInvoice(ctx, priced("40", { currency: "EUR", issuedAt: "2026-02-01", paidAt: "2026-03-05" }));
    await createInvoice(ctx, priced("500", { currency: "USD", issuedAt: "2026-02-01", paidAt: "2026-02-28" }));
    await createInvoice(ctx, priced("600", { currency: "USD", issuedAt: "2026-02-01", paidAt: "2026-04-01" }));
    // Another account's invoices never count.
    const other = await account();
    await createInvoice(other, priced("100000", { status: "sent", currency: "USD", issuedAt: "2026-01-01", dueAt: "2026-01-02" }));
    await createInvoice(other, priced("100000", { currency: "USD", paidAt: "2026-03-10" }));

    const summary = await invoiceSummary(ctx);
    // The account's own currency (EUR) first, then the others by code.
    expect(summary.outstanding).toEqual([
      { currency: "EUR", count: 1, totalMinor: 5000n },
      { currency: "JPY", count: 1, totalMinor: 1234n },
      { currency: "USD", count: 3, totalMinor: 10010n + 20020n + 300n },
    ]);
    expect(summary.overdue).toEqual([
      { currency: "JPY", count: 1, totalMinor: 1234n },
      { currency: "USD", count: 2, totalMinor: 20020n + 700n },
    ]);
    expect(summary.paidThisMonth).toEqual([
      { currency: "EUR", count: 1, totalMinor: 4000n },
      { currency: "USD", count: 2, totalMinor: 1001n + 2002n },
    ]);
    expect(summary.invoiceCount).toBe(12);
  });

  it("sums exactly beyond what a float can hold", async () => {
    now = new Date("2026-03-10T12:00:00Z");
    const ctx = await account();
    // 99,999,999,999,999,999 minor units each: above 2^53, so a float sum would round.
    await createInvoice(ctx, priced("999999999999999.99", { status: "sent" }));
    await createInvoice(ctx, priced("999999999999999.99", { status: "sent" }));
    await createInvoice(ctx, priced("0.01", { status: "sent" }));
    const summary = await invoiceSummary(ctx);
    expect(summary.outstanding).toEqual([{ currency: "USD", count: 3, totalMinor: 199_999_999_999_999_999n }]);
  });

  it("sums past the 64-bit range exactly: two invoices of 2^63 − 1 cents each", async () => {
    now = new Date("2026-03-10T12:00:00Z");
    const ctx = await account();
    // 100,000 × 922,337,203,685.47758 + 0.07 = 92,233,720,368,547,758.07 USD: the largest storable amount.
    const largest = (overrides: Record<string, unknown>) =>
      invoiceInput({
        taxes: [],
        items: [
          { description: "Fleet", quantity: "100000", unitPrice: "922337203685.47758" },
          { description: "Rounding", quantity: "1", unitPrice: "0.07" },
        ],
        ...overrides,
      });
    const MAX = 2n ** 63n - 1n;
    for (let i = 0; i < 2; i++) {
      await createInvoice(ctx, largest({ status: "sent", issuedAt: "2026-01-01", dueAt: "2026-02-01" }));
      await createInvoice(ctx, largest({ issuedAt: "2026-03-01", paidAt: "2026-03-02" }));
    }
    await createInvoice(ctx, priced("0.01", { status: "sent" }));
    const summary = await invoiceSummary(ctx);
    expect(summary.outstanding).toEqual([{ currency: "USD", count: 3, totalMinor: 2n * MAX + 1n }]);
    expect(summary.overdue).toEqual([{ currency: "USD", count: 2, totalMinor: 2n * MAX }]);
    expect(summary.paidThisMonth).toEqual([{ currency: "USD", count: 2, totalMinor: 2n * MAX }]);

    // Negative stored totals (possible before negative totals were refused) keep their sign in the split.
    const negative = await account();
    for (const total of [-(2n ** 63n), -1n, -(2n ** 32n) - 5n]) {
      const invoice = await createInvoice(negative, priced("1", { status: "sent", currency: "EUR" }));
      await t.db.invoice.update({ where: { id: invoice.id }, data: { totalMinor: total } });
    }
    expect((await invoiceSummary(negative)).outstanding).toEqual([{ currency: "EUR", count: 3, totalMinor: -(2n ** 63n) - 1n - (2n ** 32n) - 5n }]);
  });

  it("'this month' and 'today' are the account's time zone's", async () => {
    // 2026-03-31T20:00Z: still March 31 in UTC and New York, already April 1 in Auckland (UTC+13).
    now = new Date("2026-03-31T20:00:00Z");
    const utc = await account({ timezone: "UTC" });
    const auckland = await account({ timezone: "Pacific/Auckland" });
    for (const ctx of [utc, auckland]) {
      await createInvoice(ctx, priced("1", { issuedAt: "2026-03-01", paidAt: "2026-03-31" }));
      await createInvoice(ctx, priced("2", { issuedAt: "2026-03-01", paidAt: "2026-04-01" }));
      await createInvoice(ctx, priced("4", { status: "sent", issuedAt: "2026-03-01", dueAt: "2026-03-31" }));
    }
    const inUtc = await invoiceSummary(utc);
    expect(inUtc).toMatchObject({ today: "2026-03-31", monthStart: "2026-03-01", monthEnd: "2026-03-31", overdue: [] });
    expect(inUtc.paidThisMonth).toEqual([{ currency: "USD", count: 1, totalMinor: 100n }]);

    const inAuckland = await invoiceSummary(auckland);
    expect(inAuckland).toMatchObject({ today: "2026-04-01", monthStart: "2026-04-01", monthEnd: "2026-04-30" });
    expect(inAuckland.paidThisMonth).toEqual([{ currency: "USD", count: 1, totalMinor: 200n }]);
    // Due March 31 is overdue once it is April 1 there.
    expect(inAuckland.overdue).toEqual([{ currency: "USD", count: 1, totalMinor: 400n }]);
    now = new Date("2026-03-10T12:00:00Z");
  });
});

describe("invoiceSummary over GraphQL", () => {
  const t = useTestApp({ now: () => now });
  const QUERY = `{ invoiceSummary {
    invoiceCount today monthStart monthEnd
    outstanding { currency count total { amount minor currencyCode formatted } }
    overdue { currency count total { minor formatted } }
    paidThisMonth { currency count total { minor formatted } }
  } }`;

  it("returns exact Money per currency, formatted in the account's locale, for the caller's own invoices only", async () => {
    now = new Date("2026-03-10T12:00:00Z");
    const a = await createAccount(t.db);
    await updateAccountSettings(t.db, a.user.id, { locale: "de-DE" });
    const ctx = { db: t.db, userId: a.user.id, now: () => now };
    await createInvoice(ctx, invoiceInput({ status: "sent", currency: "EUR" })); // 1,650.00
    await createInvoice(ctx, invoiceInput({ status: "sent", currency: "USD", issuedAt: "2026-01-01", dueAt: "2026-02-01" }));
    await createInvoice(ctx, invoiceInput({ currency: "EUR", issuedAt: "2026-03-01", paidAt: "2026-03-02" }));
    const b = await createAccount(t.db);

    const res = await graphql(t, QUERY, {}, a.auth);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.invoiceSummary).toEqual({
      invoiceCount: 3,
      today: "2026-03-10",
      monthStart: "2026-03-01",
      monthEnd: "2026-03-31",
      outstanding: [
        { currency: "USD", count: 1, total: { amount: "1650.00", minor: "165000", currencyCode: "USD", formatted: "1.650,00\u00a0$" } },
        { currency: "EUR", count: 1, total: { amount: "1650.00", minor: "165000", currencyCode: "EUR", formatted: "1.650,00\u00a0€" } },
      ],
      overdue: [{ currency: "USD", count: 1, total: { minor: "165000", formatted: "1.650,00\u00a0$" } }],
      paidThisMonth: [{ currency: "EUR", count: 1, total: { minor: "165000", formatted: "1.650,00\u00a0€" } }],
    });

    const other = await graphql(t, QUERY, {}, b.auth);
    expect(other.body.data?.invoiceSummary).toMatchObject({ invoiceCount: 0, outstanding: [], overdue: [], paidThisMonth: [] });
  });

  it("needs a signed-in caller; a read-only token may read it", async () => {
    const anonymous = await graphql(t, QUERY);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const a = await createAccount(t.db);
    const readOnly = await graphql(t, QUERY, {}, a.readOnlyAuth);
    expect(readOnly.body.errors).toBeUndefined();
    expect(readOnly.body.data?.invoiceSummary.invoiceCount).toBe(0);
  });
});

describe("invoice summary over REST", () => {
  const t = useTestApp({ now: () => now });

  it("GET /api/v1/invoices/summary: exact decimal strings and minor units per currency, the caller's invoices only", async () => {
    now = new Date("2026-03-10T12:00:00Z");
    const a = await createAccount(t.db);
    const ctx = { db: t.db, userId: a.user.id, now: () => now };
    await createInvoice(ctx, priced("999999999999999.99", { status: "sent" }));
    await createInvoice(ctx, priced("0.02", { status: "sent", issuedAt: "2026-01-01", dueAt: "2026-02-01" }));
    await createInvoice(ctx, priced("1234", { status: "sent", currency: "JPY" }));
    await createInvoice(ctx, priced("1.005", { currency: "KWD", issuedAt: "2026-03-01", paidAt: "2026-03-02" }));
    const b = await createAccount(t.db);
    await createInvoice({ db: t.db, userId: b.user.id, now: () => now }, priced("5", { status: "sent" }));

    const res = await call(t, "GET", "/api/v1/invoices/summary", { auth: a.readOnlyAuth });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      summary: {
        today: "2026-03-10",
        month_start: "2026-03-01",
        month_end: "2026-03-31",
        invoice_count: 4,
        outstanding: [
          { currency: "USD", count: 2, total: "1000000000000000.01", total_minor: "100000000000000001" },
          { currency: "JPY", count: 1, total: "1234", total_minor: "1234" },
        ],
        overdue: [{ currency: "USD", count: 1, total: "0.02", total_minor: "2" }],
        paid_this_month: [{ currency: "KWD", count: 1, total: "1.005", total_minor: "1005" }],
      },
    });
    // "summary" is never taken for an invoice id, and the route needs a caller.
    expect((await call(t, "GET", "/api/v1/invoices/summary")).status).toBe(401);
    const deleted = await call(t, "DELETE", "/api/v1/invoices/summary", { auth: a.auth });
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get("allow")).toContain("GET");
  });
});
