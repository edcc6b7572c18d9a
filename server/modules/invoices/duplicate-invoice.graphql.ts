/** GraphQL translation of duplicateInvoice (duplicate-invoice.ts). */
import { serviceContext } from "../../context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import { builder } from "../../graphql/builder.ts";
import { withId } from "../../graphql/prisma-query.ts";
import { duplicateInvoice } from "./duplicate-invoice.ts";
import { InvoiceRef, invoiceIdFrom } from "./invoices.graphql.ts";

builder.mutationField("duplicateInvoice", (t) =>
  t.prismaField({
    type: InvoiceRef,
    authScopes: { write: true },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    description:
      "A new draft copied from an invoice (parties, lines, discounts, taxes, currency, locale, notes): " +
      "the account's next number, issued today, due after the original's payment term.",
    args: { id: t.arg.id({ required: true, description: "Global ID or REST id of the invoice to copy." }) },
    resolve: async (query, _root, { id }, ctx) => {
      const copy = await duplicateInvoice(serviceContext(ctx), invoiceIdFrom(id));
      return ctx.db.invoice.findUniqueOrThrow({ ...withId(query as {}), where: { id: copy.id } });
    },
  }),
);
