/**
 * computeTotals against a second opinion: the same rules computed with decimal.js
 * (test-support/decimal-oracle.ts) must give every line, discount, tax base, tax amount
 * and total to the minor unit — including refund lines, line tax names, fixed and percent
 * discounts and exact remainder ties — and shuffling the lines must change none of them.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { InvoiceDiscount, InvoiceTax, InvoiceTotals, LineItem, TotalsInput } from "../invoice/types.ts";
import { minorToDecimal } from "./decimal.ts";
import { oracleTotals } from "./test-support/decimal-oracle.ts";
import { propertyRuns } from "./test-support/property-runs.ts";
import { computeTotals } from "./totals.ts";

const EXPONENTS = { USD: 2, EUR: 2, JPY: 0, KWD: 3, BHD: 3 } as const;
type Currency = keyof typeof EXPONENTS;

function decimal(maxUnits: bigint, maxScale: number, signed = false): fc.Arbitrary<string> {
  return fc
    .tuple(fc.bigInt({ min: signed ? -maxUnits : 0n, max: maxUnits }), fc.integer({ min: 0, max: maxScale }))
    .map(([units, scale]) => minorToDecimal(units, scale));
}

/** 0–max % with up to 4 decimals. */
const percentUpTo = (max: number) => fc.integer({ min: 0, max: max * 10_000 }).map((units) => minorToDecimal(BigInt(units), 4));

const rate = fc.oneof(
  fc.constantFrom("0", "5", "7", "9.975", "10", "19", "19.00", "20", "25"),
  fc.integer({ min: 0, max: 300_000 }).map((units) => minorToDecimal(BigInt(units), 4)),
);

/** Few distinct prices and quantities, so equal lines (exact remainder ties) are common. */
function lineItem(currency: Currency): fc.Arbitrary<LineItem> {
  const exponent = EXPONENTS[currency];
  return fc.record(
    {
      description: fc.constant("item"),
      quantity: fc.oneof(fc.constantFrom("1", "2", "-1", "0.5"), decimal(10n ** 6n, 4, true)),
      unitPrice: fc.oneof(fc.constantFrom("1", "10", "3.33", "0.01"), decimal(10n ** 9n, exponent + 4)),
      discountPercent: fc.option(fc.oneof(fc.constantFrom("10", "15", "100"), percentUpTo(100)), { nil: null }),
      taxPercent: fc.option(rate, { nil: null }),
      taxName: fc.option(fc.constantFrom("VAT", "VAT ", "GST", ""), { nil: undefined }),
    },
    { requiredKeys: ["description", "quantity", "unitPrice"] },
  );
}

const invoiceTaxes: fc.Arbitrary<InvoiceTax[]> = fc.uniqueArray(fc.record({ name: fc.constantFrom("GST", "QST", "VAT"), rate }), {
  maxLength: 2,
  selector: (tax) => tax.name,
});

/**
 * A valid invoice: up to three percent discounts of ≤ 33 % each and, on a non-negative
 * subtotal, fixed discounts sized from what is left (per-mille of the remaining amount).
 */
const invoice: fc.Arbitrary<TotalsInput> = fc.constantFrom<Currency>("USD", "EUR", "JPY", "KWD", "BHD").chain((currency) =>
  fc
    .record({
      items: fc.array(lineItem(currency), { minLength: 1, maxLength: 12 }),
      percents: fc.array(fc.oneof(fc.constantFrom("10", "12.5", "33"), percentUpTo(33)), { maxLength: 3 }),
      fixedPerMille: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 2 }),
      fixedFirst: fc.boolean(),
      taxes: invoiceTaxes,
    })
    .map(({ items, percents, fixedPerMille, fixedFirst, taxes }) => {
      const percentDiscounts: InvoiceDiscount[] = percents.map((value) => ({ kind: "percent", value }));
      const base: TotalsInput = { currency, items, discounts: percentDiscounts, taxes };
      const { taxableMinor } = computeTotals(base);
      let left = taxableMinor < 0n ? 0n : taxableMinor;
      const fixedDiscounts: InvoiceDiscount[] = fixedPerMille.map((perMille) => {
        const amount = (left * BigInt(perMille)) / 1000n;
        left -= amount;
        return { kind: "fixed", value: minorToDecimal(amount, EXPONENTS[currency]) };
      });
      const discounts = fixedFirst ? [...fixedDiscounts, ...percentDiscounts] : [...percentDiscounts, ...fixedDiscounts];
      return { ...base, discounts };
    }),
);

function asOracle(totals: InvoiceTotals) {
  const major = (minor: bigint) => minorToDecimal(minor, totals.exponent);
  return {
    lines: totals.lines.map((line) => ({ gross: major(line.grossMinor), discount: major(line.discountMinor), net: major(line.netMinor) })),
    subtotal: major(totals.subtotalMinor),
    discounts: totals.discounts.map((discount) => major(discount.amountMinor)),
    discountTotal: major(totals.discountTotalMinor),
    taxable: major(totals.taxableMinor),
    taxes: totals.taxes.map((tax) => ({ name: tax.name, rate: tax.rate, base: major(tax.baseMinor), amount: major(tax.amountMinor) })),
    taxTotal: major(totals.taxTotalMinor),
    total: major(totals.totalMinor),
  };
}

/** Everything but the per-line list and the order of the tax groups. */
function orderFree(totals: ReturnType<typeof asOracle>) {
  const { lines: _lines, taxes, ...rest } = totals;
  return { ...rest, taxes: Object.fromEntries(taxes.map((tax) => [`${tax.name} ${tax.rate}`, [tax.base, tax.amount]])) };
}

describe("computeTotals against the decimal.js model", () => {
  it("agrees on every amount of random invoices", () => {
    fc.assert(
      fc.property(invoice, (input) => {
        const totals = computeTotals(input);
        expect(asOracle(totals)).toEqual(oracleTotals(input, totals.exponent));
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("line order changes no total, discount, tax base or tax amount", () => {
    const withShuffle = invoice.chain((input) =>
      fc
        .shuffledSubarray([...input.items], { minLength: input.items.length, maxLength: input.items.length })
        .map((items) => [input, { ...input, items }] as const),
    );
    fc.assert(
      fc.property(withShuffle, ([input, shuffled]) => {
        expect(orderFree(asOracle(computeTotals(shuffled)))).toEqual(orderFree(asOracle(computeTotals(input))));
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
