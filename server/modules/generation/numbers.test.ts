import { describe, expect, it } from "vitest";
import { canonicalDecimal, compareDecimal, divideExact, parseNumberText } from "./numbers.ts";

describe("parseNumberText", () => {
  it.each([
    ["150", {}, "150"],
    ["150.00", {}, "150"],
    ["0.10", {}, "0.1"],
    ["1,234.56", {}, "1234.56"],
    ["1.234,56", {}, "1234.56"],
    ["1 234,56", {}, "1234.56"],
    ["1\u202f234,56", {}, "1234.56"],
    ["1'250.50", {}, "1250.5"],
    ["1,234,567", {}, "1234567"],
    ["1.234.567", {}, "1234567"],
    ["1,20,000", {}, "120000"],
    ["12,5", {}, "12.5"],
    ["12,50", {}, "12.5"],
    [".5", {}, "0.5"],
    ["-2.5", {}, "-2.5"],
    // one separator + three digits: the prompt's style decides…
    ["1,234", { style: "dot" }, "1234"],
    ["1,234", { style: "comma" }, "1.234"],
    ["1.234", { style: "dot" }, "1.234"],
    ["1.234", { style: "comma" }, "1234"],
    // …except for a percentage (no rate has thousands) or money (no 3-decimal prices)
    ["9,975", { style: "dot", percent: true }, "9.975"],
    ["8.875", { style: "comma", percent: true }, "8.875"],
    ["2.500", { style: "dot", money: true }, "2500"],
    ["0.125", { style: "dot", money: true }, "0.125"],
  ] as const)("%s %j → %s", (raw, options, expected) => {
    expect(parseNumberText(raw, options)).toBe(expected);
  });

  it.each(["", "abc", "1,2,3", "12,34,5", "1.", "1e3", "1..2", "1,234.5,6"])("rejects %j", (raw) => {
    expect(parseNumberText(raw)).toBeNull();
  });
});

describe("canonicalDecimal", () => {
  it.each([
    ["007", "7"],
    ["7.", "7"],
    ["-0.0", "0"],
    ["1.2300", "1.23"],
    ["x", null],
  ])("%s → %s", (raw, expected) => {
    expect(canonicalDecimal(raw)).toBe(expected);
  });
});

describe("divideExact", () => {
  it.each([
    ["1500", "10", "150"],
    ["100", "8", "12.5"],
    ["1", "3", null],
    ["10", "0", null],
    ["1234.5", "2.5", "493.8"],
    ["1", "16", "0.0625"],
    ["1", "32", null],
  ])("%s / %s → %s", (a, b, expected) => {
    expect(divideExact(a, b)).toBe(expected);
  });
});

describe("compareDecimal", () => {
  it("compares exactly", () => {
    expect(compareDecimal("100", "100.0")).toBe(0);
    expect(compareDecimal("9.975", "10")).toBe(-1);
    expect(compareDecimal("100.0001", "100")).toBe(1);
  });
});
