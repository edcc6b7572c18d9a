import { formatDecimal, formatMoney } from "../../../../common/money/index.ts";

/** formatMoney that never throws while the user is still typing a currency or locale. */
export function safeFormatMoney(minor: bigint, currency: string, locale: string): string {
  for (const candidate of [locale, "en-US"]) {
    try {
      return formatMoney(minor, currency, candidate);
    } catch {
      // try the next locale
    }
  }
  return `${minor} ${currency}`;
}

export function safeFormatDecimal(value: string, locale: string): string {
  for (const candidate of [locale, "en-US"]) {
    try {
      return formatDecimal(value, candidate);
    } catch {
      // try the next locale
    }
  }
  return value;
}

export const COMMON_CURRENCIES = ["USD", "EUR", "GBP", "CHF", "CAD", "AUD", "JPY", "SEK", "NOK", "DKK", "PLN", "CZK", "INR", "BRL", "MXN", "NZD", "SGD", "KWD"];
export const COMMON_LOCALES = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pt-BR", "sv-SE", "pl-PL", "ja-JP", "de-CH", "fr-CA"];
