/**
 * Known answers: invoices whose totals were worked out by hand (the arithmetic is in
 * each comment) and cross-checked with the decimal.js model in test-support/, plus the
 * EN 16931 example invoices with the totals their files state. Each case also runs with
 * its lines reversed: no total, tax base or tax amount may depend on line order.
 */
import { describe, expect, it } from "vitest";
import type { InvoiceDiscount, InvoiceTax, InvoiceTotals, LineItem, TotalsInput } from "../invoice/types.ts";
import { minorToDecimal } from "./decimal.ts";
import { oracleTotals } from "./test-support/decimal-oracle.ts";
import { EN16931_EXAMPLES } from "./test-support/en16931-examples.ts";
import { computeTotals } from "./totals.ts";

interface KnownAnswer {
  name: string;
  currency: string;
  items: LineItem[];
  discounts?: InvoiceDiscount[];
  taxes?: InvoiceTax[];
  expected: {
    subtotal: string;
    discounts?: string[];
    taxable: string;
    /** [name, rate, base, amount], in the order computeTotals reports them. */
    taxes?: [string, string, string, string][];
    total: string;
  };
}

const line = (quantity: string, unitPrice: string, extra: Partial<LineItem> = {}): LineItem => ({
  description: `${quantity} × ${unitPrice}`,
  quantity,
  unitPrice,
  ...extra,
});
const taxed = (quantity: string, unitPrice: string, taxPercent: string, taxName = "VAT", extra: Partial<LineItem> = {}) =>
  line(quantity, unitPrice, { taxPercent, taxName, ...extra });
const fixed = (value: string): InvoiceDiscount => ({ kind: "fixed", value });
const percent = (value: string): InvoiceDiscount => ({ kind: "percent", value });

const CASES: KnownAnswer[] = [
  {
    // Shares of 0.03 over 5.00 / 2.00: 2.142857 and 0.857143 cents → 2 + 0, the leftover
    // cent to the larger remainder (the 2.00 line, not the larger line).
    // 19 %: 4.98 × 0.19 = 0.9462 → 0.95; 7 %: 1.99 × 0.07 = 0.1393 → 0.14.
    name: "issue 21: the leftover discount cent goes to the largest remainder, not the largest line",
    currency: "EUR",
    items: [taxed("1", "5.00", "19"), taxed("1", "2.00", "7")],
    discounts: [fixed("0.03")],
    expected: {
      subtotal: "7.00",
      discounts: ["0.03"],
      taxable: "6.97",
      taxes: [["VAT", "19", "4.98", "0.95"], ["VAT", "7", "1.99", "0.14"]],
      total: "8.06",
    },
  },
  {
    // Percent discounts add up before rounding: 12.5 % + 10 % = 22.5 % of 100.00 = 22.50.
    name: "issue 21: stacked percent discounts of 12.5 % and 10 % on 100.00",
    currency: "USD",
    items: [line("1", "100.00")],
    discounts: [percent("12.5"), percent("10")],
    expected: { subtotal: "100.00", discounts: ["12.50", "10.00"], taxable: "77.50", total: "77.50" },
  },
  {
    // 0.02 over 1.00 / 3.00: 0.5 and 1.5 cents, equal remainders → the larger weight (3.00) rounds up.
    // 19 %: 1.00 → 0.19; 7 %: 2.98 × 0.07 = 0.2086 → 0.21.
    name: "an exact remainder tie goes to the larger line",
    currency: "EUR",
    items: [taxed("1", "1.00", "19"), taxed("1", "3.00", "7")],
    discounts: [fixed("0.02")],
    expected: {
      subtotal: "4.00",
      taxable: "3.98",
      taxes: [["VAT", "19", "1.00", "0.19"], ["VAT", "7", "2.98", "0.21"]],
      total: "4.38",
    },
  },
  {
    // 0.01 over two 10.00 lines: 0.5 cent each, same weight → the smaller tax-group key,
    // "VAT 19" < "VAT 7" as strings. 19 %: 9.99 × 0.19 = 1.8981 → 1.90; 7 %: 0.70.
    name: "an exact tie between equal lines goes to the smaller tax-group key",
    currency: "EUR",
    items: [taxed("1", "10.00", "7"), taxed("1", "10.00", "19")],
    discounts: [fixed("0.01")],
    expected: {
      subtotal: "20.00",
      taxable: "19.99",
      taxes: [["VAT", "7", "10.00", "0.70"], ["VAT", "19", "9.99", "1.90"]],
      total: "22.59",
    },
  },
  {
    // 0.05 over three 1.00 lines: 1⅔ cents each → 1 + 1 + 1, two leftover cents to the
    // smallest keys "VAT 0" and "VAT 19". 19 %: 0.98 → 0.1862 → 0.19; 7 %: 0.99 → 0.0693 → 0.07.
    name: "two leftover cents over three tied lines",
    currency: "EUR",
    items: [taxed("1", "1.00", "19"), taxed("1", "1.00", "7"), taxed("1", "1.00", "0")],
    discounts: [fixed("0.05")],
    expected: {
      subtotal: "3.00",
      taxable: "2.95",
      taxes: [["VAT", "19", "0.98", "0.19"], ["VAT", "7", "0.99", "0.07"], ["VAT", "0", "0.98", "0.00"]],
      total: "3.21",
    },
  },
  {
    // 1 cent over +10.00 / −3.33 (sum 6.67): shares 1.499 and −0.499 cents → floors 1 and −1,
    // remainders 333 and 334 (of 667) → the refund line gets the cent: shares 1 and 0.
    // 10 %: 9.99 → 0.999 → 1.00; 20 %: −3.33 → −0.666 → −0.67.
    name: "a refund line in the discount split",
    currency: "USD",
    items: [taxed("1", "10.00", "10", "Tax"), taxed("-1", "3.33", "20", "Tax")],
    discounts: [fixed("0.01")],
    expected: {
      subtotal: "6.67",
      taxable: "6.66",
      taxes: [["Tax", "10", "9.99", "1.00"], ["Tax", "20", "-3.33", "-0.67"]],
      total: "6.99",
    },
  },
  {
    // 0.01 over two 10.00 lines, one untaxed: a tie, and an untaxed line's key "" sorts
    // before any tax group → the untaxed line gets the cent; GST 5 % of 10.00 = 0.50.
    name: "an exact tie between a taxed and an untaxed line goes to the untaxed one",
    currency: "CAD",
    items: [taxed("1", "10.00", "5", "GST"), line("1", "10.00")],
    discounts: [fixed("0.01")],
    expected: { subtotal: "20.00", taxable: "19.99", taxes: [["GST", "5", "10.00", "0.50"]], total: "20.49" },
  },
  {
    // 10 % of 60.00 = 6.00 split over 100.00 / −40.00 exactly: 10.00 and −4.00.
    name: "percent discount over an invoice with a refund line",
    currency: "USD",
    items: [taxed("1", "100.00", "20"), taxed("-1", "40.00", "0")],
    discounts: [percent("10")],
    expected: {
      subtotal: "60.00",
      discounts: ["6.00"],
      taxable: "54.00",
      taxes: [["VAT", "20", "90.00", "18.00"], ["VAT", "0", "-36.00", "0.00"]],
      total: "72.00",
    },
  },
  {
    name: "a refund line in the same tax group",
    currency: "USD",
    items: [taxed("2", "50.00", "10"), taxed("-1", "20.00", "10")],
    expected: { subtotal: "80.00", taxable: "80.00", taxes: [["VAT", "10", "80.00", "8.00"]], total: "88.00" },
  },
  {
    // JPY: 3 × 1980 = 5940, 2 × 500 = 1000; 5 % of 6940 = 347, split 297 / 50 exactly.
    // 10 %: 5643 → 564.3 → 564; 8 %: 950 → 76.
    name: "JPY with reduced rate and a percent discount",
    currency: "JPY",
    items: [taxed("3", "1980", "10", "消費税"), taxed("2", "500", "8", "消費税")],
    discounts: [percent("5")],
    expected: {
      subtotal: "6940",
      discounts: ["347"],
      taxable: "6593",
      taxes: [["消費税", "10", "5643", "564"], ["消費税", "8", "950", "76"]],
      total: "7233",
    },
  },
  {
    // 7 × 123.45 = 864.15 → 864; 3 % = 25.92 → 26; 10 % of 838 = 83.8 → 84.
    name: "JPY: fractional unit price rounds to whole yen",
    currency: "JPY",
    items: [line("7", "123.45")],
    discounts: [percent("3")],
    taxes: [{ name: "消費税", rate: "10" }],
    expected: { subtotal: "864", discounts: ["26"], taxable: "838", taxes: [["消費税", "10", "838", "84"]], total: "922" },
  },
  {
    // 2 × 12.345 = 24.690, −10 % = 22.221; 5 % = 1.11105 → 1.111.
    name: "KWD: three decimals with a line discount",
    currency: "KWD",
    items: [taxed("2", "12.345", "5", "VAT", { discountPercent: "10" })],
    expected: { subtotal: "22.221", taxable: "22.221", taxes: [["VAT", "5", "22.221", "1.111"]], total: "23.332" },
  },
  {
    // 0.100 over 3.750 / 0.755 (sum 4.505): 83.24 and 16.76 fils → 83 + 16, remainders
    // 1085 and 3420 (of 4505) → the 0.755 line gets the leftover fil: 83 and 17.
    // 5 % of 3.667 = 0.18335 → 0.183.
    name: "KWD: a fixed discount split in fils",
    currency: "KWD",
    items: [taxed("3", "1.250", "5"), taxed("1", "0.755", "0")],
    discounts: [fixed("0.100")],
    expected: {
      subtotal: "4.505",
      taxable: "4.405",
      taxes: [["VAT", "5", "3.667", "0.183"], ["VAT", "0", "0.738", "0.000"]],
      total: "4.588",
    },
  },
  {
    // 3 × 0.3335 = 1.0005 → 1.001 (half away from zero); 10 % = 0.1001 → 0.100.
    name: "BHD: a half fils rounds up",
    currency: "BHD",
    items: [taxed("3", "0.3335", "10")],
    expected: { subtotal: "1.001", taxable: "1.001", taxes: [["VAT", "10", "1.001", "0.100"]], total: "1.101" },
  },
  {
    // 2.5 % of 10.005 = 0.250125 → 0.250; 10 % of 9.755 = 0.9755 → 0.976.
    name: "BHD: a percent discount and a half-fils tax",
    currency: "BHD",
    items: [taxed("1", "10.005", "10")],
    discounts: [percent("2.5")],
    expected: { subtotal: "10.005", discounts: ["0.250"], taxable: "9.755", taxes: [["VAT", "10", "9.755", "0.976"]], total: "10.731" },
  },
  {
    // 19.99 − 15 % = 16.9915 → 16.99; 8.25 % = 1.401675 → 1.40.
    name: "line discount, then a sales tax on the whole invoice",
    currency: "USD",
    items: [line("1", "19.99", { discountPercent: "15" })],
    taxes: [{ name: "Sales tax", rate: "8.25" }],
    expected: { subtotal: "16.99", taxable: "16.99", taxes: [["Sales tax", "8.25", "16.99", "1.40"]], total: "18.39" },
  },
  {
    // 250.00 − 12.34 = 237.66; GST 5 % = 11.883 → 11.88; QST 9.975 % = 23.706585 → 23.71.
    name: "Quebec GST and QST on a discounted invoice",
    currency: "CAD",
    items: [line("1", "250.00")],
    discounts: [fixed("12.34")],
    taxes: [{ name: "GST", rate: "5" }, { name: "QST", rate: "9.975" }],
    expected: {
      subtotal: "250.00",
      taxable: "237.66",
      taxes: [["GST", "5", "237.66", "11.88"], ["QST", "9.975", "237.66", "23.71"]],
      total: "273.25",
    },
  },
  {
    // Cumulative: 33.3333 % of 10.00 = 3.33333 → 3.33; 66.6666 % → 6.66666 → 6.67 (so 3.34);
    // 100 % → 10.00 (so 3.33).
    name: "three percent discounts that add up to exactly 100 %",
    currency: "USD",
    items: [line("1", "10.00")],
    discounts: [percent("33.3333"), percent("33.3333"), percent("33.3334")],
    expected: { subtotal: "10.00", discounts: ["3.33", "3.34", "3.33"], taxable: "0.00", total: "0.00" },
  },
  {
    // 5 % of 99.99 = 4.9995 → 5.00; 10 % = 9.999 → 10.00; 15 % = 14.9985 → 15.00. GST 84.99 × 5 % = 4.2495 → 4.25.
    name: "three 5 % discounts rounded cumulatively",
    currency: "CAD",
    items: [line("1", "99.99")],
    discounts: [percent("5"), percent("5"), percent("5")],
    taxes: [{ name: "GST", rate: "5" }],
    expected: { subtotal: "99.99", discounts: ["5.00", "5.00", "5.00"], taxable: "84.99", taxes: [["GST", "5", "84.99", "4.25"]], total: "89.24" },
  },
  {
    name: "a fixed discount before a percent one: the percent is of the subtotal",
    currency: "USD",
    items: [line("1", "100.00")],
    discounts: [fixed("10"), percent("10")],
    expected: { subtotal: "100.00", discounts: ["10.00", "10.00"], taxable: "80.00", total: "80.00" },
  },
  {
    // 10 × 12.00 − 25 % = 90.00; 10 % of 120.00 = 12.00 split 9.00 / 3.00.
    // 19 % of 81.00 = 15.39; 7 % of 27.00 = 1.89.
    name: "line discount and document discount together",
    currency: "EUR",
    items: [taxed("10", "12.00", "19", "VAT", { discountPercent: "25" }), taxed("1", "30.00", "7")],
    discounts: [percent("10")],
    expected: {
      subtotal: "120.00",
      discounts: ["12.00"],
      taxable: "108.00",
      taxes: [["VAT", "19", "81.00", "15.39"], ["VAT", "7", "27.00", "1.89"]],
      total: "125.28",
    },
  },
  {
    // 7 × 13.37 = 93.59; × (1 − 0.033333) = 90.47033453 → 90.47; 19 % = 17.1893 → 17.19.
    name: "a four-decimal line discount",
    currency: "EUR",
    items: [taxed("7", "13.37", "19", "VAT", { discountPercent: "3.3333" })],
    expected: { subtotal: "90.47", taxable: "90.47", taxes: [["VAT", "19", "90.47", "17.19"]], total: "107.66" },
  },
  {
    // 1000 × 0.0125 = 12.50; 333 × 0.0125 = 4.1625 → 4.16; 7.25 % of 16.66 = 1.20785 → 1.21.
    name: "sub-cent unit prices",
    currency: "USD",
    items: [line("1000", "0.0125"), line("333", "0.0125")],
    taxes: [{ name: "State", rate: "7.25" }],
    expected: { subtotal: "16.66", taxable: "16.66", taxes: [["State", "7.25", "16.66", "1.21"]], total: "17.87" },
  },
  {
    // 1.3333 × 90.00 = 119.997 → 120.00; 19 % = 22.80.
    name: "a four-decimal quantity",
    currency: "EUR",
    items: [taxed("1.3333", "90.00", "19")],
    expected: { subtotal: "120.00", taxable: "120.00", taxes: [["VAT", "19", "120.00", "22.80"]], total: "142.80" },
  },
  {
    name: "zero-rated and standard-rated lines",
    currency: "EUR",
    items: [taxed("1", "100", "0"), taxed("1", "50", "19")],
    expected: {
      subtotal: "150.00",
      taxable: "150.00",
      taxes: [["VAT", "0", "100.00", "0.00"], ["VAT", "19", "50.00", "9.50"]],
      total: "159.50",
    },
  },
  {
    name: '"VAT " at "19.00" and "VAT" at "19" are one group',
    currency: "EUR",
    items: [taxed("1", "10", "19.00", "VAT "), taxed("1", "20", "19")],
    expected: { subtotal: "30.00", taxable: "30.00", taxes: [["VAT", "19", "30.00", "5.70"]], total: "35.70" },
  },
  {
    name: "a line GST plus a provincial tax on everything",
    currency: "CAD",
    items: [taxed("1", "100", "5", "GST"), line("1", "50")],
    taxes: [{ name: "PST", rate: "7" }],
    expected: {
      subtotal: "150.00",
      taxable: "150.00",
      taxes: [["GST", "5", "100.00", "5.00"], ["PST", "7", "150.00", "10.50"]],
      total: "165.50",
    },
  },
  {
    name: "the same tax name at another rate is another group",
    currency: "EUR",
    items: [taxed("1", "100", "7")],
    taxes: [{ name: "VAT", rate: "19" }],
    expected: {
      subtotal: "100.00",
      taxable: "100.00",
      taxes: [["VAT", "7", "100.00", "7.00"], ["VAT", "19", "100.00", "19.00"]],
      total: "126.00",
    },
  },
  {
    // −0.50 × 1 % = −0.005 → −0.01 (away from zero).
    name: "a credit note's half cent of tax rounds away from zero",
    currency: "EUR",
    items: [taxed("-1", "0.50", "1")],
    expected: { subtotal: "-0.50", taxable: "-0.50", taxes: [["VAT", "1", "-0.50", "-0.01"]], total: "-0.51" },
  },
  {
    // −90.00 − 10 % = −81.00; 10 % tax = −8.10.
    name: "a credit note with a percent discount",
    currency: "USD",
    items: [taxed("-2", "45.00", "10")],
    discounts: [percent("10")],
    expected: { subtotal: "-90.00", discounts: ["-9.00"], taxable: "-81.00", taxes: [["VAT", "10", "-81.00", "-8.10"]], total: "-89.10" },
  },
  {
    // −3 × 0.335 = −1.005 → −1.01.
    name: "a negative line net rounds away from zero",
    currency: "USD",
    items: [line("-3", "0.335")],
    expected: { subtotal: "-1.01", taxable: "-1.01", total: "-1.01" },
  },
  {
    // The 100 %-discounted line has weight 0: the whole 2.00 comes off the 20.00 line.
    name: "a fully discounted line takes no share of the invoice discount",
    currency: "USD",
    items: [taxed("1", "50", "10", "Tax", { discountPercent: "100" }), taxed("1", "20", "10", "Tax")],
    discounts: [fixed("2.00")],
    expected: { subtotal: "20.00", taxable: "18.00", taxes: [["Tax", "10", "18.00", "1.80"]], total: "19.80" },
  },
  {
    // 100 × 922 337 203 685 477.5807 = 92 233 720 368 547 758.07: 2^63 − 1 cents exactly.
    name: "a total of exactly 2^63 − 1 minor units",
    currency: "USD",
    items: [line("100", "922337203685477.5807")],
    expected: { subtotal: "92233720368547758.07", taxable: "92233720368547758.07", total: "92233720368547758.07" },
  },
  {
    // 92233 × 999 999 999 999.99 = 92 233 000 000 000 000 − 922.33.
    name: "a large amount just under the 64-bit limit",
    currency: "USD",
    items: [line("92233", "999999999999.99")],
    expected: { subtotal: "92232999999999077.67", taxable: "92232999999999077.67", total: "92232999999999077.67" },
  },
  {
    // 1000 × 999 999 999 999.999 = 999 999 999 999 999.00; 19 % = 189 999 999 999 999.81.
    name: "a quadrillion with 19 % VAT",
    currency: "EUR",
    items: [taxed("1000", "999999999999.999", "19")],
    expected: {
      subtotal: "999999999999999.00",
      taxable: "999999999999999.00",
      taxes: [["VAT", "19", "999999999999999.00", "189999999999999.81"]],
      total: "1189999999999998.81",
    },
  },
  {
    // 9 × 999 999 999 999 999 = 8 999 999 999 999 991; 2 % = 179 999 999 999 999.82 → …000.
    name: "JPY: nine quadrillion yen with a 2 % discount",
    currency: "JPY",
    items: [line("9", "999999999999999")],
    discounts: [percent("2")],
    expected: {
      subtotal: "8999999999999991",
      discounts: ["180000000000000"],
      taxable: "8819999999999991",
      total: "8819999999999991",
    },
  },
];

/** What computeTotals reports, as decimal strings, in the shape of a case's expectations. */
function reported(totals: InvoiceTotals) {
  const major = (minor: bigint) => minorToDecimal(minor, totals.exponent);
  return {
    subtotal: major(totals.subtotalMinor),
    discounts: totals.discounts.map((discount) => major(discount.amountMinor)),
    taxable: major(totals.taxableMinor),
    taxes: totals.taxes.map((tax): [string, string, string, string] => [tax.name, tax.rate, major(tax.baseMinor), major(tax.amountMinor)]),
    total: major(totals.totalMinor),
  };
}

function inputOf(example: KnownAnswer): TotalsInput {
  return { currency: example.currency, items: example.items, discounts: example.discounts ?? [], taxes: example.taxes ?? [] };
}

const byGroup = (taxes: [string, string, string, string][]) =>
  Object.fromEntries(taxes.map(([name, rate, base, amount]) => [`${name} ${rate}`, [base, amount]]));

describe("computeTotals: hand-computed invoices", () => {
  it("has at least 30 of them", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES.map((example) => [example.name, example] as const))("%s", (_name, example) => {
    const input = inputOf(example);
    const totals = reported(computeTotals(input));
    const expected = { discounts: totals.discounts, taxes: [], ...example.expected };
    expect(totals).toEqual(expected);

    // The hand arithmetic agrees with the independent decimal.js model.
    const oracle = oracleTotals(input, computeTotals(input).exponent);
    expect({ subtotal: oracle.subtotal, taxable: oracle.taxable, total: oracle.total }).toEqual({
      subtotal: expected.subtotal,
      taxable: expected.taxable,
      total: expected.total,
    });
    expect(oracle.taxes.map((tax) => [tax.name, tax.rate, tax.base, tax.amount])).toEqual(expected.taxes);

    // Line order changes nothing but the order of the tax groups.
    const reversed = reported(computeTotals({ ...input, items: [...input.items].reverse() }));
    expect({ ...reversed, taxes: byGroup(reversed.taxes) }).toEqual({ ...expected, taxes: byGroup(expected.taxes) });
  });
});

describe("computeTotals: the EN 16931 example invoices (BR-CO-10…BR-CO-17)", () => {
  it.each(EN16931_EXAMPLES.map((example) => [example.source, example] as const))("%s", (_source, example) => {
    const totals = computeTotals({ currency: example.currency, items: example.items, discounts: [], taxes: [] });
    const major = (minor: bigint) => minorToDecimal(minor, totals.exponent);
    const { expected } = example;
    // BR-CO-10: Σ line net amounts; BR-CO-13: total without VAT; BR-CO-14/17: VAT per rate and in total; BR-CO-15.
    expect(totals.lines.map((line) => major(line.netMinor))).toEqual(expected.lineNets);
    expect(major(totals.subtotalMinor)).toBe(expected.lineTotal);
    expect(major(totals.taxableMinor)).toBe(expected.taxBasisTotal);
    expect(totals.taxes.map((tax) => ({ rate: tax.rate, base: major(tax.baseMinor), amount: major(tax.amountMinor) }))).toEqual(
      expected.taxes,
    );
    expect(major(totals.taxTotalMinor)).toBe(expected.taxTotal);
    expect(major(totals.totalMinor)).toBe(expected.grandTotal);
  });
});
