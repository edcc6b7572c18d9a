/**
 * The structured-input schemas: what they accept, what they turn it into, and the
 * messages they give (the API and the SPA show these next to the field).
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { NO_NUL_MESSAGE } from "../text.ts";
import {
  CalendarDate,
  CalendarDateLoose,
  CustomerSchema,
  DecimalInput,
  InvoiceCreateSchema,
  InvoiceUpdateSchema,
  LineItemSchema,
} from "./schema.ts";

/** The messages of a failed parse, by path ("" for the root). */
function messages(schema: z.ZodType, value: unknown): Record<string, string[]> {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  const out: Record<string, string[]> = {};
  for (const issue of result.error!.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

const DECIMAL_MESSAGE = 'must be a decimal number like "12.50"';

describe("DecimalInput", () => {
  it.each([
    ["12.50", "12.50"],
    [" 12.50 ", "12.50"],
    ["\t-3\n", "-3"],
    ["0", "0"],
    [12.5, "12.5"],
    [0.1, "0.1"],
    [-2, "-2"],
    [123456789012345, "123456789012345"],
  ])("%j → %j", (input, expected) => {
    expect(DecimalInput.parse(input)).toBe(expected);
  });

  it.each([["1,5"], ["1e3"], [""], ["  "], ["12.50 EUR"], ["+1"], [".5"], ["1."], [1e21], [1e-7]])(
    "rejects %j with the format hint",
    (input) => {
      expect(messages(DecimalInput, input)).toEqual({ "": [DECIMAL_MESSAGE] });
    },
  );


  it("reports a custom zod issue (the API maps path and message)", () => {
    expect(DecimalInput.safeParse("1,5").error?.issues).toEqual([{ code: "custom", path: [], message: DECIMAL_MESSAGE }]);
  });

  it("rejects numbers that are not finite", () => {
    for (const input of [Number.NaN, Infinity, -Infinity]) expect(DecimalInput.safeParse(input).success).toBe(false);
  });
});

describe("CalendarDate", () => {
  it("accepts real dates, trimmed", () => {
    expect(CalendarDate.parse("2024-02-29")).toBe("2024-02-29");
    expect(CalendarDate.parse(" 2026-03-03 ")).toBe("2026-03-03");
  });

  it("names what is wrong", () => {
    expect(messages(CalendarDate, "2026-02-29")).toEqual({ "": ["is not a real calendar date"] });
    expect(messages(CalendarDate, "2026-04-31")).toEqual({ "": ["is not a real calendar date"] });
    expect(messages(CalendarDate, "2026-13-01")).toEqual({ "": ["is not a real calendar date"] });
    expect(messages(CalendarDate, "2026-3-3")).toEqual({ "": ["must be a date in YYYY-MM-DD format", "is not a real calendar date"] });
  });
});

describe("CalendarDateLoose", () => {
  it("keeps the date part of a timestamp", () => {
    expect(CalendarDateLoose.parse("2026-03-03T23:30:00-05:00")).toBe("2026-03-03");
    expect(CalendarDateLoose.parse(" 2026-03-03T10:00:00Z ")).toBe("2026-03-03");
    expect(CalendarDateLoose.parse("2026-03-03")).toBe("2026-03-03");
  });

  it("only a leading date followed by T is a timestamp", () => {
    expect(messages(CalendarDateLoose, "x2026-03-03T10:00")).toEqual({
      "": ["must be a date in YYYY-MM-DD format", "is not a real calendar date"],
    });
    expect(messages(CalendarDateLoose, "2026-02-30T00:00:00Z")).toEqual({ "": ["is not a real calendar date"] });
    // Not a timestamp, so not cut to its first ten characters.
    expect(messages(CalendarDateLoose, "2026-03-031")).toEqual({ "": ["must be a date in YYYY-MM-DD format", "is not a real calendar date"] });
  });
});

describe("LineItemSchema", () => {
  it("trims texts and amounts", () => {
    expect(LineItemSchema.parse({ description: " Design ", quantity: " 2 ", unitPrice: 12.5, taxPercent: null })).toEqual({
      description: "Design",
      quantity: "2",
      unitPrice: "12.5",
      taxPercent: null,
    });
  });

  it("gives a message per field", () => {
    expect(messages(LineItemSchema, { description: "", quantity: "1,5", unitPrice: "x", taxName: "a\u0000b" })).toEqual({
      description: ["is required"],
      quantity: [DECIMAL_MESSAGE],
      unitPrice: [DECIMAL_MESSAGE],
      taxName: [NO_NUL_MESSAGE],
    });
    expect(messages(LineItemSchema, { description: "x".repeat(2001), quantity: "1", unitPrice: "1" })).toEqual({
      description: ["must be at most 2000 characters"],
    });
  });
});

describe("CustomerSchema", () => {
  it("lower-cases emails and turns empty strings into null", () => {
    expect(CustomerSchema.parse({ email: " Billing@Acme.Example ", logoUrl: "" })).toEqual({ email: "billing@acme.example", logoUrl: null });
    expect(CustomerSchema.parse({ email: "" })).toEqual({ email: null });
  });

  it("rejects bad emails and non-http logos with a message", () => {
    expect(messages(CustomerSchema, { email: "jane at acme" })).toEqual({ email: ["must be a valid email address"] });
    expect(messages(CustomerSchema, { logoUrl: "javascript:alert(1)" })).toEqual({ logoUrl: ["must be an http(s) URL"] });
  });
});

describe("InvoiceCreateSchema / InvoiceUpdateSchema", () => {
  const item = { description: "Work", quantity: "1", unitPrice: "10" };

  it("needs only items; upper-cases the currency", () => {
    expect(InvoiceCreateSchema.parse({ items: [item], currency: " eur " })).toMatchObject({ currency: "EUR", items: [item] });
  });

  it("names every bad field", () => {
    expect(messages(InvoiceCreateSchema, { items: [], currency: "EURO", status: "open", number: "" })).toEqual({
      items: ["must have at least one line item"],
      currency: ["must be a three-letter ISO 4217 code"],
      status: ["must be one of draft, sent, paid, cancelled"],
      number: ["must not be empty"],
    });
    expect(messages(InvoiceCreateSchema, { items: [item], discounts: [{ kind: "amount", value: "1" }] })).toEqual({
      "discounts.0.kind": ["must be percent or fixed"],
    });
  });

  it("an update may change one customer field alone", () => {
    expect(InvoiceUpdateSchema.parse({ customer: { name: " Acme " } })).toEqual({ customer: { name: "Acme" } });
  });
});
