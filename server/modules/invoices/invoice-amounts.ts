/**
 * Amount rules the money module can't know about, enforced by the invoice service on
 * every create and update (REST v1, the basic API, GraphQL and the generator all end there):
 *
 * - Every amount an invoice stores or shows — each line's quantity × unit price, the
 *   subtotal, the tax total, the total — is an integer of minor units that must fit a
 *   signed 64-bit integer (the databases' BIGINT; 92,233,720,368,547,758.07 in a
 *   2-decimal currency). 15-digit quantities times 15-digit prices don't; they are
 *   refused with a message naming the field instead of failing in the database.
 * - A line may be negative (a refund line), the invoice's total may not: that is a credit
 *   note, which Invobi does not issue yet.
 */
import type { InvoiceTotals } from "../../../common/invoice/types.ts";
import { minorToDecimal } from "../../../common/money/index.ts";
import type { FieldIssue } from "../../errors.ts";

export const MAX_MINOR = 2n ** 63n - 1n;
export const MIN_MINOR = -(2n ** 63n);

const fits = (minor: bigint) => minor >= MIN_MINOR && minor <= MAX_MINOR;

/** The first amount of `totals` that does not fit 64 bits, as a field issue; null when all fit. */
export function amountTooLarge(totals: InvoiceTotals, hasInvoiceTaxes: boolean): FieldIssue | null {
  const limit = `${minorToDecimal(MAX_MINOR, totals.exponent)} ${totals.currency}`;
  for (const [index, line] of totals.lines.entries()) {
    if (!fits(line.grossMinor) || !fits(line.netMinor)) {
      return { path: ["items", index, "unitPrice"], message: `quantity × unit price is too large: an amount may be at most ${limit}` };
    }
  }
  if (!fits(totals.subtotalMinor)) {
    return { path: ["items"], message: `the lines add up to more than the largest amount an invoice can hold (${limit})` };
  }
  if (totals.taxes.some((tax) => !fits(tax.baseMinor) || !fits(tax.amountMinor)) || !fits(totals.taxTotalMinor)) {
    return { path: [hasInvoiceTaxes ? "taxes" : "items"], message: `the taxes add up to more than the largest amount an invoice can hold (${limit})` };
  }
  if (!fits(totals.totalMinor)) {
    return { path: ["items"], message: `the total is more than the largest amount an invoice can hold (${limit})` };
  }
  return null;
}

/** A negative total as a field issue; null when the total is zero or more. */
export function negativeTotal(totals: InvoiceTotals): FieldIssue | null {
  if (totals.totalMinor >= 0n) return null;
  const total = `${minorToDecimal(totals.totalMinor, totals.exponent)} ${totals.currency}`;
  return {
    path: ["items"],
    message: `the invoice total is negative (${total}): negative totals are not allowed (a refund needs a credit note, which Invobi cannot issue yet)`,
  };
}
