import { describe, expect, it } from "vitest";
import { assertCurrency, currencyExponent, isKnownCurrency } from "./currency.ts";
import { MoneyError } from "./decimal.ts";

describe("currencies", () => {
  it("knows the exponent of each currency", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("EUR")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("BHD")).toBe(3);
  });

  it("accepts only upper-case codes Intl lists as currencies", () => {
    expect(isKnownCurrency("USD")).toBe(true);
    expect(isKnownCurrency("XYZ")).toBe(false);
    expect(isKnownCurrency("usd")).toBe(false);
    expect(isKnownCurrency(" USD")).toBe(false);
    expect(isKnownCurrency("USDX")).toBe(false);
    expect(isKnownCurrency(undefined)).toBe(false);
  });

  it("rejects unknown codes with a MoneyError on the given field", () => {
    expect(() => assertCurrency("XYZ")).toThrow(MoneyError);
    expect(() => assertCurrency("XYZ")).toThrow(/^currency: "XYZ" is not a known ISO 4217 currency code$/);
    expect(() => assertCurrency("usd")).toThrow(/upper-case: "USD"/);
    expect(() => currencyExponent("XYZ", "invoice.currency")).toThrow(/^invoice.currency: /);
    expect(() => assertCurrency(42)).toThrow(MoneyError);
  });
});

describe("currency messages", () => {
  it("quotes at most 20 characters of a bad code and hints only at a real upper-case code", () => {
    expect(() => assertCurrency(42)).toThrow(/^currency: 42 is not a known ISO 4217 currency code$/);
    expect(() => assertCurrency(null, "taxes[0].currency")).toThrow(/^taxes\[0\]\.currency: null is not/);
    expect(() => assertCurrency("x".repeat(30))).toThrow(`currency: "${"x".repeat(20)}" is not a known ISO 4217 currency code`);
    expect(() => assertCurrency("xyz")).toThrow(/^currency: "xyz" is not a known ISO 4217 currency code$/);
    expect(() => assertCurrency("eur")).toThrow('currency: "eur" is not a known ISO 4217 currency code (currency codes are upper-case: "EUR")');
  });

  it("gives the same exponent when asked again (cached)", () => {
    expect(currencyExponent("BHD")).toBe(3);
    expect(currencyExponent("BHD")).toBe(3);
    expect(currencyExponent("JPY", "items[0].currency")).toBe(0);
    expect(() => currencyExponent("XYZ")).toThrow(/^currency: "XYZ" is not/);
  });
});
