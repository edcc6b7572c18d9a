/** GraphQL translation of duplicateInvoice (duplicate-invoice.ts). */
import { serviceContext } from "../../context.ts";
import { builder } from "../../graphql/builder.ts";
import { withId } from "../../graphql/prisma-query.ts";
import { duplicateInvoice } from "./duplicate-invoice.ts";
import { INVOICE_WRITE_ERRORS, InvoiceRef, invoiceIdFrom, invoiceIdInput } from "./invoices.graphql.ts";

builder.mutationField("duplicateInvoice", (t) =>
  t.prismaField({
    type: InvoiceRef,
    authScopes: { write: true },
    errors: { types: INVOICE_WRITE_ERRORS, dataField: { name: "invoice" } },
    description:
      "A new draft copied from an invoice (parties, lines, discounts, taxes, currency, locale, notes): " +
      "the account's next number, issued today, due after the original's payment term.",
    args: { input: t.arg({ type: invoiceIdInput("DuplicateInvoiceInput"), required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const copy = await duplicateInvoice(serviceContext(ctx), invoiceIdFrom(input.id));
      return ctx.db.invoice.findUniqueOrThrow({ ...withId(query as {}), where: { id: copy.id } });
    },
  }),
);
