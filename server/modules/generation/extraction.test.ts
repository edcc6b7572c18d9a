import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  completeMissing,
  extractionJsonSchema,
  InvoiceExtraction,
  isIsoDate,
  normalizeExtraction,
} from "./extraction.ts";

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every schema node of a JSON schema, with its path. */
function walk(node: unknown, path: string, visit: (node: Json, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${path}[${i}]`, visit));
    return;
  }
  if (!isObject(node)) return;
  visit(node, path);
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" && isObject(value)) {
      for (const [name, child] of Object.entries(value)) walk(child, `${path}.${name}`, visit);
    } else if (key === "enum" || key === "required") {
      continue;
    } else {
      walk(value, `${path}/${key}`, visit);
    }
  }
}

const EMPTY_PARTY = { name: null, company: null, email: null, address: null, lines: [] };
const NONE = { kind: "none" as const, date: null, days: null };

function blank(): InvoiceExtraction {
  return {
    title: null,
    currency: null,
    localeHint: null,
    from: { ...EMPTY_PARTY, lines: [] },
    to: { ...EMPTY_PARTY, lines: [] },
    items: [],
    discounts: [],
    taxes: [],
    issueDate: NONE,
    dueDate: NONE,
    paymentDetails: [],
    notes: null,
    missing: [],
  };
}

describe("extractionJsonSchema", () => {
  const schema = extractionJsonSchema();

  it("has an object root with no $schema or $defs", () => {
    expect(schema.type).toBe("object");
    expect(schema).not.toHaveProperty("$schema");
    expect(schema).not.toHaveProperty("$defs");
    expect(schema).not.toHaveProperty("definitions");
  });

  it("closes every object and requires all of its keys (OpenAI strict mode)", () => {
    let objects = 0;
    walk(schema, "$", (node, path) => {
      if (node.type !== "object") return;
      objects++;
      expect(node.additionalProperties, path).toBe(false);
      expect(isObject(node.properties), path).toBe(true);
      const keys = Object.keys(node.properties as Json).sort();
      expect([...(node.required as string[])].sort(), path).toEqual(keys);
    });
    // root, from, to, their detail lines, payment lines, items, discounts, taxes, two dates
    expect(objects).toBeGreaterThanOrEqual(10);
  });

  it("uses no keyword strict mode rejects and no union except with null", () => {
    const forbidden = [
      "minimum",
      "maximum",
      "exclusiveMinimum",
      "exclusiveMaximum",
      "multipleOf",
      "pattern",
      "format",
      "minLength",
      "maxLength",
      "minItems",
      "maxItems",
      "default",
      "oneOf",
      "allOf",
      "not",
      "$ref",
      "if",
      "then",
      "else",
    ];
    walk(schema, "$", (node, path) => {
      for (const key of forbidden) expect(node, `${path} has ${key}`).not.toHaveProperty(key);
      if (Array.isArray(node.anyOf)) {
        expect(node.anyOf, path).toHaveLength(2);
        expect(
          (node.anyOf as Json[]).some((branch) => branch.type === "null"),
          `${path}: anyOf without null`,
        ).toBe(true);
      }
      if (Array.isArray(node.type)) {
        expect(node.type, path).toHaveLength(2);
        expect(node.type, path).toContain("null");
      }
    });
  });

  it("lists the fields a model must fill", () => {
    const properties = schema.properties as Json;
    expect(Object.keys(properties)).toEqual([
      "title",
      "currency",
      "localeHint",
      "from",
      "to",
      "items",
      "discounts",
      "taxes",
      "issueDate",
      "dueDate",
      "paymentDetails",
      "notes",
      "missing",
    ]);
    const item = (properties.items as Json).items as Json;
    expect(Object.keys(item.properties as Json)).toEqual([
      "description",
      "quantity",
      "unit",
      "unitPrice",
      "discountPercent",
      "taxPercent",
    ]);
    const due = properties.dueDate as Json;
    expect(((due.properties as Json).kind as Json).enum).toEqual(["absolute", "relative", "none"]);
    const discount = (properties.discounts as Json).items as Json;
    expect(((discount.properties as Json).kind as Json).enum).toEqual(["percent", "fixed"]);
  });

  it("describes decimals as strings, never numbers", () => {
    walk(schema, "$", (node, path) => {
      if (node.type === "number") throw new Error(`${path} is a JSON number`);
    });
    const item = ((schema.properties as Json).items as Json).items as Json;
    const unitPrice = (item.properties as Json).unitPrice as Json;
    expect(JSON.stringify(unitPrice)).toContain('"string"');
    expect(unitPrice.description).toMatch(/decimal/);
  });

  it("returns a fresh copy on every call", () => {
    const a = extractionJsonSchema();
    (a.properties as Json).title = "mutated";
    expect((extractionJsonSchema().properties as Json).title).not.toBe("mutated");
  });

  it("round-trips: what satisfies the JSON schema's shape parses with zod", () => {
    const sample = blank();
    sample.items.push({
      description: "Consulting",
      quantity: "10",
      unit: "hour",
      unitPrice: "150",
      discountPercent: null,
      taxPercent: null,
    });
    sample.dueDate = { kind: "relative", date: null, days: 30 };
    expect(InvoiceExtraction.parse(sample)).toEqual(sample);
    expect(() => InvoiceExtraction.parse({ ...sample, extra: 1 })).not.toThrow(); // zod strips unknown keys
    const { title: _title, ...withoutTitle } = sample;
    expect(() => InvoiceExtraction.parse(withoutTitle)).toThrow(z.ZodError);
  });
});

describe("normalizeExtraction", () => {
  it("cleans what models get wrong without inventing anything", () => {
    const raw = blank();
    raw.currency = " usd ";
    raw.to.name = "  Acme   Corp ";
    raw.items.push({
      description: " Consulting ",
      quantity: "10",
      unit: "hour",
      unitPrice: "$1,234.50",
      discountPercent: "10%",
      taxPercent: null,
    });
    raw.discounts.push({ description: null, kind: "fixed", value: "1,000" });
    raw.taxes.push({ name: "", rate: "9,975" });
    raw.dueDate = { kind: "absolute", date: "2026-02-30", days: null };
    raw.issueDate = { kind: "relative", date: "2026-01-01", days: 0 };
    raw.paymentDetails.push({ label: "Bank", value: " Chase " }, { label: "", value: "x" });
    const x = normalizeExtraction(raw);
    expect(x.currency).toBe("USD");
    expect(x.to.name).toBe("Acme Corp");
    expect(x.items[0]).toEqual({
      description: "Consulting",
      quantity: "10",
      unit: "hour",
      unitPrice: "1234.5",
      discountPercent: "10",
      taxPercent: null,
    });
    expect(x.discounts).toEqual([{ description: null, kind: "fixed", value: "1000" }]);
    expect(x.taxes).toEqual([{ name: "Tax", rate: "9.975" }]);
    expect(x.dueDate).toEqual(NONE);
    expect(x.issueDate).toEqual({ kind: "relative", date: null, days: 0 });
    expect(x.paymentDetails).toEqual([{ label: "Bank", value: "Chase" }]);
    expect(x.missing).toEqual(expect.arrayContaining(["from.name", "dueDate"]));
    expect(x.missing).not.toContain("to.name");
    expect(x.missing).not.toContain("currency");
  });

  it("rejects a currency that is not a 3-letter code", () => {
    const raw = blank();
    raw.currency = "$";
    expect(normalizeExtraction(raw).currency).toBeNull();
    expect(normalizeExtraction(raw).missing).toContain("currency");
  });
});

describe("completeMissing", () => {
  it("adds what is absent and drops what is present", () => {
    const x = blank();
    x.to.name = "Acme";
    x.items.push({ description: "", quantity: null, unit: "hour", unitPrice: null, discountPercent: null, taxPercent: null });
    const missing = completeMissing(x, ["to.name", "items[3].unitPrice", "taxes"]);
    expect(missing).toEqual(
      expect.arrayContaining([
        "currency",
        "from.name",
        "dueDate",
        "items[0].unitPrice",
        "items[0].quantity",
        "items[0].description",
        "taxes",
      ]),
    );
    expect(missing).not.toContain("to.name");
    expect(missing).not.toContain("items");
    expect(missing).not.toContain("items[3].unitPrice");
  });
});

describe("isIsoDate", () => {
  it.each([
    ["2026-03-17", true],
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["2026-3-17", false],
    ["17.03.2026", false],
  ])("%s → %s", (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
  });
});
