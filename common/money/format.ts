/**
 * Locale-aware display of exact amounts. Intl.NumberFormat.format() accepts a
 * decimal string and formats it exactly (no detour through a JS number), so
 * amounts beyond 2^53 minor units and values like 0.1 print as written.
 */
import { currencyExponent } from "./currency.ts";
import { type DecimalString } from "../invoice/types.ts";
import { decimalToString, MoneyError, minorToDecimal, parseDecimal, roundToScale } from "./decimal.ts";

/** Decimals shown for quantities and percentages (the most they may carry). */
const DISPLAY_DECIMALS = 4;

const currencyFormats = new Map<string, Intl.NumberFormat>();
const decimalFormats = new Map<string, Intl.NumberFormat>();

/**
 * An amount in minor units as the locale writes money:
 * (165000n, "USD", "en-US") → "$1,650.00", (165000n, "EUR", "de-DE") → "1.650,00 €"
 * (U+00A0 before €), (1650n, "JPY", "ja-JP") → "￥1,650" (fullwidth yen sign U+FFE5).
 */
export function formatMoney(minor: bigint, currency: string, locale: string): string {
  const exponent = currencyExponent(currency);
  return cachedFormat(currencyFormats, `${locale}\u0000${currency}`, locale, { style: "currency", currency }).format(
    asNumericString(minorToDecimal(minor, exponent)),
  );
}

/**
 * A quantity or percentage as the locale writes numbers: grouping, the locale's
 * decimal separator, at most 4 decimals (rounded half away from zero), no
 * trailing zeros ("1234.50" → "1,234.5" in en-US, "1.234,5" in de-DE).
 */
export function formatDecimal(value: DecimalString, locale: string, field = "value"): string {
  const rounded = roundToScale(parseDecimal(value, field), DISPLAY_DECIMALS);
  const text = decimalToString({ units: rounded, scale: DISPLAY_DECIMALS });
  return cachedFormat(decimalFormats, locale, locale, { maximumFractionDigits: DISPLAY_DECIMALS }).format(
    asNumericString(text),
  );
}

/** Building a NumberFormat costs far more than using one; invoices format dozens of amounts. */
function cachedFormat(
  cache: Map<string, Intl.NumberFormat>,
  key: string,
  locale: string,
  options: Intl.NumberFormatOptions,
): Intl.NumberFormat {
  let format = cache.get(key);
  // Stryker disable next-line ConditionalExpression: equivalent — the cache only saves work; a new NumberFormat formats the same
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, options);
    } catch (error) {
      if (error instanceof RangeError) {
        throw new MoneyError("locale", "invalid_value", `"${String(locale).slice(0, 40)}" is not a valid locale`);
      }
      throw error;
    }
    cache.set(key, format);
  }
  return format;
}

/** TS types format() for numeric literal strings; ours are validated decimals. */
function asNumericString(text: string): Intl.StringNumericLiteral {
  return text as Intl.StringNumericLiteral;
}
