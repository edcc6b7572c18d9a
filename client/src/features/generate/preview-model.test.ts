import { describe, expect, it } from "vitest";
import { computeTotals } from "../../../../common/money/index.ts";
import type { GeneratedPreviewFragment } from "../../gql/graphql.ts";
import { toCreateInput } from "../../lib/invoice-form/form-model.ts";
import { describeMissing, listLabels } from "../../lib/invoice-form/missing.ts";
import { describeFailure, GenerationFailure } from "./generation-failure.ts";
import {
  checkDraft,
  draftTotals,
  openMissing,
  previewToFormValues,
  recipientLines,
  settleDraft,
  withCustomerName,
} from "./preview-model.ts";
import { buildGenerateVariables, promptGlobalId } from "./queries.ts";
import { parseGenerateSearch } from "./search.ts";
import { CANONICAL_PREVIEW } from "./test-fixtures.ts";

/** The total of what "Create invoice" would send, with the shared money module. */
const totalOf = (preview: GeneratedPreviewFragment) => {
  const values = previewToFormValues(preview);
  return computeTotals({
    currency: values.currency,
    items: values.items.map((item) => ({ ...item, discountPercent: item.discountPercent || null, taxPercent: item.taxPercent || null, taxName: item.taxName || null })),
    discounts: values.discounts,
    taxes: values.taxes,
  }).totalMinor;
};

const money = (minor: string) => ({ amount: "", minor, currencyCode: "EUR" as const, formatted: "" });

describe("previewToFormValues", () => {
  it("turns the canonical preview into exactly the invoice that was previewed", () => {
    const values = previewToFormValues(CANONICAL_PREVIEW);
    expect(values.number).toBe("");
    expect(values.title).toBe("");
    expect(values.customer.name).toBe("Acme Corp");
    // "Name: Acme Corp" is what the server derives from the customer: left to it.
    expect(values.toDetails).toEqual([]);
    expect(values.taxes).toEqual([{ name: "Tax", rate: "10" }]);
    expect(values.paymentDetails).toEqual(CANONICAL_PREVIEW.paymentDetails);
    expect(totalOf(CANONICAL_PREVIEW)).toBe(165000n);

    const { input } = toCreateInput(values);
    expect(input).toMatchObject({
      issuedAt: "2026-03-10",
      dueAt: "2026-04-09",
      currency: "USD",
      customer: { name: "Acme Corp" },
      items: [{ description: "Consulting", quantity: "10", unit: "hour", unitPrice: "150" }],
      taxes: [{ name: "Tax", rate: "10" }],
    });
    expect(input).not.toHaveProperty("toDetails");
    expect(input).not.toHaveProperty("number");
  });

  it("shows the bill-to lines the server stores for the customer, in its order (common/invoice/bill-to.ts)", () => {
    const stored = [
      { label: "Name", value: "Acme Corp" },
      { label: "Address", value: "1 Main St" },
      { label: "Email", value: "ap@acme.example" },
    ];
    const values = previewToFormValues({ ...CANONICAL_PREVIEW, customerName: "Acme Corp", customerEmail: "ap@acme.example", toDetails: stored });
    expect(values.toDetails).toEqual([]);
    expect(values.customer.address).toBe("1 Main St");
    expect(recipientLines(values)).toEqual(stored);
  });

  it("keeps recipient lines the customer fields cannot reproduce", () => {
    const values = previewToFormValues({
      ...CANONICAL_PREVIEW,
      toDetails: [
        { label: "Name", value: "Jane Roe" },
        { label: "Company", value: "Acme Corp" },
      ],
    });
    expect(values.toDetails).toHaveLength(2);
  });

  it("separates invoice taxes from the lines' own taxes, so totals do not double", () => {
    const preview: GeneratedPreviewFragment = {
      ...CANONICAL_PREVIEW,
      currency: "EUR",
      items: [
        { ...CANONICAL_PREVIEW.items[0]!, quantity: "1", unitPrice: "100", taxPercent: "7", taxName: "VAT", amount: money("10000") },
        { ...CANONICAL_PREVIEW.items[0]!, quantity: "1", unitPrice: "200", amount: money("20000") },
      ],
      totals: {
        ...CANONICAL_PREVIEW.totals,
        taxes: [
          { name: "VAT", rate: "7", base: money("10000"), amount: money("700") },
          { name: "VAT", rate: "19", base: money("30000"), amount: money("5700") },
        ],
      },
      total: money("36400"),
    };
    expect(previewToFormValues(preview).taxes).toEqual([{ name: "VAT", rate: "19" }]);
    expect(totalOf(preview)).toBe(36400n);
  });

  it("keeps a given title, and the default one is left to the server", () => {
    expect(previewToFormValues({ ...CANONICAL_PREVIEW, title: "Website, March" }).title).toBe("Website, March");
  });
});

describe("describeMissing", () => {
  it("says what could not be read, and what was used instead", () => {
    const notes = ["to.name", "dueDate", "currency", "items[1].unitPrice"].map((path) => describeMissing(path, CANONICAL_PREVIEW));
    expect(notes.map((note) => note.label)).toEqual(["customer name", "due date", "currency", "item 2 price"]);
    expect(notes[1]!.detail).toBe("Set to Apr 9, 2026, 30 days after the issue date.");
    expect(notes[2]!.detail).toContain("USD");
    expect(listLabels(notes)).toBe("customer name, due date, currency and item 2 price");
  });
});

describe("describeFailure", () => {
  it("explains rate limits with the provider's Retry-After", () => {
    const view = describeFailure(
      new GenerationFailure("The LLM provider is rate limiting requests; retry after 30 s", "GenerationError", "LLM_RATE_LIMITED", {
        status: 429,
        retryAfterSeconds: 30,
      }),
      "Gemini 2.5 Flash",
    );
    expect(view.title).toBe("Gemini 2.5 Flash is rate limiting your key");
    expect(view.retryAfterSeconds).toBe(30);
    expect(view.suggestOffline).toBe(true);
  });

  it("puts a rejected key and validation issues on their fields", () => {
    expect(describeFailure(new GenerationFailure("rejected", "GenerationError", "LLM_KEY_REJECTED"), "GPT-4o").fields?.apiKey).toBeTruthy();
    const view = describeFailure(
      new GenerationFailure("invalid", "ValidationError", "VALIDATION", { issues: [{ path: ["input", "baseUrl"], message: "must be an http(s) URL" }] }),
      "x",
    );
    expect(view.fields).toEqual({ baseUrl: "Must be an http(s) URL" });
  });

  it("lists what an incomplete prompt must still say", () => {
    const view = describeFailure(
      new GenerationFailure("incomplete", "GenerationError", "INVOICE_INCOMPLETE", { missing: ["items[0].unitPrice"] }),
      "the built-in generator",
    );
    expect(view.missing?.map((note) => note.label)).toEqual(["item 1 price"]);
  });
});

describe("buildGenerateVariables", () => {
  const base = { prompt: "  10 h at $150  ", apiKey: "", baseUrl: "", model: "", promptId: null };

  it("asks for a preview (save: false) and never sends a key to the built-in provider", () => {
    expect(buildGenerateVariables({ ...base, provider: "OFFLINE", apiKey: "sk-typed-earlier" })).toEqual({
      input: { provider: "OFFLINE", save: false, prompt: "10 h at $150" },
    });
  });

  it("sends the key as its own argument for hosted models, and base URL + model for compatible servers", () => {
    expect(buildGenerateVariables({ ...base, provider: "GEMINI_25_FLASH", apiKey: " AIza-k " })).toEqual({
      input: { provider: "GEMINI_25_FLASH", save: false, prompt: "10 h at $150" },
      apiKey: "AIza-k",
    });
    expect(
      buildGenerateVariables({ ...base, provider: "OPENAI_COMPATIBLE", baseUrl: "http://localhost:11434/v1", model: "llama3.1", promptId: "p1" }),
    ).toEqual({
      input: { provider: "OPENAI_COMPATIBLE", save: false, prompt: "10 h at $150", promptId: "p1", baseUrl: "http://localhost:11434/v1", model: "llama3.1" },
    });
  });
});

describe("draftTotals (the editable preview's live totals)", () => {
  const canonical = () => previewToFormValues(CANONICAL_PREVIEW);
  const withItem = (values: ReturnType<typeof canonical>, index: number, patch: Partial<ReturnType<typeof canonical>["items"][number]>) => ({
    ...values,
    items: values.items.map((item, i) => (i === index ? { ...item, ...patch } : item)),
  });

  it("equals what the server computed for the unedited preview", () => {
    const live = draftTotals(canonical());
    expect(live.problem).toBeNull();
    expect(String(live.totals!.subtotalMinor)).toBe(CANONICAL_PREVIEW.totals.subtotal.minor);
    expect(String(live.totals!.taxTotalMinor)).toBe(CANONICAL_PREVIEW.totals.taxTotal.minor);
    expect(String(live.totals!.totalMinor)).toBe(CANONICAL_PREVIEW.total.minor);
    expect(live.totals!.taxes.map((tax) => [tax.name, tax.rate, tax.amountMinor])).toEqual([["Tax", "10", 15000n]]);
    expect(live.lineNets).toEqual([150000n]);
  });

  it("recomputes an edited quantity exactly: 12 × 150.00 + 10 % tax = 1,980.00", () => {
    const live = draftTotals(withItem(canonical(), 0, { quantity: "12" }));
    expect(live.totals!.subtotalMinor).toBe(180000n);
    expect(live.totals!.totalMinor).toBe(198000n);
  });

  it("computes what toCreateInput sends: trimmed values, the line and invoice discounts and taxes", () => {
    const preview = {
      ...CANONICAL_PREVIEW,
      totals: {
        ...CANONICAL_PREVIEW.totals,
        discounts: [{ description: "Loyalty", kind: "PERCENT" as const, value: "5", amount: { amount: "75.00", minor: "7500", currencyCode: "USD" as const, formatted: "$75.00" } }],
      },
    };
    const values = withItem(previewToFormValues(preview), 0, { quantity: " 3 ", unitPrice: "33.335", taxPercent: "7", taxName: "VAT" });
    const live = draftTotals(values);
    const expected = computeTotals({
      currency: "USD",
      items: [{ description: "Consulting", quantity: "3", unitPrice: "33.335", taxPercent: "7", taxName: "VAT" }],
      discounts: [{ description: "Loyalty", kind: "percent", value: "5" }],
      taxes: [{ name: "Tax", rate: "10" }],
    });
    expect(live.totals).toEqual(expected);
  });

  it("flags wrong values on their fields, leaves incomplete lines out, and never throws", () => {
    const values = canonical();
    values.items.push({ ...values.items[0]!, quantity: "abc", unitPrice: "1,5" });
    values.items.push({ ...values.items[0]!, quantity: "", unitPrice: "10" });
    values.items.push({ ...values.items[0]!, quantity: "2", unitPrice: "1.1234567" });
    const live = draftTotals(values);
    expect(live.fieldErrors).toEqual({
      "items.1.quantity": "Enter a number, like 10 or 2.5",
      "items.1.unitPrice": "Use a dot for decimals: 1.5",
      "items.3.unitPrice": "At most 6 decimal places",
    });
    expect(live.uncounted).toEqual([1, 2, 3]);
    expect(live.lineNets).toEqual([150000n, null, null, null]);
    expect(live.totals!.totalMinor).toBe(165000n);
  });

  it("counts a number still being typed (\"12.\") as the number it is", () => {
    const values = withItem(canonical(), 0, { quantity: "12." });
    expect(draftTotals(values).fieldErrors).toEqual({});
    expect(draftTotals(values).totals!.totalMinor).toBe(198000n);
    expect(settleDraft(values).items[0]!.quantity).toBe("12");
    const settled = canonical();
    expect(settleDraft(settled)).toBe(settled);
  });

  it("says why there are no totals when the invoice as a whole does not add up", () => {
    const values = { ...canonical(), discounts: [{ description: "", kind: "fixed" as const, value: "1000" }] };
    const live = draftTotals(withItem(values, 0, { quantity: "1" }));
    expect(live.totals).toBeNull();
    expect(live.problem).toMatch(/^Discount 1 value: the discounts \(1000\.00\) exceed the subtotal \(150\.00\)$/);
  });
});

describe("checkDraft", () => {
  it("finds what the server would refuse, on the field it concerns", () => {
    const values = previewToFormValues(CANONICAL_PREVIEW);
    expect(checkDraft(values)).toEqual({ fields: {}, general: [] });
    values.items[0]!.description = " ";
    values.dueAt = "2026-03-01";
    values.paymentDetails = [{ label: "Bank", value: "x".repeat(1001) }];
    const problems = checkDraft(values);
    expect(problems.fields["items.0.description"]).toBe("Required");
    expect(problems.fields["paymentDetails.0.value"]).toBe("Must be at most 1000 characters");
    expect(problems.fields.dueAt).toBe("Must not be before the issue date (Mar 10, 2026)");
    expect(checkDraft({ ...previewToFormValues(CANONICAL_PREVIEW), dueAt: "" }).fields.dueAt).toBe("Pick a due date");
  });
});

describe("customer and recipient lines", () => {
  it("keeps printed recipient lines in step with a renamed customer", () => {
    const derived = previewToFormValues(CANONICAL_PREVIEW);
    expect(recipientLines(withCustomerName(derived, "Acme Inc."))).toEqual([{ label: "Name", value: "Acme Inc." }]);
    const explicit = previewToFormValues({
      ...CANONICAL_PREVIEW,
      toDetails: [
        { label: "Name", value: "Acme Corp" },
        { label: "Attn", value: "Accounts payable" },
      ],
    });
    expect(withCustomerName(explicit, "Acme Inc.").toDetails).toEqual([
      { label: "Name", value: "Acme Inc." },
      { label: "Attn", value: "Accounts payable" },
    ]);
  });

  it("drops the missing notes the preview's edits answered", () => {
    const values = { ...previewToFormValues(CANONICAL_PREVIEW), customer: { ...previewToFormValues(CANONICAL_PREVIEW).customer, name: "" } };
    expect(openMissing(["to.name", "dueDate", "paymentDetails"], CANONICAL_PREVIEW, values)).toEqual(["to.name", "dueDate", "paymentDetails"]);
    expect(openMissing(["to.name", "dueDate"], CANONICAL_PREVIEW, withCustomerName({ ...values, dueAt: "2026-04-30" }, "Globex"))).toEqual([]);
  });
});

describe("parseGenerateSearch", () => {
  it("accepts a raw prompt id, and nothing else", () => {
    expect(parseGenerateSearch({ promptId: "cmabc123_x-Y" })).toEqual({ promptId: "cmabc123_x-Y" });
    expect(parseGenerateSearch({ promptId: 42 })).toEqual({ promptId: "42" });
    expect(parseGenerateSearch({ promptId: "" })).toEqual({});
    expect(parseGenerateSearch({ promptId: "a b" })).toEqual({});
    expect(parseGenerateSearch({ promptId: "x".repeat(65) })).toEqual({});
    expect(parseGenerateSearch({ other: "p1" })).toEqual({});
  });

  it("looks a prompt up by the global id the server gives it", () => {
    expect(promptGlobalId("p1")).toBe("UHJvbXB0OnAx");
  });
});
