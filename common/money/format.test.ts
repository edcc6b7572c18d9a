import { describe, expect, it } from "vitest";
import { MoneyError } from "./decimal.ts";
import { formatDecimal, formatMoney } from "./format.ts";

const NBSP = "\u00a0";

describe("formatMoney", () => {
  it("formats per locale and currency exponent (as Node 20 / ICU prints them)", () => {
    expect(formatMoney(165000n, "USD", "en-US")).toBe("$1,650.00");
    expect(formatMoney(165000n, "EUR", "de-DE")).toBe(`1.650,00${NBSP}€`);
    expect(formatMoney(1650n, "JPY", "ja-JP")).toBe("￥1,650"); // U+FFE5 FULLWIDTH YEN SIGN
    expect(formatMoney(1650123n, "KWD", "en-US")).toBe(`KWD${NBSP}1,650.123`);
  });

  it("formats negatives, zero and amounts beyond a double's precision exactly", () => {
    expect(formatMoney(-5n, "USD", "en-US")).toBe("-$0.05");
    expect(formatMoney(0n, "USD", "en-US")).toBe("$0.00");
    expect(formatMoney(123456789012345678901n, "USD", "en-US")).toBe("$1,234,567,890,123,456,789.01");
  });

  it("rejects unknown currencies and bad locales with a MoneyError", () => {
    expect(() => formatMoney(1n, "XYZ", "en-US")).toThrow(MoneyError);
    expect(() => formatMoney(1n, "USD", "not a locale!")).toThrow('locale: "not a locale!" is not a valid locale');
    expect(() => formatDecimal("1", "x".repeat(50))).toThrow(`locale: "${"x".repeat(40)}" is not a valid locale`);
    expect(() => formatMoney(1n, "USD", "not a locale!")).toThrow(expect.objectContaining({ code: "invalid_value", field: "locale" }));
  });
});

describe("formatDecimal", () => {
  it("groups, uses the locale's separator, drops trailing zeros", () => {
    expect(formatDecimal("1234.50", "en-US")).toBe("1,234.5");
    expect(formatDecimal("1234.50", "de-DE")).toBe("1.234,5");
    expect(formatDecimal("9.975", "de-DE")).toBe("9,975");
    expect(formatDecimal("3", "en-US")).toBe("3");
    expect(formatDecimal("0.0001", "en-US")).toBe("0.0001");
    // Each locale and currency has its own cached format.
    expect(formatDecimal("1234.5", "en-US")).toBe("1,234.5");
    expect(formatMoney(100n, "EUR", "en-US")).toBe("€1.00");
    expect(formatMoney(100n, "USD", "de-DE")).toBe(`1,00${NBSP}$`);
  });

  it("shows at most 4 decimals, rounded half away from zero, never -0", () => {
    expect(formatDecimal("1.00005", "en-US")).toBe("1.0001");
    expect(formatDecimal("-1.00005", "en-US")).toBe("-1.0001");
    expect(formatDecimal("-0.00004", "en-US")).toBe("0");
  });

  it("rejects what is not a decimal, naming the field", () => {
    expect(() => formatDecimal("1e3", "en-US", "items[0].quantity")).toThrow(/^items\[0\]\.quantity: /);
    expect(() => formatDecimal("1e3", "en-US")).toThrow(/^value: /);
  });

  it("a locale that is not even a string is a programming error (TypeError), not a user's bad locale", () => {
    expect(() => formatDecimal("1", null as unknown as string)).toThrow(TypeError);
  });
});
