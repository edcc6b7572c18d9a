import { currencyExponent, formatMoney, minorToDecimal } from "../../../common/money/index.ts";
import { builder } from "../builder.ts";

export interface MoneyShape {
  minor: bigint;
  currency: string;
  locale: string;
}

export const money = (minor: bigint, currency: string, locale: string): MoneyShape => ({ minor, currency, locale });

/**
 * ISO 4217 codes as this runtime's Intl knows them: the same list the money module
 * validates against (common/money/currency.ts), so every stored currency has a member.
 */
export const CurrencyCodeEnum = builder.enumType("CurrencyCode", {
  description: "An ISO 4217 currency code.",
  values: Object.fromEntries(Intl.supportedValuesOf("currency").map((code) => [code, { value: code }])) as Record<string, { value: string }>,
});

export const MoneyRef = builder.objectRef<MoneyShape>("Money").implement({
  description: "An exact amount of money. Computed by the shared money module; never a float.",
  fields: (t) => ({
    amount: t.field({
      type: "Decimal",
      description: 'Exact decimal in major units, e.g. "1650.00" (JPY "1650", KWD "1.650").',
      resolve: (m) => minorToDecimal(m.minor, currencyExponent(m.currency)),
    }),
    minor: t.field({ type: "BigInt", description: "Integer minor units (cents).", resolve: (m) => m.minor }),
    currencyCode: t.field({ type: CurrencyCodeEnum, resolve: (m) => m.currency }),
    formatted: t.string({
      description: 'Formatted for the invoice locale, e.g. "$1,650.00" or "1.650,00 €".',
      resolve: (m) => formatMoney(m.minor, m.currency, m.locale),
    }),
  }),
});
