import { describe, expect, it } from "vitest";
import type { InvoiceDiscount, InvoiceTax, LineItem, TotalsInput } from "../invoice/types.ts";
import { MoneyError, minorToDecimal, roundToScale } from "./decimal.ts";
import { computeTotals } from "./totals.ts";

function item(quantity: string, unitPrice: string, extra: Partial<LineItem> = {}): LineItem {
  return { description: `${quantity} × ${unitPrice}`, quantity, unitPrice, ...extra };
}

function invoice(
  currency: string,
  items: LineItem[],
  discounts: InvoiceDiscount[] = [],
  taxes: InvoiceTax[] = [],
): TotalsInput {
  return { currency, items, discounts, taxes };
}

/** Runs `run`, asserting it throws a MoneyError on `field`; returns the error for further checks. */
function expectMoneyError(run: () => unknown, field: string): MoneyError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(MoneyError);
  const error = caught as MoneyError;
  expect(error.field).toBe(field);
  expect(error.message.startsWith(`${field}: `)).toBe(true);
  return error;
}

describe("computeTotals: worked examples", () => {
  it("8500 − 7500 fixed discount + 19% tax = 1190.00 (invoice tax)", () => {
    const totals = computeTotals(
      invoice("EUR", [item("1", "8500")], [{ kind: "fixed", value: "7500" }], [{ name: "VAT", rate: "19" }]),
    );
    expect(totals.subtotalMinor).toBe(850000n);
    expect(totals.discountTotalMinor).toBe(750000n);
    expect(totals.taxableMinor).toBe(100000n);
    expect(totals.taxes).toEqual([{ name: "VAT", rate: "19", baseMinor: 100000n, amountMinor: 19000n }]);
    expect(totals.totalMinor).toBe(119000n);
  });

  it("8500 − 7500 fixed discount + 19% tax = 1190.00 (line tax)", () => {
    const totals = computeTotals(
      invoice("EUR", [item("1", "8500", { taxPercent: "19", taxName: "VAT" })], [
        { kind: "fixed", value: "7500", description: "loyalty" },
      ]),
    );
    expect(totals.discounts).toEqual([{ description: "loyalty", kind: "fixed", value: "7500", amountMinor: 750000n }]);
    expect(totals.taxes).toEqual([{ name: "VAT", rate: "19", baseMinor: 100000n, amountMinor: 19000n }]);
    expect(totals.totalMinor).toBe(119000n);
  });

  it("8180 × 9.975% = 815.955 → 815.96 (half away from zero)", () => {
    const totals = computeTotals(invoice("CAD", [item("1", "8180")], [], [{ name: "QST", rate: "9.975" }]));
    expect(totals.taxes[0]!.amountMinor).toBe(81596n);
    expect(totals.totalMinor).toBe(818000n + 81596n);
  });

  it("Quebec: 100.00 + GST 5% + QST 9.975% = 114.98", () => {
    const totals = computeTotals(
      invoice("CAD", [item("1", "100.00")], [], [
        { name: "GST", rate: "5" },
        { name: "QST", rate: "9.975" },
      ]),
    );
    expect(totals.taxes.map((tax) => [tax.name, tax.amountMinor])).toEqual([
      ["GST", 500n],
      ["QST", 998n],
    ]);
    expect(totals.taxTotalMinor).toBe(1498n);
    expect(totals.totalMinor).toBe(11498n);
  });

  it("3 × 33.335 at 19%: net 100.005 → 100.01, tax 19.00, total 119.01", () => {
    const totals = computeTotals(invoice("EUR", [item("3", "33.335", { taxPercent: "19" })]));
    expect(totals.lines).toEqual([{ grossMinor: 10001n, discountMinor: 0n, netMinor: 10001n }]);
    expect(totals.taxes).toEqual([{ name: "Tax", rate: "19", baseMinor: 10001n, amountMinor: 1900n }]);
    expect(totals.totalMinor).toBe(11901n);
  });

  it("JPY: 3 × ¥1,234.5 = 3703.5 → ¥3,704, taxed in whole yen", () => {
    const totals = computeTotals(invoice("JPY", [item("3", "1234.5")], [], [{ name: "消費税", rate: "10" }]));
    expect(totals.exponent).toBe(0);
    expect(totals.lines[0]!.netMinor).toBe(3704n);
    expect(totals.taxes[0]!.amountMinor).toBe(370n); // 370.4
    expect(totals.totalMinor).toBe(4074n);
    expect(minorToDecimal(totals.totalMinor, totals.exponent)).toBe("4074");
  });

  it("KWD: three decimals, unit prices with up to 7", () => {
    const totals = computeTotals(
      invoice("KWD", [item("2", "1.2345"), item("1", "0.1234567")], [], [{ name: "VAT", rate: "5" }]),
    );
    expect(totals.exponent).toBe(3);
    expect(totals.lines.map((line) => line.netMinor)).toEqual([2469n, 123n]);
    expect(totals.subtotalMinor).toBe(2592n);
    expect(totals.taxes[0]!.amountMinor).toBe(130n); // 129.6 fils
    expect(totals.totalMinor).toBe(2722n);
    expect(minorToDecimal(totals.totalMinor, 3)).toBe("2.722");
  });

  it("0.1 + 0.2 = 0.30 exactly", () => {
    expect(0.1 + 0.2).not.toBe(0.3); // what this module avoids
    const totals = computeTotals(invoice("USD", [item("1", "0.1"), item("1", "0.2")]));
    expect(totals.subtotalMinor).toBe(30n);
    expect(minorToDecimal(totals.totalMinor, 2)).toBe("0.30");
  });

  it("1.005 × 1 = 1.01 (a double rounds it to 1.00)", () => {
    expect((1.005).toFixed(2)).toBe("1.00"); // 1.005 is 1.00499999999999989… as a double
    expect(Math.round(1.005 * 100)).toBe(100);
    const totals = computeTotals(invoice("USD", [item("1", "1.005")]));
    expect(totals.lines[0]!.netMinor).toBe(101n);
    expect(totals.totalMinor).toBe(101n);
  });

  it("an empty invoice totals zero", () => {
    const totals = computeTotals(invoice("USD", []));
    expect(totals).toMatchObject({ subtotalMinor: 0n, discountTotalMinor: 0n, taxTotalMinor: 0n, totalMinor: 0n });
    expect(totals.lines).toEqual([]);
    expect(totals.taxes).toEqual([]);
  });
});

describe("computeTotals: lines", () => {
  it("rounds the exact net once and reports gross − discount = net", () => {
    // gross 10.005 → 10.01; net 10.005 × 0.85 = 8.50425 → 8.50; discount = 10.01 − 8.50 = 1.51
    const totals = computeTotals(invoice("USD", [item("1", "10.005", { discountPercent: "15" })]));
    expect(totals.lines).toEqual([{ grossMinor: 1001n, discountMinor: 151n, netMinor: 850n }]);
  });

  it("handles fractional quantities and sub-cent unit prices", () => {
    // 2.5 h × 0.0125 = 0.03125 → 0.03; 1.3333 × 3 = 3.9999 → 4.00
    const totals = computeTotals(invoice("USD", [item("2.5", "0.0125"), item("1.3333", "3")]));
    expect(totals.lines.map((line) => line.netMinor)).toEqual([3n, 400n]);
  });

  it("a 100% line discount leaves nothing", () => {
    const totals = computeTotals(invoice("USD", [item("4", "9.99", { discountPercent: "100" })]));
    expect(totals.lines).toEqual([{ grossMinor: 3996n, discountMinor: 3996n, netMinor: 0n }]);
  });

  it("credit lines are negative and round away from zero too", () => {
    const totals = computeTotals(
      invoice("USD", [item("3", "33.335", { taxPercent: "19" }), item("-1", "33.335", { taxPercent: "19" })]),
    );
    expect(totals.lines.map((line) => line.netMinor)).toEqual([10001n, -3334n]);
    expect(totals.subtotalMinor).toBe(6667n);
    expect(totals.taxes[0]).toMatchObject({ baseMinor: 6667n, amountMinor: 1267n }); // 1266.73
  });

  it("a credit note mirrors its invoice", () => {
    const lines = [item("3", "33.335", { taxPercent: "19" }), item("1", "10.005", { discountPercent: "15" })];
    const credit = lines.map((line) => ({ ...line, quantity: `-${line.quantity}` }));
    const discounts: InvoiceDiscount[] = [{ kind: "percent", value: "12.5" }];
    const taxes = [{ name: "State", rate: "7.25" }];
    const original = computeTotals(invoice("USD", lines, discounts, taxes));
    const mirrored = computeTotals(invoice("USD", credit, discounts, taxes));
    expect(mirrored.totalMinor).toBe(-original.totalMinor);
    expect(mirrored.discountTotalMinor).toBe(-original.discountTotalMinor);
    expect(mirrored.taxes.map((tax) => -tax.amountMinor)).toEqual(original.taxes.map((tax) => tax.amountMinor));
  });
});

describe("computeTotals: invoice discounts", () => {
  it("percent discounts are percentages of the subtotal, not of what is left", () => {
    const totals = computeTotals(
      invoice("USD", [item("1", "200")], [
        { kind: "percent", value: "10" },
        { kind: "percent", value: "10" },
      ]),
    );
    expect(totals.discounts.map((discount) => discount.amountMinor)).toEqual([2000n, 2000n]);
    expect(totals.taxableMinor).toBe(16000n);
  });

  it("several percent discounts never take more than their combined percentage", () => {
    // 50% of 0.01 is 0.005 → 0.01 on its own; together the two halves take exactly 0.01.
    const totals = computeTotals(
      invoice("USD", [item("1", "0.01")], [
        { kind: "percent", value: "50" },
        { kind: "percent", value: "50" },
      ]),
    );
    expect(totals.discounts.map((discount) => discount.amountMinor)).toEqual([1n, 0n]);
    expect(totals.taxableMinor).toBe(0n);
  });

  it("mixes percent and fixed discounts and normalises the reported values", () => {
    const totals = computeTotals(
      invoice("USD", [item("1", "1000")], [
        { kind: "percent", value: "12.50" },
        { kind: "fixed", value: "25.5" },
      ]),
    );
    expect(totals.discounts).toEqual([
      { description: null, kind: "percent", value: "12.5", amountMinor: 12500n },
      { description: null, kind: "fixed", value: "25.5", amountMinor: 2550n },
    ]);
    expect(totals.discountTotalMinor).toBe(15050n);
    expect(totals.taxableMinor).toBe(84950n);
  });

  it("a discount may take the whole subtotal but not more", () => {
    expect(computeTotals(invoice("USD", [item("1", "10")], [{ kind: "fixed", value: "10.00" }])).totalMinor).toBe(0n);
    const error = expectMoneyError(
      () =>
        computeTotals(
          invoice("USD", [item("1", "10")], [
            { kind: "percent", value: "50" },
            { kind: "fixed", value: "5.01" },
          ]),
        ),
      "discounts[1].value",
    );
    expect(error.code).toBe("discount_exceeds_subtotal");
    expect(error.message).toBe("discounts[1].value: the discounts (10.01) exceed the subtotal (10.00)");
  });

  it("percent discounts may not add up to more than 100%", () => {
    expectMoneyError(
      () =>
        computeTotals(
          invoice("USD", [item("1", "0")], [
            { kind: "percent", value: "60" },
            { kind: "percent", value: "40.0001" },
          ]),
        ),
      "discounts[1].value",
    );
  });

  it("a fixed discount cannot apply to a negative subtotal", () => {
    const error = expectMoneyError(
      () => computeTotals(invoice("USD", [item("-1", "10")], [{ kind: "fixed", value: "1" }])),
      "discounts[0].value",
    );
    expect(error.message).toMatch(/negative subtotal \(-10\.00\)/);
    // …while a percent discount shrinks the credit.
    expect(computeTotals(invoice("USD", [item("-1", "10")], [{ kind: "percent", value: "10" }])).totalMinor).toBe(
      -900n,
    );
  });

  it("rejects negative fixed discounts and unknown kinds", () => {
    expectMoneyError(
      () => computeTotals(invoice("USD", [item("1", "10")], [{ kind: "fixed", value: "-1" }])),
      "discounts[0].value",
    );
    expectMoneyError(
      () =>
        computeTotals(invoice("USD", [item("1", "10")], [{ kind: "amount" as "fixed", value: "1" }])),
      "discounts[0].kind",
    );
  });
});

describe("computeTotals: taxes", () => {
  it("BR-CO-17: tax is computed once on the group base, not summed per line", () => {
    const lines = Array.from({ length: 100 }, () => item("1", "0.333", { taxPercent: "19", taxName: "VAT" }));
    const totals = computeTotals(invoice("EUR", lines));
    expect(totals.lines.every((line) => line.netMinor === 33n)).toBe(true);
    expect(totals.taxes).toEqual([{ name: "VAT", rate: "19", baseMinor: 3300n, amountMinor: 627n }]);

    // Rounding each line's tax (0.0627 → 0.06) and summing would give 6.00 instead of 6.27.
    const perLine = totals.lines.reduce(
      (sum, line) => sum + roundToScale({ units: line.netMinor * 19n, scale: 4 }, 2),
      0n,
    );
    expect(perLine).toBe(600n);
    expect(totals.taxTotalMinor - perLine).toBe(27n);
    expect(totals.totalMinor).toBe(3927n);
  });

  it("groups by name and rate value, in order of first appearance", () => {
    const totals = computeTotals(
      invoice("EUR", [
        item("1", "10", { taxPercent: "7", taxName: "VAT" }),
        item("1", "20", { taxPercent: "19.00", taxName: "VAT" }),
        item("1", "30", { taxPercent: "7.0", taxName: "VAT " }),
        item("1", "40", { taxPercent: "19" }),
        item("1", "50"),
      ]),
    );
    expect(totals.taxes).toEqual([
      { name: "VAT", rate: "7", baseMinor: 4000n, amountMinor: 280n },
      { name: "VAT", rate: "19", baseMinor: 2000n, amountMinor: 380n },
      { name: "Tax", rate: "19", baseMinor: 4000n, amountMinor: 760n },
    ]);
    expect(totals.totalMinor).toBe(15000n + 1420n);
  });

  it("line taxes and invoice taxes add up; a line naming an invoice tax is taxed by it once", () => {
    const totals = computeTotals(
      invoice(
        "USD",
        [
          item("1", "100", { taxPercent: "5", taxName: "GST" }),
          item("1", "200", { taxPercent: "10", taxName: "Luxury" }),
        ],
        [],
        [
          { name: "GST", rate: "5" },
          { name: "State", rate: "2" },
        ],
      ),
    );
    expect(totals.taxes).toEqual([
      { name: "GST", rate: "5", baseMinor: 30000n, amountMinor: 1500n },
      { name: "Luxury", rate: "10", baseMinor: 20000n, amountMinor: 2000n },
      { name: "State", rate: "2", baseMinor: 30000n, amountMinor: 600n },
    ]);
    expect(totals.totalMinor).toBe(30000n + 4100n);
  });

  it("a zero rate still reports its base", () => {
    const totals = computeTotals(invoice("EUR", [item("2", "50", { taxPercent: "0", taxName: "VAT" })]));
    expect(totals.taxes).toEqual([{ name: "VAT", rate: "0", baseMinor: 10000n, amountMinor: 0n }]);
  });

  it("rejects the same invoice tax twice", () => {
    expectMoneyError(
      () =>
        computeTotals(
          invoice("USD", [item("1", "1")], [], [
            { name: "GST", rate: "5" },
            { name: "GST", rate: "5.00" },
          ]),
        ),
      "taxes[1]",
    );
  });
});

describe("computeTotals: spreading invoice discounts over lines", () => {
  it("a 10% discount over 19% and 7% lines lowers each group base proportionally", () => {
    const totals = computeTotals(
      invoice(
        "EUR",
        [item("1", "100", { taxPercent: "19", taxName: "VAT" }), item("1", "50", { taxPercent: "7", taxName: "VAT" })],
        [{ kind: "percent", value: "10" }],
      ),
    );
    expect(totals.discountTotalMinor).toBe(1500n);
    expect(totals.taxes).toEqual([
      { name: "VAT", rate: "19", baseMinor: 9000n, amountMinor: 1710n },
      { name: "VAT", rate: "7", baseMinor: 4500n, amountMinor: 315n },
    ]);
    expect(totals.taxes.reduce((sum, tax) => sum + tax.baseMinor, 0n)).toBe(totals.taxableMinor);
    expect(totals.totalMinor).toBe(13500n + 2025n);
  });

  it("leftover cents go to the largest remainders, and the bases sum exactly", () => {
    // Shares of 10.00 over 33.33 / 33.33 / 33.34 are 3.333, 3.333, 3.334 → 3.33, 3.33, 3.34.
    const totals = computeTotals(
      invoice(
        "EUR",
        [
          item("1", "33.33", { taxPercent: "19" }),
          item("1", "33.33", { taxPercent: "7" }),
          item("1", "33.34", { taxPercent: "19" }),
        ],
        [{ kind: "fixed", value: "10" }],
      ),
    );
    expect(totals.taxes.map((tax) => [tax.rate, tax.baseMinor, tax.amountMinor])).toEqual([
      ["19", 6000n, 1140n],
      ["7", 3000n, 210n],
    ]);
    expect(totals.taxes.reduce((sum, tax) => sum + tax.baseMinor, 0n)).toBe(totals.taxableMinor);
  });

  it("untaxed lines take their share of the discount out of the tax bases", () => {
    const totals = computeTotals(
      invoice("USD", [item("1", "60", { taxPercent: "10" }), item("1", "40")], [{ kind: "fixed", value: "10" }]),
    );
    expect(totals.taxes).toEqual([{ name: "Tax", rate: "10", baseMinor: 5400n, amountMinor: 540n }]);
    expect(totals.totalMinor).toBe(9000n + 540n);
  });

  it("an exact tie does not make the group bases depend on line order", () => {
    const a = item("1", "10", { taxPercent: "19" });
    const b = item("1", "10", { taxPercent: "7" });
    const discounts: InvoiceDiscount[] = [{ kind: "fixed", value: "0.01" }];
    const forward = computeTotals(invoice("EUR", [a, b], discounts));
    const backward = computeTotals(invoice("EUR", [b, a], discounts));
    const byRate = (taxes: typeof forward.taxes) => Object.fromEntries(taxes.map((tax) => [tax.rate, tax.baseMinor]));
    expect(byRate(forward.taxes)).toEqual(byRate(backward.taxes));
    expect(forward.totalMinor).toBe(backward.totalMinor);
  });
});

describe("computeTotals: a 1,000-line invoice", () => {
  it("adds up exactly", () => {
    const rates = ["19", "7", "0", null];
    const items = Array.from({ length: 1000 }, (_, index) =>
      item(`${(index % 7) + 1}.${index % 10}`, `${index % 97}.${String(index % 1000).padStart(3, "0")}5`, {
        discountPercent: index % 3 === 0 ? `${index % 40}.5` : null,
        taxPercent: rates[index % 4]!,
        taxName: "VAT",
      }),
    );
    const totals = computeTotals(
      invoice(
        "EUR",
        items,
        [
          { kind: "percent", value: "3.5" },
          { kind: "fixed", value: "1234.56" },
        ],
        [{ name: "Eco levy", rate: "0.5" }],
      ),
    );
    const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);
    expect(totals.lines).toHaveLength(1000);
    for (const line of totals.lines) expect(line.grossMinor - line.discountMinor).toBe(line.netMinor);
    expect(sum(totals.lines.map((line) => line.netMinor))).toBe(totals.subtotalMinor);
    expect(sum(totals.discounts.map((discount) => discount.amountMinor))).toBe(totals.discountTotalMinor);
    expect(totals.subtotalMinor - totals.discountTotalMinor).toBe(totals.taxableMinor);
    expect(sum(totals.taxes.map((tax) => tax.amountMinor))).toBe(totals.taxTotalMinor);
    expect(totals.taxableMinor + totals.taxTotalMinor).toBe(totals.totalMinor);
    // The invoice-wide levy is on the whole taxable amount; the VAT groups plus the untaxed lines make it up.
    expect(totals.taxes.map((tax) => `${tax.name} ${tax.rate}`)).toEqual(["VAT 19", "VAT 7", "VAT 0", "Eco levy 0.5"]);
    expect(totals.taxes[3]!.baseMinor).toBe(totals.taxableMinor);
    expect(totals.taxes.slice(0, 3).reduce((sum, tax) => sum + tax.baseMinor, 0n)).toBeLessThan(totals.taxableMinor);
  });
});

describe("computeTotals: rejections name the field", () => {
  const ok = item("1", "1");

  it("unknown currency", () => {
    expect(expectMoneyError(() => computeTotals(invoice("XYZ", [ok])), "currency").code).toBe("unknown_currency");
    expectMoneyError(() => computeTotals(invoice("usd", [ok])), "currency");
  });

  it("fixed discount with more decimals than JPY has", () => {
    const error = expectMoneyError(
      () => computeTotals(invoice("JPY", [item("1", "1000")], [{ kind: "fixed", value: "100.5" }])),
      "discounts[0].value",
    );
    expect(error.code).toBe("too_many_decimals");
    // Whole yen written with zeros is fine.
    expect(computeTotals(invoice("JPY", [item("1", "1000")], [{ kind: "fixed", value: "100.00" }])).totalMinor).toBe(
      900n,
    );
  });

  it("percentage 101", () => {
    expectMoneyError(() => computeTotals(invoice("USD", [ok, ok, item("1", "1", { discountPercent: "101" })])), "items[2].discountPercent");
    expectMoneyError(() => computeTotals(invoice("USD", [ok], [{ kind: "percent", value: "101" }])), "discounts[0].value");
    expectMoneyError(() => computeTotals(invoice("USD", [ok], [], [{ name: "VAT", rate: "101" }])), "taxes[0].rate");
    expectMoneyError(() => computeTotals(invoice("USD", [item("1", "1", { taxPercent: "101" })])), "items[0].taxPercent");
    expectMoneyError(() => computeTotals(invoice("USD", [item("1", "1", { taxPercent: "-5" })])), "items[0].taxPercent");
  });

  it("quantity with 5 decimals", () => {
    const error = expectMoneyError(() => computeTotals(invoice("USD", [ok, item("1.00001", "1")])), "items[1].quantity");
    expect(error.code).toBe("too_many_decimals");
  });

  it("unit price beyond the currency's decimals + 4", () => {
    expect(computeTotals(invoice("USD", [item("1", "0.000001")])).totalMinor).toBe(0n);
    expectMoneyError(() => computeTotals(invoice("USD", [item("1", "0.0000001")])), "items[0].unitPrice");
    expectMoneyError(() => computeTotals(invoice("JPY", [item("1", "0.00001")])), "items[0].unitPrice");
  });

  it.each([["1e3"], ["1,5"], [""]])("%j anywhere", (bad) => {
    expectMoneyError(() => computeTotals(invoice("USD", [item(bad, "1")])), "items[0].quantity");
    expectMoneyError(() => computeTotals(invoice("USD", [item("1", bad)])), "items[0].unitPrice");
    expectMoneyError(() => computeTotals(invoice("USD", [item("1", "1", { discountPercent: bad })])), "items[0].discountPercent");
    expectMoneyError(() => computeTotals(invoice("USD", [ok], [{ kind: "fixed", value: bad }])), "discounts[0].value");
    expectMoneyError(() => computeTotals(invoice("USD", [ok], [{ kind: "percent", value: bad }])), "discounts[0].value");
    expectMoneyError(() => computeTotals(invoice("USD", [ok], [], [{ name: "VAT", rate: bad }])), "taxes[0].rate");
  });

  it("null and undefined optional fields mean absent", () => {
    const totals = computeTotals(
      invoice("USD", [item("2", "1.5", { discountPercent: null, taxPercent: undefined, taxName: "VAT" })]),
    );
    expect(totals.lines[0]!.netMinor).toBe(300n);
    expect(totals.taxes).toEqual([]);
  });
});

/** The reasons shown next to a field (issue 21: they could be emptied unnoticed). */
describe("computeTotals: rejection reasons", () => {
  const ok = item("1", "10");

  it("percent discounts over 100 % in total", () => {
    const error = expectMoneyError(
      () => computeTotals(invoice("USD", [ok], [{ kind: "percent", value: "60" }, { kind: "percent", value: "41" }])),
      "discounts[1].value",
    );
    expect(error).toMatchObject({ code: "out_of_range", reason: "percent discounts add up to more than 100%" });
  });

  it("an unknown discount kind", () => {
    const error = expectMoneyError(
      () => computeTotals(invoice("USD", [ok], [{ kind: "amount" as "fixed", value: "1" }])),
      "discounts[0].kind",
    );
    expect(error).toMatchObject({ code: "invalid_value", reason: 'must be "percent" or "fixed", got "amount"' });
  });

  it("a negative fixed discount is out of range, not an oversized discount", () => {
    const error = expectMoneyError(() => computeTotals(invoice("USD", [ok], [{ kind: "fixed", value: "-1" }])), "discounts[0].value");
    expect(error).toMatchObject({ code: "out_of_range", reason: 'must not be negative, got "-1"' });
  });

  it("a fixed discount on a zero or negative subtotal", () => {
    const zero = expectMoneyError(() => computeTotals(invoice("USD", [item("1", "0")], [{ kind: "fixed", value: "1" }])), "discounts[0].value");
    expect(zero).toMatchObject({ code: "discount_exceeds_subtotal", reason: "the discounts (1.00) exceed the subtotal (0.00)" });
    const negative = expectMoneyError(() => computeTotals(invoice("USD", [item("-1", "10")], [{ kind: "fixed", value: "1" }])), "discounts[0].value");
    expect(negative).toMatchObject({
      code: "discount_exceeds_subtotal",
      reason: "a fixed discount cannot apply to a negative subtotal (-10.00)",
    });
  });

  it("a 100 % discount on a credit note takes exactly all of it", () => {
    const totals = computeTotals(invoice("USD", [item("-1", "10")], [{ kind: "percent", value: "100" }]));
    expect(totals.discountTotalMinor).toBe(-1000n);
    expect(totals.totalMinor).toBe(0n);
  });

  it("a tax listed twice", () => {
    const error = expectMoneyError(
      () => computeTotals(invoice("USD", [ok], [], [{ name: "GST", rate: "5" }, { name: "GST ", rate: "5.0" }])),
      "taxes[1]",
    );
    expect(error).toMatchObject({ code: "invalid_value", reason: "GST 5% is listed twice" });
  });

  it("a tax name that is not a string (untyped JSON)", () => {
    const line = expectMoneyError(
      () => computeTotals(invoice("USD", [ok, item("1", "1", { taxPercent: "5", taxName: 5 as unknown as string })])),
      "items[1].taxName",
    );
    expect(line).toMatchObject({ code: "invalid_value", reason: "must be a string" });
    const invoiceTax = expectMoneyError(
      () => computeTotals(invoice("USD", [ok], [], [{ name: null as unknown as string, rate: "5" }])),
      "taxes[0].name",
    );
    expect(invoiceTax.reason).toBe("must be a string");
  });
});
