import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  complement,
  decimalToString,
  divideRoundHalfAwayFromZero,
  floorDivide,
  isDecimalString,
  MAX_INTEGER_DIGITS,
  MoneyError,
  minorToDecimal,
  multiplyToScale,
  normalize,
  parseDecimal,
  parsePercent,
  pow10,
  roundToScale,
} from "./decimal.ts";

function moneyError(run: () => unknown): MoneyError {
  try {
    run();
  } catch (error) {
    if (error instanceof MoneyError) return error;
    throw error;
  }
  throw new Error("expected a MoneyError");
}

describe("parseDecimal", () => {
  it("parses exact decimals into units and the smallest scale", () => {
    expect(parseDecimal("150", "f")).toEqual({ units: 150n, scale: 0 });
    expect(parseDecimal("-2.5", "f")).toEqual({ units: -25n, scale: 1 });
    expect(parseDecimal("0.0001", "f")).toEqual({ units: 1n, scale: 4 });
    expect(parseDecimal("19.00", "f")).toEqual({ units: 19n, scale: 0 });
    expect(parseDecimal("007.50", "f")).toEqual({ units: 75n, scale: 1 });
    expect(parseDecimal("-0", "f")).toEqual({ units: 0n, scale: 0 });
  });

  it("keeps digits a double would lose", () => {
    expect(parseDecimal("123456789012345.6789", "f")).toEqual({ units: 1234567890123456789n, scale: 4 });
  });

  it.each([
    ["1e3"],
    ["1,5"],
    [""],
    [" 1"],
    ["1 "],
    ["+1"],
    [".5"],
    ["5."],
    ["1.2.3"],
    ["--1"],
    ["NaN"],
    ["Infinity"],
    ["0x10"],
    ["١٢"],
  ])("rejects %j with a MoneyError naming the field", (text) => {
    const error = moneyError(() => parseDecimal(text, "items[0].quantity"));
    expect(error.field).toBe("items[0].quantity");
    expect(error.code).toBe("invalid_decimal");
    expect(error.message.startsWith("items[0].quantity: ")).toBe(true);
  });

  it("rejects non-strings, including numbers", () => {
    for (const value of [1.5, 2n, null, undefined, {}]) {
      expect(moneyError(() => parseDecimal(value, "x")).code).toBe("invalid_decimal");
    }
  });

  it("limits fraction digits by value, not by how many zeros were typed", () => {
    expect(parseDecimal("1.2345", "q", { maxFractionDigits: 4 }).scale).toBe(4);
    expect(parseDecimal("1.50000", "q", { maxFractionDigits: 4 }).scale).toBe(1);
    expect(moneyError(() => parseDecimal("1.23456", "q", { maxFractionDigits: 4 })).code).toBe("too_many_decimals");
    expect(moneyError(() => parseDecimal("0.5", "v", { maxFractionDigits: 0 })).message).toMatch(/whole number/);
  });

  it("rejects negatives when asked to", () => {
    expect(moneyError(() => parseDecimal("-1", "v", { nonNegative: true })).code).toBe("out_of_range");
    expect(parseDecimal("-0.00", "v", { nonNegative: true }).units).toBe(0n);
  });

  it("caps the integer digits", () => {
    expect(parseDecimal("9".repeat(MAX_INTEGER_DIGITS), "v").units).toBe(10n ** BigInt(MAX_INTEGER_DIGITS) - 1n);
    expect(parseDecimal(`000${"9".repeat(MAX_INTEGER_DIGITS)}`, "v").scale).toBe(0);
    expect(moneyError(() => parseDecimal("1" + "0".repeat(MAX_INTEGER_DIGITS), "v")).code).toBe("too_large");
  });
});

describe("parsePercent", () => {
  it("accepts 0 to 100 with up to 4 decimals", () => {
    expect(parsePercent("0", "p")).toEqual({ units: 0n, scale: 0 });
    expect(parsePercent("9.975", "p")).toEqual({ units: 9975n, scale: 3 });
    expect(parsePercent("100.0000", "p")).toEqual({ units: 100n, scale: 0 });
  });

  it("rejects values outside 0–100 and over-precise values", () => {
    expect(moneyError(() => parsePercent("101", "items[2].discountPercent"))).toMatchObject({
      field: "items[2].discountPercent",
      code: "out_of_range",
    });
    expect(moneyError(() => parsePercent("100.0001", "p")).code).toBe("out_of_range");
    expect(moneyError(() => parsePercent("-1", "p")).code).toBe("out_of_range");
    expect(moneyError(() => parsePercent("1.00001", "p")).code).toBe("too_many_decimals");
  });
});

describe("rounding half away from zero", () => {
  it("rounds exact halves away from zero and everything else to the nearest", () => {
    const cases: [bigint, bigint, bigint][] = [
      [5n, 2n, 3n],
      [-5n, 2n, -3n],
      [5n, -2n, -3n],
      [-5n, -2n, 3n],
      [4n, 3n, 1n],
      [5n, 3n, 2n],
      [-4n, 3n, -1n],
      [-5n, 3n, -2n],
      [0n, 7n, 0n],
    ];
    for (const [n, d, expected] of cases) expect(divideRoundHalfAwayFromZero(n, d)).toBe(expected);
  });

  it("rounds to a scale: 1.005 → 1.01, -1.005 → -1.01, 815.955 → 815.96", () => {
    expect(roundToScale(parseDecimal("1.005", "x"), 2)).toBe(101n);
    expect(roundToScale(parseDecimal("-1.005", "x"), 2)).toBe(-101n);
    expect(roundToScale(parseDecimal("815.955", "x"), 2)).toBe(81596n);
    expect(roundToScale(parseDecimal("1.5", "x"), 4)).toBe(15000n);
    expect(multiplyToScale(parseDecimal("8180", "x"), parseDecimal("0.09975", "x"), 2)).toBe(81596n);
  });

  it("floorDivide rounds toward −∞", () => {
    expect(floorDivide(7n, 2n)).toBe(3n);
    expect(floorDivide(-7n, 2n)).toBe(-4n);
    expect(floorDivide(7n, -2n)).toBe(-4n);
    expect(floorDivide(-6n, 2n)).toBe(-3n);
  });

  it("is symmetric and within half a unit of the exact quotient (property)", () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt().filter((d) => d !== 0n), (n, d) => {
        const q = divideRoundHalfAwayFromZero(n, d);
        expect(divideRoundHalfAwayFromZero(-n, d)).toBe(-q);
        // |q − n/d| ≤ 1/2  ⇔  |2qd − 2n| ≤ |d|
        const error = 2n * q * d - 2n * n;
        expect((error < 0n ? -error : error) <= (d < 0n ? -d : d)).toBe(true);
      }),
    );
  });
});

describe("minorToDecimal", () => {
  it("writes exactly `exponent` fraction digits", () => {
    expect(minorToDecimal(165000n, 2)).toBe("1650.00");
    expect(minorToDecimal(1650n, 0)).toBe("1650");
    expect(minorToDecimal(1650123n, 3)).toBe("1650.123");
    expect(minorToDecimal(-5n, 2)).toBe("-0.05");
    expect(minorToDecimal(-165000n, 2)).toBe("-1650.00");
    expect(minorToDecimal(0n, 2)).toBe("0.00");
    expect(minorToDecimal(7n, 3)).toBe("0.007");
  });

  it("round-trips through parseDecimal (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 4 }), (minor, exponent) => {
        const text = minorToDecimal(minor, exponent);
        expect(roundToScale(parseDecimal(text, "x"), exponent)).toBe(minor);
      }),
    );
  });

  it("decimalToString drops trailing zeros and never writes -0", () => {
    expect(decimalToString({ units: 1950n, scale: 2 })).toBe("19.5");
    expect(decimalToString({ units: 1900n, scale: 2 })).toBe("19");
    expect(decimalToString({ units: 0n, scale: 3 })).toBe("0");
    expect(decimalToString({ units: -1n, scale: 4 })).toBe("-0.0001");
  });
});

describe("MoneyError", () => {
  it("is an Error with field, code, reason and a field-prefixed message", () => {
    const error = moneyError(() => parseDecimal("1e3", "discounts[1].value"));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("MoneyError");
    expect(error.field).toBe("discounts[1].value");
    expect(error.message).toBe(`discounts[1].value: ${error.reason}`);
  });
});

/** What the API and the SPA show next to a money field: each reason in full. */
describe("MoneyError reasons", () => {
  const reason = (run: () => unknown) => moneyError(run).reason;

  it("says what a money field expects", () => {
    expect(reason(() => parseDecimal(1.5, "f"))).toBe('must be a decimal string like "12.50", got number');
    expect(reason(() => parseDecimal(null, "f"))).toBe('must be a decimal string like "12.50", got null');
    expect(reason(() => parseDecimal(undefined, "f"))).toBe('must be a decimal string like "12.50", got undefined');
    expect(reason(() => parseDecimal("1,5", "f"))).toBe(
      '"1,5" is not a plain decimal (digits, optional "-" and "." — no exponent, grouping or spaces)',
    );
    expect(reason(() => parseDecimal("1".repeat(16), "f"))).toBe("has more than 15 digits before the decimal point");
    expect(reason(() => parseDecimal("0.5", "f", { maxFractionDigits: 0 }))).toBe('"0.5" must be a whole number');
    expect(reason(() => parseDecimal("1.23456", "f", { maxFractionDigits: 4 }))).toBe('"1.23456" has more than 4 decimal places');
    expect(reason(() => parseDecimal("-1", "f", { nonNegative: true }))).toBe('must not be negative, got "-1"');
    expect(reason(() => parsePercent("101", "f"))).toBe('must be between 0 and 100, got "101"');
  });

  it("quotes at most 40 characters of what was typed", () => {
    const forty = `${"1".repeat(39)}x`;
    expect(reason(() => parseDecimal(forty, "f"))).toMatch(new RegExp(`^"${forty}" is not`));
    const long = `${"1".repeat(50)}x`;
    expect(reason(() => parseDecimal(long, "f"))).toMatch(new RegExp(`^"${"1".repeat(37)}\\.\\.\\." is not`));
  });
});

describe("decimal helpers", () => {
  it("isDecimalString accepts only plain decimal strings", () => {
    expect(isDecimalString("-12.50")).toBe(true);
    expect(isDecimalString("1e3")).toBe(false);
    expect(isDecimalString(12.5)).toBe(false);
  });

  it("pow10, normalize and complement are exact", () => {
    expect(pow10(0)).toBe(1n);
    expect(pow10(20)).toBe(100000000000000000000n);
    expect(pow10(3)).toBe(1000n);
    expect(() => pow10(-1)).toThrow("pow10: bad exponent -1");
    expect(() => pow10(1.5)).toThrow(RangeError);
    expect(normalize({ units: 19000n, scale: 3 })).toEqual({ units: 19n, scale: 0 });
    expect(normalize({ units: 0n, scale: 2 })).toEqual({ units: 0n, scale: 0 });
    expect(normalize({ units: 1000n, scale: 0 })).toEqual({ units: 1000n, scale: 0 });
    expect(complement({ units: 15n, scale: 2 })).toEqual({ units: 85n, scale: 2 });
  });

  it("division by zero and bad exponents are programming errors (RangeError)", () => {
    expect(() => divideRoundHalfAwayFromZero(1n, 0n)).toThrow("division by zero");
    expect(() => floorDivide(1n, 0n)).toThrow("division by zero");
    expect(() => minorToDecimal(1n, -1)).toThrow("minorToDecimal: bad exponent -1");
    expect(() => minorToDecimal(1n, 0.5)).toThrow(RangeError);
  });

  it("floorDivide is exact on exact quotients of either sign", () => {
    expect(floorDivide(-6n, -2n)).toBe(3n);
    expect(floorDivide(6n, -2n)).toBe(-3n);
    expect(floorDivide(-7n, -2n)).toBe(3n);
    expect(floorDivide(0n, -5n)).toBe(0n);
  });

  it("roundToScale keeps or extends a value already at or below the target scale", () => {
    expect(roundToScale({ units: 15n, scale: 1 }, 1)).toBe(15n);
    expect(roundToScale({ units: -15n, scale: 1 }, 3)).toBe(-1500n);
  });
});
