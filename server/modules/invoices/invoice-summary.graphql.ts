/**
 * GraphQL translation of the invoice summary (invoice-summary.ts): per-currency
 * totals as Money, formatted in the account's locale.
 */
import { serviceContext } from "../../context.ts";
import { builder } from "../../graphql/builder.ts";
import { MoneyRef, money } from "../../graphql/types/money.ts";
import { invoiceSummary, type CurrencyTotal, type InvoiceSummary } from "./invoice-summary.ts";

interface CurrencyTotalShape extends CurrencyTotal {
  locale: string;
}

const CurrencyTotalRef = builder.objectRef<CurrencyTotalShape>("CurrencyTotal").implement({
  description: "The sum of some invoices' totals in one currency.",
  fields: (t) => ({
    currency: t.exposeString("currency", { description: "ISO 4217 code." }),
    count: t.exposeInt("count", { description: "How many invoices the total adds up." }),
    total: t.field({ type: MoneyRef, resolve: (c) => money(c.totalMinor, c.currency, c.locale) }),
  }),
});

const perCurrency = (summary: InvoiceSummary, totals: CurrencyTotal[]): CurrencyTotalShape[] =>
  totals.map((total) => ({ ...total, locale: summary.locale }));

const InvoiceSummaryRef = builder.objectRef<InvoiceSummary>("InvoiceSummary").implement({
  description:
    "The account's money at a glance, one entry per currency (amounts in different currencies are never added). " +
    "Dates are the account's time zone's.",
  fields: (t) => ({
    outstanding: t.field({
      type: [CurrencyTotalRef],
      description: "Sent and not paid yet, overdue ones included. Drafts, paid and cancelled invoices are not outstanding.",
      resolve: (s) => perCurrency(s, s.outstanding),
    }),
    overdue: t.field({
      type: [CurrencyTotalRef],
      description: "Due date before today and neither paid nor cancelled: the invoices `isOverdue` and the overdue filter show.",
      resolve: (s) => perCurrency(s, s.overdue),
    }),
    paidThisMonth: t.field({
      type: [CurrencyTotalRef],
      description: "Paid invoices whose paid date is in the current month (monthStart–monthEnd).",
      resolve: (s) => perCurrency(s, s.paidThisMonth),
    }),
    today: t.field({ type: "Date", resolve: (s) => s.today }),
    monthStart: t.field({ type: "Date", resolve: (s) => s.monthStart }),
    monthEnd: t.field({ type: "Date", resolve: (s) => s.monthEnd }),
    invoiceCount: t.exposeInt("invoiceCount", { description: "All the account's invoices, whatever their status." }),
  }),
});

builder.queryField("invoiceSummary", (t) =>
  t.field({
    type: InvoiceSummaryRef,
    authScopes: { read: true },
    description: "Outstanding, overdue and paid-this-month totals of the signed-in account's invoices, per currency.",
    resolve: (_root, _args, ctx) => invoiceSummary(serviceContext(ctx)),
  }),
);
