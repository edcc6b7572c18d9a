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
 * Sums are exact at any size: each stored total (a signed 64-bit integer of minor units)
 * is split in SQL into a high and a low 32-bit part, the database sums each part (sums
 * that fit 64 bits for billions of invoices, where a plain SUM of two totals near 9.2e18
 * overflows — SQLite fails with "integer overflow"), and the parts are recombined here as
 * BigInt. One grouped query per figure, whatever the number of invoices; never a float.
 */
import { Prisma } from "../../db/generated/sqlite/client.ts";
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
export const OUTSTANDING_SQL = Prisma.sql`"status" = 'sent' AND "paidAt" IS NULL`;

/** Overdue as isOverdue() and the list's overdue filter define it. */
export function overdueSql(today: string): Prisma.Sql {
  return Prisma.sql`"paidAt" IS NULL AND "status" NOT IN ('paid', 'cancelled') AND "dueAt" < ${today}`;
}

export function paidBetweenSql(start: string, end: string): Prisma.Sql {
  return Prisma.sql`"status" = 'paid' AND "paidAt" >= ${start} AND "paidAt" <= ${end}`;
}

/** 2^32: totals split into high and low parts around it (both databases divide integers truncating toward zero). */
const SPLIT = 4294967296n;

interface SumRow {
  currency: string;
  count: unknown;
  high: unknown;
  low: unknown;
}

/** A driver's integer (bigint, or a number only while it is exact) as a bigint. */
function exactInteger(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  throw new Error(`invoice summary: not an exact integer from the database: ${String(value)}`);
}

async function totalsByCurrency(ctx: ServiceContext, condition: Prisma.Sql, defaultCurrency: string): Promise<CurrencyTotal[]> {
  // high = trunc(total / 2^32), low = total − high × 2^32, so total = high × 2^32 + low exactly, whatever the sign.
  const rows = await ctx.db.$queryRaw<SumRow[]>`
    SELECT "currency",
      COUNT(*) AS "count",
      CAST(SUM("totalMinor" / 4294967296) AS BIGINT) AS "high",
      CAST(SUM("totalMinor" % 4294967296) AS BIGINT) AS "low"
    FROM "Invoice"
    WHERE "userId" = ${ctx.userId} AND ${condition}
    GROUP BY "currency"`;
  return rows
    .map((row) => ({
      currency: row.currency,
      count: Number(exactInteger(row.count)),
      totalMinor: exactInteger(row.high) * SPLIT + exactInteger(row.low),
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
    totalsByCurrency(ctx, OUTSTANDING_SQL, user.defaultCurrency),
    totalsByCurrency(ctx, overdueSql(today), user.defaultCurrency),
    totalsByCurrency(ctx, paidBetweenSql(month.start, month.end), user.defaultCurrency),
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
