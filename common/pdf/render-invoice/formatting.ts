/** Formatting for display only (amounts arrive as minor units or exact decimals), and the default paper size. */
import type { LineItem } from "../../invoice/types.ts";
import { EXTRA_UNIT_PRICE_DECIMALS, formatDecimal } from "../../money/index.ts";

/** Regions whose paper is US Letter (CLDR measurementSystem/paperSize "US"). */
const LETTER_REGIONS = new Set(["US", "CA", "MX", "PR", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "SV", "DO", "BZ"]);

export function isNonZero(value: string | null | undefined): boolean {
  return value != null && value.trim() !== "" && /[1-9]/.test(value);
}

function regionOf(locale: string): string {
  try {
    return new Intl.Locale(locale).maximize().region ?? "";
  } catch {
    return "";
  }
}

export function defaultPageSize(locale: string): "a4" | "letter" {
  return LETTER_REGIONS.has(regionOf(locale)) ? "letter" : "a4";
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "2025-01-05" as the locale writes a medium date, read and printed in UTC so no time zone can shift the day. */
export function formatDate(value: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return format.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** "19" → "19%" (en), "19 %" (de, fr); exact: Intl reads the decimal string, not a float. */
export function formatPercent(value: string, locale: string): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 4 });
    percentFormats.set(locale, format);
  }
  return format.format(`${value.trim()}E-2` as Intl.StringNumericLiteral);
}

const unitPriceFormats = new Map<string, Intl.NumberFormat>();

/**
 * A unit price (exact decimal in major units, up to 4 decimals beyond the
 * currency's) in the currency format: "$12.50", "$0.1234", "1.650 ¥".
 */
export function formatUnitPrice(value: string, currency: string, exponent: number, locale: string): string {
  const key = `${locale}\u0000${currency}`;
  let format = unitPriceFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent + EXTRA_UNIT_PRICE_DECIMALS,
    });
    unitPriceFormats.set(key, format);
  }
  return format.format(value.trim() as Intl.StringNumericLiteral);
}

export function quantityText(item: LineItem, locale: string): string {
  const quantity = formatDecimal(item.quantity, locale, "quantity");
  const unit = item.unit?.trim();
  return unit ? `${quantity} ${unit}` : quantity;
}
