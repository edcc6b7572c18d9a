/**
 * The built-in, rule-based extractor: no key, no network, deterministic.
 *
 * It reads a plain-words invoice request into an {@link InvoiceExtraction} in small
 * named passes over one "work" text. Each pass finds its phrases with regexes and
 * CONSUMES them (masks them out, keeping offsets), so a later pass never reads a
 * phrase twice: "to Chase Bank account 1234567890" is payment, not a customer; "30
 * days" in "due in 30 days" is a due date, not a quantity; "10% tax" is not a
 * discount. What is left at the end is split into line items.
 *
 *   normalise → payment → notes/title → references → emails → contact lines → dates
 *   → taxes → discounts → parties → items → currency → locale → missing
 *
 * One file per pass, in this folder; vocabulary they share (currencies, numbers, units)
 * in *-vocabulary.ts, the work text in work.ts.
 *
 * Amounts stay exact decimal strings throughout (see ../numbers.ts). Nothing is
 * invented: what the prompt doesn't say is null and listed in `missing`.
 */
import { completeMissing, type InvoiceExtraction, type PartyExtraction } from "../extraction.ts";
import { normalizeText } from "./normalise.ts";
import { type OfflineExtractOptions, Work } from "./work.ts";
import { passPayment } from "./payment.ts";
import { passNotes } from "./notes.ts";
import { passTitle } from "./title.ts";
import { passReferences } from "./references.ts";
import { passContactLines, passEmails } from "./contacts.ts";
import { passDates } from "./dates.ts";
import { passTaxes } from "./taxes.ts";
import { passDiscounts } from "./discounts.ts";
import { attachPending, passParties } from "./parties.ts";
import { passItems } from "./items.ts";
import { localeHint, passCurrency } from "./currency.ts";

export type { OfflineExtractOptions } from "./work.ts";
export { ibanChecksumValid } from "./payment.ts";

function emptyParty(): PartyExtraction {
  return { name: null, company: null, email: null, address: null, lines: [] };
}

/**
 * Read an invoice request in plain words into an {@link InvoiceExtraction}, with rules
 * only (no network, no key, same output for the same input).
 */
export function extractOffline(prompt: string, options: OfflineExtractOptions = {}): InvoiceExtraction {
  const w = new Work(normalizeText(prompt), options);
  const from = emptyParty();
  const to = emptyParty();

  passPayment(w);
  const notes = passNotes(w);
  const title = passTitle(w);
  passReferences(w);
  passEmails(w);
  passContactLines(w);
  const dates = passDates(w);
  const taxes = passTaxes(w);
  const discounts = passDiscounts(w);
  passParties(w, from, to);
  attachPending(w, from, to);
  const items = passItems(w);
  const currency = passCurrency(w);

  const extraction: InvoiceExtraction = {
    title,
    currency,
    localeHint: localeHint(w.lang, currency),
    from,
    to,
    items,
    discounts,
    taxes,
    issueDate: dates.issue,
    dueDate: dates.due,
    paymentDetails: w.payment.map((p) => p.line),
    notes,
    missing: [],
  };
  // An item read without words of its own gets a generic description ("Services" for
  // time, the counted noun, else "Item"): a label, not a fact, so it is not "missing".
  const missing = completeMissing(extraction);
  if (w.taxWithoutRate) missing.push("taxes");
  extraction.missing = missing;
  return extraction;
}
