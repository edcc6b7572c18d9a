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
