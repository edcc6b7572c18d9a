/**
 * REST translation of the invoice summary (invoice-summary.ts): GET /api/v1/invoices/summary.
 * Beyond the Invobi API docs, like PATCH and the list filters; the numbers and their
 * definitions are the service's, the same ones the web app's summary cards show.
 */
import { z } from "zod";
import { currencyExponent, minorToDecimal } from "../../../common/money/index.ts";
import { serviceContext } from "../../context.ts";
import { defineRoute, respond, type AnyRoute } from "../../rest/route.ts";
import { DateJson, DecimalJson } from "../../rest/schemas.ts";
import { invoiceSummary, type CurrencyTotal } from "./invoice-summary.ts";

const CurrencyTotalJson = z.strictObject({
  currency: z.string().describe("ISO 4217 code."),
  count: z.number().int().describe("How many invoices make up the total."),
  total: DecimalJson,
  total_minor: z.string().regex(/^-?\d+$/).describe("The total in minor units (cents), as a string."),
});

export const InvoiceSummaryEnvelope = z.strictObject({
  summary: z.strictObject({
    today: DateJson.describe("Today in the account's time zone: the reference for overdue."),
    month_start: DateJson,
    month_end: DateJson,
    invoice_count: z.number().int().describe("All invoices of the account, whatever their status."),
    outstanding: z.array(CurrencyTotalJson).describe("Sent and not paid yet (overdue ones included), per currency."),
    overdue: z.array(CurrencyTotalJson).describe("Due date before today, not paid, not cancelled (drafts included), per currency."),
    paid_this_month: z.array(CurrencyTotalJson).describe("Paid with a paid date in the current month, per currency."),
  }),
});

function currencyTotalJson(total: CurrencyTotal): z.output<typeof CurrencyTotalJson> {
  return {
    currency: total.currency,
    count: total.count,
    total: minorToDecimal(total.totalMinor, currencyExponent(total.currency)),
    total_minor: total.totalMinor.toString(),
  };
}

export const invoiceSummaryRoutes: AnyRoute[] = [
  defineRoute({
    method: "get",
    // Registered before /invoices/:id, which would otherwise take "summary" for an id.
    path: "/invoices/summary",
    operationId: "getInvoiceSummary",
    summary: "Summarize invoices",
    description:
      "Outstanding, overdue and paid-this-month totals per currency (amounts in different currencies are never added), " +
      "with today and the month in the account's time zone.",
    tag: "Invoices",
    permission: "read",
    responses: { 200: { description: "The summary.", schema: InvoiceSummaryEnvelope } },
    async handler(c) {
      const summary = await invoiceSummary(serviceContext(c.get("ctx")));
      return respond(c, InvoiceSummaryEnvelope, {
        summary: {
          today: summary.today,
          month_start: summary.monthStart,
          month_end: summary.monthEnd,
          invoice_count: summary.invoiceCount,
          outstanding: summary.outstanding.map(currencyTotalJson),
          overdue: summary.overdue.map(currencyTotalJson),
          paid_this_month: summary.paidThisMonth.map(currencyTotalJson),
        },
      });
    },
  }),
];
