import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { InvoiceDiscount, InvoiceTax, InvoiceTotals, LineItem, TotalsInput } from "../invoice/types.ts";
import { MAX_INTEGER_DIGITS, minorToDecimal, parseDecimal, pow10 } from "./decimal.ts";
import { propertyRuns } from "./test-support/property-runs.ts";
import { computeTotals } from "./totals.ts";

const EXPONENTS = { USD: 2, EUR: 2, JPY: 0, KWD: 3 } as const;
type Currency = keyof typeof EXPONENTS;

/** A non-negative decimal string with up to `maxScale` decimals (trailing zeros included sometimes). */
function decimal(maxUnits: bigint, maxScale: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.bigInt({ min: 0n, max: maxUnits }), fc.integer({ min: 0, max: maxScale }))
    .map(([units, scale]) => minorToDecimal(units, scale));
}

/** A percentage in [0, max] with up to 4 decimals, biased towards real-world rates. */
function percent(max = 100): fc.Arbitrary<string> {
  const common = ["0", "5", "7", "9.975", "10", "19", "20", "25", "100"].filter((rate) => Number(rate) <= max);
  return fc.oneof(
    fc.constantFrom(...common),
    fc.integer({ min: 0, max: max * 10_000 }).map((units) => minorToDecimal(BigInt(units), 4)),
  );
}

function lineItem(currency: Currency): fc.Arbitrary<LineItem> {
  return fc.record(
    {
      description: fc.constant("item"),
      quantity: decimal(10n ** 8n, 4),
      unitPrice: decimal(10n ** 10n, EXPONENTS[currency] + 4),
      discountPercent: fc.option(percent(), { nil: null }),
      taxPercent: fc.option(percent(30), { nil: null }),
      taxName: fc.option(fc.constantFrom("VAT", "GST", "Sales tax"), { nil: undefined }),
    },
    { requiredKeys: ["description", "quantity", "unitPrice"] },
  );
}

/** Up to three percent discounts of ≤ 33.3333% each, so together they stay ≤ 100%. */
const percentDiscounts: fc.Arbitrary<InvoiceDiscount[]> = fc.array(
  fc.record({ kind: fc.constant("percent" as const), value: percent(33) }),
  { maxLength: 3 },
);

const invoiceTaxes: fc.Arbitrary<InvoiceTax[]> = fc.uniqueArray(
  fc.record({ name: fc.constantFrom("GST", "QST", "State", "VAT"), rate: percent(30) }),
  { maxLength: 3, selector: (tax) => tax.name },
);

const invoiceInput: fc.Arbitrary<TotalsInput> = fc
  .constantFrom<Currency>("USD", "EUR", "JPY", "KWD")
  .chain((currency) =>
    fc.record({
      currency: fc.constant(currency),
      items: fc.array(lineItem(currency), { maxLength: 25 }),
      discounts: percentDiscounts,
      taxes: invoiceTaxes,
    }),
  );

/** The same invoice plus a fixed discount of up to what the percent discounts left. */
const invoiceWithFixedDiscount: fc.Arbitrary<TotalsInput> = fc
  .tuple(invoiceInput, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 3 }))
  .map(([input, perMille, position]) => {
    const { taxableMinor, exponent } = computeTotals(input);
    // Typed amounts are capped at 15 integer digits (MAX_INTEGER_DIGITS); computed ones are not.
    const largestTypable = pow10(MAX_INTEGER_DIGITS + exponent) - 1n;
    const amount = (taxableMinor * BigInt(perMille)) / 1000n;
    const fixed = minorToDecimal(amount < largestTypable ? amount : largestTypable, exponent);
    const discounts = [...input.discounts];
    discounts.splice(position, 0, { kind: "fixed", value: fixed, description: "fixed" });
    return { ...input, discounts };
  });

const sum = (values: readonly bigint[]) => values.reduce((total, value) => total + value, 0n);

function expectConsistent(input: TotalsInput, totals: InvoiceTotals): void {
  expect(totals.totalMinor >= 0n).toBe(true);
  expect(totals.totalMinor).toBe(totals.subtotalMinor - totals.discountTotalMinor + totals.taxTotalMinor);
  expect(totals.taxableMinor).toBe(totals.subtotalMinor - totals.discountTotalMinor);
  expect(totals.taxableMinor >= 0n && totals.taxableMinor <= totals.subtotalMinor).toBe(true);
  expect(sum(totals.lines.map((line) => line.netMinor))).toBe(totals.subtotalMinor);
  for (const line of totals.lines) expect(line.grossMinor - line.discountMinor).toBe(line.netMinor);
  expect(sum(totals.discounts.map((discount) => discount.amountMinor))).toBe(totals.discountTotalMinor);
  expect(sum(totals.taxes.map((tax) => tax.amountMinor))).toBe(totals.taxTotalMinor);

  for (const tax of totals.taxes) {
    // |amount − base × rate / 100| ≤ ½ minor unit  ⇔  |2·amount·D − 2·base·r| ≤ D, D = 100·10^scale
    const rate = parseDecimal(tax.rate, "rate");
    const denominator = 100n * pow10(rate.scale);
    const error = 2n * tax.amountMinor * denominator - 2n * tax.baseMinor * rate.units;
    expect((error < 0n ? -error : error) <= denominator).toBe(true);
  }
  // Invoice taxes apply to the whole taxable amount.
  for (const invoiceTax of input.taxes) {
    const rate = parseDecimal(invoiceTax.rate, "rate"); // smallest scale, so comparable field by field
    const group = totals.taxes.find((tax) => {
      const groupRate = parseDecimal(tax.rate, "rate");
      return tax.name === invoiceTax.name && groupRate.units === rate.units && groupRate.scale === rate.scale;
    });
    expect(group?.baseMinor).toBe(totals.taxableMinor);
  }
  // When every line is taxed exactly once (one line tax, no invoice taxes) the group bases split the taxable amount.
  if (input.taxes.length === 0 && input.items.every((item) => item.taxPercent != null)) {
    expect(sum(totals.taxes.map((tax) => tax.baseMinor))).toBe(totals.taxableMinor);
  }
}

/** What must not depend on line order: everything except the per-line list and the order of groups. */
function orderFree(totals: InvoiceTotals) {
  return {
    subtotal: totals.subtotalMinor,
    discounts: totals.discounts.map((discount) => discount.amountMinor),
    taxable: totals.taxableMinor,
    taxes: Object.fromEntries(totals.taxes.map((tax) => [`${tax.name} ${tax.rate}`, [tax.baseMinor, tax.amountMinor]])),
    total: totals.totalMinor,
  };
}

describe("computeTotals properties", () => {
  it("random invoices add up (percent discounts)", () => {
    fc.assert(fc.property(invoiceInput, (input) => expectConsistent(input, computeTotals(input))), { numRuns: propertyRuns(300) });
  });

  it("random invoices add up (with a fixed discount)", () => {
    fc.assert(
      fc.property(invoiceWithFixedDiscount, (input) => expectConsistent(input, computeTotals(input))),
      { numRuns: propertyRuns(300) },
    );
  });

  it("totals do not depend on line order", () => {
    const withShuffle = fc.oneof(invoiceInput, invoiceWithFixedDiscount).chain((input) =>
      fc
        .shuffledSubarray([...input.items], { minLength: input.items.length, maxLength: input.items.length })
        .map((shuffled) => [input, { ...input, items: shuffled }] as const),
    );
    fc.assert(
      fc.property(withShuffle, ([input, shuffled]) => {
        expect(orderFree(computeTotals(shuffled))).toEqual(orderFree(computeTotals(input)));
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("exact ties in the discount spread stay order-independent", () => {
    // Duplicated lines in different tax groups are where a naive tie-break would leak line order.
    const tied = fc
      .tuple(
        fc.constantFrom<Currency>("USD", "JPY"),
        fc.constantFrom("1", "10", "3.33"),
        fc.uniqueArray(fc.constantFrom("0", "7", "19", "20"), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 9 }),
      )
      .chain(([currency, price, rates, discount]) => {
        const items = rates.map((rate) => ({ description: "x", quantity: "1", unitPrice: price, taxPercent: rate }));
        const input: TotalsInput = {
          currency,
          items,
          discounts: [{ kind: "fixed", value: String(discount) }],
          taxes: [],
        };
        return fc
          .shuffledSubarray(items, { minLength: items.length, maxLength: items.length })
          .map((shuffled) => [input, { ...input, items: shuffled }] as const);
      })
      .filter(([input]) => {
        try {
          computeTotals(input);
          return true;
        } catch {
          return false; // discount larger than the subtotal
        }
      });
    fc.assert(
      fc.property(tied, ([input, shuffled]) => {
        expect(orderFree(computeTotals(shuffled))).toEqual(orderFree(computeTotals(input)));
      }),
    );
  });

  it("a credit note (all quantities negated) mirrors its invoice to the minor unit", () => {
    fc.assert(
      fc.property(invoiceInput, (input) => {
        const negated = {
          ...input,
          items: input.items.map((item) => ({
            ...item,
            quantity: item.quantity.startsWith("-") ? item.quantity.slice(1) : `-${item.quantity}`,
          })),
        };
        const original = computeTotals(input);
        const credit = computeTotals(negated);
        expect(credit.lines.map((line) => -line.netMinor)).toEqual(original.lines.map((line) => line.netMinor));
        expect(-credit.discountTotalMinor).toBe(original.discountTotalMinor);
        expect(credit.taxes.map((tax) => [tax.name, tax.rate, -tax.baseMinor, -tax.amountMinor])).toEqual(
          original.taxes.map((tax) => [tax.name, tax.rate, tax.baseMinor, tax.amountMinor]),
        );
        expect(-credit.totalMinor).toBe(original.totalMinor);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
