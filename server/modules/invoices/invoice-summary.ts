/**
 * The invoice list's summary: what is owed, what is late, what came in this month —
 * per currency, because amounts in different currencies never add up.
 *
 * Definitions (the same on every face that shows them):
 * - outstanding: sent and not paid yet (status "sent", which always means no paid
 *   date). Overdue sent invoices are included. Drafts are not: nobody has been asked
 *   to pay them yet. Paid and cancelled invoices are never outstanding.
 * - overdue: what the "Overdue" badge and the list's overdue filter show — due date
 *   before today, no paid date, neither paid nor cancelled (so a draft whose due date
 *   passed counts too; see invoice.rules.ts isOverdue).
 * - paidThisMonth: paid invoices whose paid date falls in the current calendar month.
 *
 * "Today" and "this month" are the account's time zone's, like every other date rule.
 * Sums are SQL aggregates over the stored integer minor units (BigInt): exact on
 * SQLite and PostgreSQL, never a float.
 */
import type { Prisma } from "../../db/generated/sqlite/client.ts";
import { nowOf, type ServiceContext } from "../../service-context.ts";
import { getUser } from "../accounts/accounts.service.ts";
import { todayIn } from "./dates.ts";

export interface CurrencyTotal {
  currency: string;
  /** How many invoices make up the total. */
  count: number;
  totalMinor: bigint;
}

export interface InvoiceSummary {
  outstanding: CurrencyTotal[];
  overdue: CurrencyTotal[];
  paidThisMonth: CurrencyTotal[];
  /** Today in the account's time zone (YYYY-MM-DD): the reference for "overdue". */
  today: string;
  /** First and last day of the current month in the account's time zone. */
  monthStart: string;
  monthEnd: string;
  /** All the account's invoices, whatever their status (0 → nothing to summarize). */
  invoiceCount: number;
  /** Formatting defaults of the account. */
  defaultCurrency: string;
  locale: string;
}

/** "2026-03-10" → ["2026-03-01", "2026-03-31"]. */
export function monthOf(date: string): { start: string; end: string } {
  const [year, month] = date.split("-").map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const prefix = date.slice(0, 7);
  return { start: `${prefix}-01`, end: `${prefix}-${String(lastDay).padStart(2, "0")}` };
}

/** Outstanding: sent, not paid (a sent invoice never has a paid date; the check keeps it honest). */
export const OUTSTANDING_WHERE = { status: "sent", paidAt: null } as const satisfies Prisma.InvoiceWhereInput;

/** Overdue as isOverdue() and the list's overdue filter define it. */
export function overdueWhere(today: string): Prisma.InvoiceWhereInput {
  return { paidAt: null, status: { notIn: ["paid", "cancelled"] }, dueAt: { lt: today } };
}

export function paidBetweenWhere(start: string, end: string): Prisma.InvoiceWhereInput {
  return { status: "paid", paidAt: { gte: start, lte: end } };
}

async function totalsByCurrency(ctx: ServiceContext, where: Prisma.InvoiceWhereInput, defaultCurrency: string): Promise<CurrencyTotal[]> {
  const groups = await ctx.db.invoice.groupBy({
    by: ["currency"],
    where: { AND: [{ userId: ctx.userId }, where] },
    _sum: { totalMinor: true },
    _count: { _all: true },
  });
  return groups
    .map((group) => ({
      currency: group.currency,
      count: group._count._all,
      // Driver adapters may hand an aggregate back as a number or a string; BigInt() keeps it exact either way
      // for anything the column can hold, and a float never reaches here (the column is an integer).
      totalMinor: BigInt(group._sum.totalMinor ?? 0n),
    }))
    .sort((a, b) => rank(a.currency, defaultCurrency) - rank(b.currency, defaultCurrency) || a.currency.localeCompare(b.currency));
}

/** The account's own currency first, then the others alphabetically. */
function rank(currency: string, defaultCurrency: string): number {
  return currency === defaultCurrency ? 0 : 1;
}

export async function invoiceSummary(ctx: ServiceContext): Promise<InvoiceSummary> {
  const user = await getUser(ctx.db, ctx.userId);
  const today = todayIn(user.timezone, nowOf(ctx));
  const month = monthOf(today);
  const [outstanding, overdue, paidThisMonth, invoiceCount] = await Promise.all([
    totalsByCurrency(ctx, OUTSTANDING_WHERE, user.defaultCurrency),
    totalsByCurrency(ctx, overdueWhere(today), user.defaultCurrency),
    totalsByCurrency(ctx, paidBetweenWhere(month.start, month.end), user.defaultCurrency),
    ctx.db.invoice.count({ where: { userId: ctx.userId } }),
  ]);
  return {
    outstanding,
    overdue,
    paidThisMonth,
    today,
    monthStart: month.start,
    monthEnd: month.end,
    invoiceCount,
    defaultCurrency: user.defaultCurrency,
    locale: user.locale,
  };
}
