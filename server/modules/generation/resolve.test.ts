import { describe, expect, it } from "vitest";
import { canonicalExtraction } from "../../test/fake-llm-server.ts";
import { InvoiceExtraction, normalizeExtraction } from "./extraction.ts";
import { isFatalMissing, resolveExtraction } from "./resolve.ts";

const context = { today: "2026-01-30", account: { defaultCurrency: "EUR", locale: "de-DE", timezone: "Europe/Berlin" } };
const extraction = (overrides: Record<string, unknown> = {}) => normalizeExtraction(InvoiceExtraction.parse(canonicalExtraction(overrides)));
const party = (over: Record<string, unknown>) => ({ name: null, company: null, email: null, address: null, lines: [], ...over });

describe("resolveExtraction", () => {
  it("counts relative dates from today (issue) and from the issue date (due)", () => {
    const r = resolveExtraction(extraction({ issueDate: { kind: "relative", date: null, days: 2 }, dueDate: { kind: "relative", date: null, days: 30 } }), context);
    expect(r.input).toMatchObject({ issuedAt: "2026-02-01", dueAt: "2026-03-03" });
    const none = resolveExtraction(extraction({ dueDate: { kind: "none", date: null, days: null } }), context);
    expect(none.input.issuedAt).toBe("2026-01-30");
    // No due date: the service's payment term applies.
    expect(none.input.dueAt).toBeUndefined();
  });

  it("bills the company when the prompt names a person at a company; bad emails stay lines only", () => {
    const r = resolveExtraction(extraction({ to: party({ name: "Jane Doe", company: "Acme Corp", email: "jane at acme", lines: [{ label: "VAT ID", value: "DE1" }] }) }), context);
    expect(r.input.customer).toEqual({ name: "Acme Corp" });
    expect(r.input.toDetails).toEqual([
      { label: "Name", value: "Jane Doe" },
      { label: "Company", value: "Acme Corp" },
      { label: "Email", value: "jane at acme" },
      { label: "VAT ID", value: "DE1" },
    ]);
    const good = resolveExtraction(extraction({ to: party({ name: "Acme", email: "Billing@Acme.example" }) }), context);
    expect(good.input.customer).toEqual({ name: "Acme", email: "Billing@Acme.example" });
  });

  it("leaves the sender to the account profile when the prompt names none", () => {
    const r = resolveExtraction(extraction({ from: party({}) }), context);
    expect(r.input.fromDetails).toBeUndefined();
  });

  it("keeps the account locale unless the prompt is in another, non-English language", () => {
    expect(resolveExtraction(extraction({ localeHint: "en-US" }), context).input.locale).toBe("de-DE");
    expect(resolveExtraction(extraction({ localeHint: "de-AT" }), context).input.locale).toBe("de-DE");
    expect(resolveExtraction(extraction({ localeHint: "fr-CA" }), context).input.locale).toBe("fr-CA");
    expect(resolveExtraction(extraction({ localeHint: "not a locale!" }), context).input.locale).toBe("de-DE");
  });

  it("defaults the currency to the account's and reports what was left to defaults", () => {
    const r = resolveExtraction(extraction({ currency: null, to: party({}), missing: [] }), context);
    expect(r.input.currency).toBe("EUR");
    expect(r.problems).toEqual([]);
    expect(r.missing.sort()).toEqual(["currency", "to.name"]);
  });

  it("an item without price or quantity, or no items, is a problem, not a guess", () => {
    const r = resolveExtraction(
      extraction({ items: [{ description: "Design", quantity: null, unit: null, unitPrice: null, discountPercent: null, taxPercent: null }] }),
      context,
    );
    expect(r.problems.map((p) => p.path)).toEqual([
      ["items", 0, "quantity"],
      ["items", 0, "unitPrice"],
    ]);
    expect(r.missing.some(isFatalMissing)).toBe(false);
    expect(resolveExtraction(extraction({ items: [] }), context).problems).toEqual([
      { path: ["items"], message: "the prompt names nothing to bill (no item or service with a price)" },
    ]);
  });
});

describe("resolveExtraction: dates the prompt states (issue 21)", () => {
  it("keeps an absolute issue date instead of today, and counts a relative due date from it", () => {
    const r = resolveExtraction(
      extraction({ issueDate: { kind: "absolute", date: "2025-12-15", days: null }, dueDate: { kind: "relative", date: null, days: 14 } }),
      context,
    );
    expect(r.input.issuedAt).toBe("2025-12-15");
    expect(r.input.dueAt).toBe("2025-12-29");
  });

  it("keeps an absolute due date as written", () => {
    const r = resolveExtraction(extraction({ dueDate: { kind: "absolute", date: "2026-04-30", days: null } }), context);
    expect(r.input).toMatchObject({ issuedAt: "2026-01-30", dueAt: "2026-04-30" });
  });

  it("a relative date of 0 days is the base date itself; negative days count back", () => {
    const r = resolveExtraction(
      extraction({ issueDate: { kind: "relative", date: null, days: -3 }, dueDate: { kind: "relative", date: null, days: 0 } }),
      context,
    );
    expect(r.input).toMatchObject({ issuedAt: "2026-01-27", dueAt: "2026-01-27" });
  });

  it("the kind decides which value counts (a stray date on a relative spec is ignored, and vice versa)", () => {
    const raw = InvoiceExtraction.parse(canonicalExtraction());
    const r = resolveExtraction(
      {
        ...raw,
        issueDate: { kind: "relative", date: "2020-01-01", days: 2 },
        dueDate: { kind: "absolute", date: null, days: 5 },
      },
      context,
    );
    expect(r.input.issuedAt).toBe("2026-02-01");
    expect(r.input.dueAt).toBeUndefined();
    const none = resolveExtraction({ ...raw, dueDate: { kind: "none", date: "2026-06-01", days: 3 } }, context);
    expect(none.input.dueAt).toBeUndefined();
  });

  it("a date spec without its value falls back: issue date to today, due date to the service's term", () => {
    const raw = InvoiceExtraction.parse(canonicalExtraction());
    const r = resolveExtraction(
      {
        ...raw,
        issueDate: { kind: "absolute", date: null, days: null },
        dueDate: { kind: "relative", date: null, days: null },
      },
      context,
    );
    expect(r.input.issuedAt).toBe("2026-01-30");
    expect(r.input.dueAt).toBeUndefined();
  });
});

describe("resolveExtraction: what is reported missing (issue 21)", () => {
  const raw = () => InvoiceExtraction.parse(canonicalExtraction());

  it("never reports as merely missing what an invoice cannot do without (isFatalMissing)", () => {
    // Straight from a model, not normalised: the model may list required fields under `missing`.
    const r = resolveExtraction(
      { ...raw(), missing: ["items", "items[0].description", "items[3].quantity", "items[12].unitPrice", "items[0].unit", "dueDate"] },
      context,
    );
    expect(r.problems).toEqual([]);
    expect(r.missing).toEqual(["items[0].unit", "dueDate"]);
  });

  it("drops absurdly long paths and keeps at most 30", () => {
    const many = Array.from({ length: 40 }, (_, i) => `notes.${i}`);
    const r = resolveExtraction({ ...raw(), missing: ["x".repeat(101), "y".repeat(100), ...many] }, context);
    expect(r.missing).toEqual(["y".repeat(100), ...many.slice(0, 29)]);
  });

  it("reports each problem with a message naming the item", () => {
    const r = resolveExtraction(
      {
        ...raw(),
        items: [
          { description: "", quantity: "1", unit: null, unitPrice: "5", discountPercent: null, taxPercent: null },
          { description: "Hosting", quantity: null, unit: null, unitPrice: null, discountPercent: null, taxPercent: null },
        ],
      },
      context,
    );
    expect(r.problems).toEqual([
      { path: ["items", 0, "description"], message: "the prompt does not say what item 1 is" },
      { path: ["items", 1, "quantity"], message: 'the prompt gives no quantity for "Hosting"' },
      { path: ["items", 1, "unitPrice"], message: 'the prompt gives no price for "Hosting"' },
    ]);
    // The service then rejects "" rather than inventing a quantity or price.
    expect(r.input.items[1]).toMatchObject({ description: "Hosting", quantity: "", unitPrice: "" });
  });
});

describe("isFatalMissing", () => {
  it.each([
    ["items", true],
    ["items[0].unitPrice", true],
    ["items[12].quantity", true],
    ["items[3].description", true],
    ["items[0].unit", false],
    ["items[0].taxPercent", false],
    ["items[0].unitPrice.x", false],
    ["x.items[0].quantity", false],
    ["items[].quantity", false],
    ["items[a].quantity", false],
    ["itemsx", false],
    ["dueDate", false],
  ] as const)("%s → %s", (path, fatal) => {
    expect(isFatalMissing(path)).toBe(fatal);
  });
});

describe("resolveExtraction: the whole input (issue 21)", () => {
  it("carries every stated field into the service input, and nothing else", () => {
    const r = resolveExtraction(
      extraction({
        title: "Website relaunch",
        currency: "CHF",
        localeHint: "fr-CH",
        notes: "Thank you!",
        from: party({ name: "Jo Pixel", company: "Pixel GmbH", email: "jo@pixel.example", address: "Bahnhofstrasse 1, Zürich", lines: [{ label: "VAT ID", value: "CHE-123" }] }),
        to: party({ name: "Ann Buyer", email: "ann@shop.example", address: "Rue du Lac 2, Genève" }),
        items: [
          { description: "Design", quantity: "12.5", unit: "hour", unitPrice: "140", discountPercent: "10", taxPercent: "8.1" },
          { description: "Hosting", quantity: "1", unit: null, unitPrice: "99.90", discountPercent: null, taxPercent: null },
        ],
        discounts: [
          { description: "Loyalty", kind: "percent", value: "5" },
          { description: null, kind: "fixed", value: "20" },
        ],
        taxes: [{ name: "MWST", rate: "8.1" }],
        issueDate: { kind: "absolute", date: "2026-01-05", days: null },
        dueDate: { kind: "relative", date: null, days: 10 },
        paymentDetails: [{ label: "IBAN", value: "CH93 0076 2011 6238 5295 7" }],
      }),
      context,
    );
    expect(r.input).toEqual({
      title: "Website relaunch",
      issuedAt: "2026-01-05",
      dueAt: "2026-01-15",
      currency: "CHF",
      locale: "fr-CH",
      notes: "Thank you!",
      fromDetails: [
        { label: "Name", value: "Jo Pixel" },
        { label: "Company", value: "Pixel GmbH" },
        { label: "Email", value: "jo@pixel.example" },
        { label: "Address", value: "Bahnhofstrasse 1, Zürich" },
        { label: "VAT ID", value: "CHE-123" },
      ],
      toDetails: [
        { label: "Name", value: "Ann Buyer" },
        { label: "Email", value: "ann@shop.example" },
        { label: "Address", value: "Rue du Lac 2, Genève" },
      ],
      customer: { name: "Ann Buyer", email: "ann@shop.example", address: "Rue du Lac 2, Genève" },
      paymentDetails: [{ label: "IBAN", value: "CH93 0076 2011 6238 5295 7" }],
      items: [
        { description: "Design", quantity: "12.5", unit: "hour", unitPrice: "140", discountPercent: "10", taxPercent: "8.1" },
        { description: "Hosting", quantity: "1", unit: null, unitPrice: "99.9", discountPercent: null, taxPercent: null },
      ],
      discounts: [
        { description: "Loyalty", kind: "percent", value: "5" },
        { kind: "fixed", value: "20" },
      ],
      taxes: [{ name: "MWST", rate: "8.1" }],
    });
    expect(r.problems).toEqual([]);
  });

  it("leaves out what the prompt does not state", () => {
    const r = resolveExtraction(
      extraction({ title: null, notes: null, from: party({}), to: party({}), dueDate: { kind: "none", date: null, days: null }, localeHint: null }),
      context,
    );
    expect(Object.keys(r.input).sort()).toEqual(["currency", "discounts", "issuedAt", "items", "locale", "paymentDetails", "taxes"]);
    expect(r.input.locale).toBe("de-DE");
  });

  it("a customer with only an address is billed by address", () => {
    const r = resolveExtraction(extraction({ to: party({ address: "1 Main St" }) }), context);
    expect(r.input.customer).toEqual({ address: "1 Main St" });
    expect(r.input.toDetails).toEqual([{ label: "Address", value: "1 Main St" }]);
  });
});
