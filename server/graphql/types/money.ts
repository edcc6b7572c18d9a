import { currencyExponent, formatMoney, minorToDecimal } from "../../../common/money/index.ts";
import { builder } from "../builder.ts";

export interface MoneyShape {
  minor: bigint;
  currency: string;
  locale: string;
}

export const money = (minor: bigint, currency: string, locale: string): MoneyShape => ({ minor, currency, locale });

export const MoneyRef = builder.objectRef<MoneyShape>("Money").implement({
  description: "An exact amount of money. Computed by the shared money module; never a float.",
  fields: (t) => ({
    amount: t.field({
      type: "Decimal",
      description: 'Exact decimal in major units, e.g. "1650.00" (JPY "1650", KWD "1.650").',
      resolve: (m) => minorToDecimal(m.minor, currencyExponent(m.currency)),
    }),
    minor: t.field({ type: "BigInt", description: "Integer minor units (cents).", resolve: (m) => m.minor }),
    currency: t.exposeString("currency", { description: "ISO 4217 code." }),
    formatted: t.string({
      description: 'Formatted for the invoice locale, e.g. "$1,650.00" or "1.650,00 €".',
      resolve: (m) => formatMoney(m.minor, m.currency, m.locale),
    }),
  }),
});
