/**
 * Currencies as this runtime's Intl knows them. Codes must already be upper-case
 * ISO 4217 ("USD"): "usd" is rejected, never silently upper-cased, so what is
 * stored is exactly what was validated.
 */
import { MoneyError } from "./decimal.ts";

const CURRENCY_CODE = /^[A-Z]{3}$/;

let knownCurrencies: ReadonlySet<string> | undefined;
const exponents = new Map<string, number>();

/** Intl.supportedValuesOf lists only real currencies; Intl.NumberFormat alone accepts any 3 letters ("XYZ"). */
function supportedCurrencies(): ReadonlySet<string> {
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCurrencies;
}

export function isKnownCurrency(code: unknown): code is string {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent — the Set holds only upper-case 3-letter strings, so has(code) alone decides; the first two checks are a cheap guard
  return typeof code === "string" && CURRENCY_CODE.test(code) && supportedCurrencies().has(code);
}

/** Throws a {@link MoneyError} on `field` unless `code` is a known upper-case currency code. */
export function assertCurrency(code: unknown, field = "currency"): asserts code is string {
  if (isKnownCurrency(code)) return;
  const shown = typeof code === "string" ? `"${code.slice(0, 20)}"` : String(code);
  const hint =
    typeof code === "string" && isKnownCurrency(code.toUpperCase()) ? ` (currency codes are upper-case: "${code.toUpperCase()}")` : "";
  throw new MoneyError(field, "unknown_currency", `${shown} is not a known ISO 4217 currency code${hint}`);
}

/**
 * Fraction digits of the currency (USD 2, JPY 0, KWD 3), as Intl/CLDR formats it.
 * Note CLDR uses 0 for a few currencies whose ISO 4217 exponent is 2 or 3 (HUF, IDR,
 * COP, IQD, …) because nobody writes their minor units; invoices follow CLDR.
 */
export function currencyExponent(code: string, field = "currency"): number {
  const cached = exponents.get(code);
  // Stryker disable next-line ConditionalExpression: equivalent — the cache only saves work, a recomputed exponent is the same
  if (cached !== undefined) return cached;
  assertCurrency(code, field);
  const exponent = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
    .maximumFractionDigits;
  // Stryker disable next-line all: unreachable — Intl always reports fraction digits for a currency format
  if (exponent === undefined) throw new Error(`Intl reported no fraction digits for ${code}`);
  exponents.set(code, exponent);
  return exponent;
}
