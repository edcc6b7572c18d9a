/**
 * The one rule for the "Bill to" lines an invoice derives from its structured customer
 * fields. The service stores them as the invoice's toDetails when the caller gives none,
 * the PDF prints them under the customer's name, and the SPA preview shows them: all
 * three call billToLines, so they agree on order and on how the city line reads.
 *
 * Pure (no I/O, no DOM): the server, the PDF renderer and the SPA import it.
 */
import type { CustomerFields, DetailLine } from "./types.ts";

/** The customer fields the bill-to lines are made of (ref and logo are not address lines). */
export type BillToCustomer = Pick<CustomerFields, "name" | "email" | "address" | "city" | "state" | "zip" | "country">;

/** Regions that write "City, ST 12345"; everywhere else writes "12345 City" and the state on its own line. */
const CITY_FIRST_REGIONS = new Set(["US", "CA", "AU"]);

function regionOf(locale: string): string {
  try {
    return new Intl.Locale(locale).maximize().region ?? "";
  } catch {
    return "";
  }
}

const trimmed = (value: string | null | undefined): string => value?.trim() ?? "";

/** Whether the invoice locale's region writes the city first ("Springfield, IL 62704"). */
export function writesCityFirst(locale: string): boolean {
  return CITY_FIRST_REGIONS.has(regionOf(locale));
}

/**
 * The city line in the invoice locale's convention: "Springfield, IL 62704" for US, CA and
 * AU; "10115 Berlin" elsewhere (the state is then a line of its own, see billToLines).
 */
export function cityLine(customer: BillToCustomer, locale: string): string {
  return writesCityFirst(locale) ? cityFirst(customer) : zipFirst(customer);
}

const cityFirst = (c: BillToCustomer): string =>
  [trimmed(c.city), [trimmed(c.state), trimmed(c.zip)].filter(Boolean).join(" ")].filter(Boolean).join(", ");
const zipFirst = (c: BillToCustomer): string => [trimmed(c.zip), trimmed(c.city)].filter(Boolean).join(" ");

/**
 * The bill-to lines of the customer fields, in print order: Name, Address, City, State
 * (only where the city line does not hold it), Country, Email. Values are trimmed; empty
 * fields give no line. Labels are the English field names stored in toDetails (the PDF
 * prints such self-evident labels as the value alone).
 */
export function billToLines(customer: BillToCustomer, locale: string): DetailLine[] {
  const lines: DetailLine[] = [];
  const push = (label: string, value: string) => {
    if (value) lines.push({ label, value });
  };
  push("Name", trimmed(customer.name));
  push("Address", trimmed(customer.address));
  push("City", cityLine(customer, locale));
  if (!writesCityFirst(locale)) push("State", trimmed(customer.state));
  push("Country", trimmed(customer.country));
  push("Email", trimmed(customer.email));
  return lines;
}

/**
 * Whether these detail lines are exactly what billToLines derives from the customer
 * (in any order): the invoice has no recipient lines of its own beyond its customer.
 */
export function isDerivedBillTo(lines: readonly DetailLine[], customer: BillToCustomer, locale: string): boolean {
  const key = (line: DetailLine) => `${line.label.trim()}\u0000${line.value.trim()}`;
  const derived = billToLines(customer, locale).map(key).sort();
  const given = lines.filter((line) => line.value.trim()).map(key).sort();
  return derived.length === given.length && derived.every((k, i) => k === given[i]);
}

/**
 * The detail lines that say something the customer fields do not. toDetails derived from
 * the customer (by billToLines, or before it by a city line written "City, ST zip" in every
 * region) repeat the customer's name, address and city: printed next to the customer fields
 * they would appear twice. A line is dropped when its value is a customer field or a city
 * line of it in either convention; other lines (a VAT ID, a department) are kept, in order.
 */
export function extraBillToDetails(details: readonly DetailLine[], customer: BillToCustomer, locale: string): DetailLine[] {
  const known = new Set(
    [
      ...billToLines(customer, locale).map((line) => line.value),
      trimmed(customer.city),
      trimmed(customer.zip),
      trimmed(customer.state),
      cityFirst(customer),
      zipFirst(customer),
    ].filter(Boolean),
  );
  return details.filter((line) => !known.has(line.value.trim()));
}
