/**
 * "Duplicate": a new draft with the same parties, lines, discounts, taxes, currency,
 * locale, notes and payment details as an existing invoice of the account. It gets
 * the account's next number, is issued today (account time zone) and keeps the
 * original's payment term: due = today + (original due − original issue) days.
 *
 * It goes through createInvoice, so the copy obeys every rule a new invoice does
 * (validation, numbering, totals from the money module). The origin of a generated
 * invoice (words, prompt, provider) is not copied: the copy was not generated.
 */
import type { InvoiceCreateInput } from "../../../common/invoice/schema.ts";
import type { ServiceContext } from "../../service-context.ts";
import { getUser } from "../accounts/accounts.service.ts";
import { nowOf } from "../../service-context.ts";
import { addDays, todayIn } from "./dates.ts";
import { createInvoice, getInvoice, toInvoiceDocument, type CreateOptions, type InvoiceWithLines } from "./invoices.service.ts";

/** Whole days from one calendar date to another (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The default title names the number ("Invoice INV-0007"); a copy gets its own number's default instead. */
function isDefaultTitle(title: string, number: string): boolean {
  return title === `Invoice ${number}`;
}

/** `options.requestKey`: as for createInvoice, a re-run of the same request returns the copy it made. */
export async function duplicateInvoice(ctx: ServiceContext, id: string, options: CreateOptions = {}): Promise<InvoiceWithLines> {
  const original = await getInvoice(ctx, id);
  const user = await getUser(ctx.db, ctx.userId);
  const today = todayIn(user.timezone, nowOf(ctx));
  const term = Math.max(0, daysBetween(original.issuedAt, original.dueAt));
  const doc = toInvoiceDocument(original);

  const input: InvoiceCreateInput = {
    ...(isDefaultTitle(doc.title, doc.number) ? {} : { title: doc.title }),
    status: "draft",
    issuedAt: today,
    dueAt: addDays(today, term),
    currency: doc.currency,
    locale: doc.locale,
    notes: doc.notes,
    fromDetails: doc.fromDetails,
    toDetails: doc.toDetails,
    paymentDetails: doc.paymentDetails,
    customer: doc.customer,
    items: doc.items,
    discounts: doc.discounts,
    taxes: doc.taxes,
  };
  return createInvoice(ctx, input, {}, options);
}
