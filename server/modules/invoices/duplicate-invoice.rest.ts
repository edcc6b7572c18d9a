/**
 * REST translation of "duplicate" (duplicate-invoice.ts): POST /api/v1/invoices/:id/duplicate.
 * Beyond the Invobi API docs; for scripts that bill the same work every month. The copy's
 * rules (new number, issued today, same payment term, a draft) are the service's.
 */
import { z } from "zod";
import { serviceContext } from "../../context.ts";
import { requestKeyOf } from "../../http/idempotency.ts";
import { defineRoute, respond, type AnyRoute } from "../../rest/route.ts";
import { duplicateInvoice } from "./duplicate-invoice.ts";
import { InvoiceEnvelope, serializeInvoice, todayOf } from "./invoices.rest.ts";

export const duplicateInvoiceRoutes: AnyRoute[] = [
  defineRoute({
    method: "post",
    path: "/invoices/:id/duplicate",
    operationId: "duplicateInvoice",
    summary: "Duplicate an invoice",
    description:
      "Creates a new draft with the invoice's parties, items, discounts, taxes, currency, locale, notes and payment details, " +
      "the account's next number, issued today (in your time zone) and due after the same number of days as the original.",
    tag: "Invoices",
    permission: "write",
    params: { id: "The invoice ID to copy." },
    body: { schema: z.object({}), required: false, description: "None." },
    responses: { 201: { description: "The new draft.", schema: InvoiceEnvelope } },
    async handler(c, { params }) {
      const copy = await duplicateInvoice(serviceContext(c.get("ctx")), params.id!, { requestKey: requestKeyOf(c) });
      return respond(c, InvoiceEnvelope, { invoice: serializeInvoice(copy, todayOf(c)) }, 201);
    },
  }),
];
