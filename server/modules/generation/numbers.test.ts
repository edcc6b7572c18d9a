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

  // Issue 21: shapes whose misreading changes an amount by a factor of 1000 or more.
  it.each([
    // a leading group of 2 or 3 digits before thousands groups
    ["12,345,678", {}, "12345678"],
    ["123,456,789", {}, "123456789"],
    ["12.345.678", {}, "12345678"],
    ["123.456,78", {}, "123456.78"],
    ["12.345,6", {}, "12345.6"],
    ["123,456.78", {}, "123456.78"],
    ["1.234.567,89", {}, "1234567.89"],
    ["1'234'567,5", {}, "1234567.5"],
    // Indian lakh/crore grouping: a 3-digit group last, 2-digit groups before it
    ["12,34,567.50", {}, "1234567.5"],
    ["1,00,00,000", {}, "10000000"],
    ["99,999", {}, "99999"],
    // one separator that cannot be a thousands separator
    ["123,456", {}, "123456"],
    ["123.456", { style: "comma" }, "123456"],
    ["-0,5", {}, "-0.5"],
    ["1234,567", {}, "1234.567"],
    ["1234.567", { money: true }, "1234.567"],
    [",500", {}, "0.5"],
    ["0,500", {}, "0.5"],
    ["0.500", { style: "comma" }, "0.5"],
    ["1,2345", {}, "1.2345"],
    ["12,34", { style: "dot" }, "12.34"],
    ["1.23", { style: "comma" }, "1.23"],
    // money: "x.xxx" / "x,xxx" is thousands whatever the style
    ["1,234", { style: "comma", money: true }, "1234"],
    ["12.345", { money: true }, "12345"],
    ["1,234", { percent: true }, "1.234"],
    // negatives (ASCII hyphen and U+2212 minus) and negative zero
    ["-1.234,56", {}, "-1234.56"],
    ["-12,345,678", {}, "-12345678"],
    ["\u221212,5", {}, "-12.5"],
    ["-0", {}, "0"],
    ["-0,00", {}, "0"],
    ["- 5", {}, "-5"],
    ["  42  ", {}, "42"],
    ["1\u00a0234\u00a0567", {}, "1234567"],
    ["1\u2009234,5", {}, "1234.5"],
    ["1\u2019234.5", {}, "1234.5"],
  ] as const)("%s %j → %s", (raw, options, expected) => {
    expect(parseNumberText(raw, options)).toBe(expected);
  });

  it.each([
    // extra or misplaced separators: no reading of these is safe
    "1.234,56,7",
    "1,23.45",
    "1.234,5.6",
    "12,3456.7",
    "1234,567.8",
    "1,2345,678",
    "1,,234",
    ",",
    ".",
    "-",
    "--5",
    "+5",
    "5-",
    "1,",
    "1.234.",
    "12,34,567,89",
    // Indian grouping only as a whole: 2-digit groups between a 1–2-digit head and a 3-digit tail
    "123,45,678",
    "1,2,000",
    "1,20,000,000",
    "1,20,00",
    "1,23,45,678.5.1",
    "1.5e3",
    "5 %",
    "$5",
  ])("rejects %j", (raw) => {
    expect(parseNumberText(raw)).toBeNull();
  });
});

describe("canonicalDecimal", () => {
  it.each([
    ["007", "7"],
    ["7.", "7"],
    ["-0.0", "0"],
    ["1.2300", "1.23"],
    ["-007.50", "-7.5"],
    ["100", "100"],
    ["0", "0"],
    ["000", "0"],
    ["-.5", "-0.5"],
    ["-0.5", "-0.5"],
    ["-7", "-7"],
    ["-0070", "-70"],
    ["-00.050", "-0.05"],
    [".5", "0.5"],
    ["-0", "0"],
    ["-", null],
    [".", null],
    ["", null],
    ["1.2.3", null],
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
    ["-10", "4", "-2.5"],
    ["10", "-4", "-2.5"],
    ["-10", "-4", "2.5"],
    ["-8", "2", "-4"],
    ["-1", "16", "-0.0625"],
    ["0.5", "0.25", "2"],
    ["0.3", "0.1", "3"],
    ["0", "7", "0"],
    ["1500.75", "0.5", "3001.5"],
  ])("%s / %s → %s", (a, b, expected) => {
    expect(divideExact(a, b)).toBe(expected);
  });

  it("stops at maxScale decimals", () => {
    expect(divideExact("1", "32", 5)).toBe("0.03125");
    expect(divideExact("1", "32", 4)).toBeNull();
    expect(divideExact("7", "2", 0)).toBeNull();
    expect(divideExact("7", "2", 1)).toBe("3.5");
    expect(divideExact("8", "2", 0)).toBe("4");
  });
});

describe("compareDecimal", () => {
  it("compares exactly", () => {
    expect(compareDecimal("100", "100.0")).toBe(0);
    expect(compareDecimal("9.975", "10")).toBe(-1);
    expect(compareDecimal("100.0001", "100")).toBe(1);
    expect(compareDecimal("-1", "1")).toBe(-1);
    expect(compareDecimal("1", "-1")).toBe(1);
    expect(compareDecimal("1.5", "1.45")).toBe(1);
    expect(compareDecimal("1.45", "1.5")).toBe(-1);
    expect(compareDecimal("-1.5", "-1.45")).toBe(-1);
    expect(compareDecimal("0.1", "0.10")).toBe(0);
  });
});
