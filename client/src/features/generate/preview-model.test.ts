import { describe, expect, it } from "vitest";
import { computeTotals } from "../../../../common/money/index.ts";
import type { GeneratedPreviewFragment } from "../../gql/graphql.ts";
import { toCreateInput } from "../invoices/form-model.ts";
import { describeFailure, describeMissing, GenerationFailure, listLabels, previewToFormValues } from "./preview-model.ts";
import { buildGenerateVariables } from "./queries.ts";
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

const money = (minor: string) => ({ amount: "", minor, currency: "EUR", formatted: "" });

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
      taxes: [
        { name: "VAT", rate: "7", base: money("10000"), amount: money("700") },
        { name: "VAT", rate: "19", base: money("30000"), amount: money("5700") },
      ],
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
