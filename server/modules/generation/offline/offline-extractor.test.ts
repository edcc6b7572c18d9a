import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvoiceExtraction, normalizeExtraction } from "../extraction.ts";
import { extractOffline } from "./offline-extractor.ts";

const TODAY = "2026-01-15";

describe("extractOffline — the canonical example", () => {
  const prompt =
    "Create an invoice for 10 hours of consulting at $150/hour for Acme Corp from John Smith at Smith LLC. " +
    "Add 10% tax. Payment due in 30 days to Chase Bank account 1234567890.";
  const x = extractOffline(prompt);

  it("is a valid extraction", () => {
    expect(InvoiceExtraction.parse(x)).toEqual(x);
  });
  it("reads the line item", () => {
    expect(x.items).toEqual([
      { description: "Consulting", quantity: "10", unit: "hour", unitPrice: "150", discountPercent: null, taxPercent: null },
    ]);
  });
  it("reads the currency from $", () => {
    expect(x.currency).toBe("USD");
  });
  it("reads the tax", () => {
    expect(x.taxes).toEqual([{ name: "Tax", rate: "10" }]);
    expect(x.discounts).toEqual([]);
  });
  it("reads the due date as 30 days after issue", () => {
    expect(x.dueDate).toEqual({ kind: "relative", date: null, days: 30 });
    expect(x.issueDate).toEqual({ kind: "none", date: null, days: null });
  });
  it("reads the parties", () => {
    expect(x.to.name).toBe("Acme Corp");
    expect(x.to.company).toBeNull();
    expect(x.from.name).toBe("John Smith");
    expect(x.from.company).toBe("Smith LLC");
  });
  it("reads the payment details", () => {
    expect(x.paymentDetails).toEqual([
      { label: "Bank", value: "Chase Bank" },
      { label: "Account", value: "1234567890" },
    ]);
  });
  it("misses nothing and invents nothing", () => {
    expect(x.missing).toEqual([]);
    expect(x.notes).toBeNull();
    expect(x.title).toBeNull();
  });
  it("is deterministic", () => {
    expect(extractOffline(prompt)).toEqual(x);
  });
});

describe("extractOffline — details", () => {
  it("reads nothing from an empty prompt and says what is missing", () => {
    const x = extractOffline("");
    expect(x.items).toEqual([]);
    expect(x.missing).toEqual(expect.arrayContaining(["currency", "to.name", "from.name", "items", "dueDate"]));
    expect(InvoiceExtraction.parse(x)).toEqual(x);
  });

  it("stays fast on long and hostile input", () => {
    const prompts = [
      "Create an invoice for 10 hours of consulting at $150/hour for Acme Corp. Add 10% tax. ".repeat(1000),
      "due ".repeat(25_000),
      "For Acme Bank Of America Corp ".repeat(3000),
      "1,".repeat(30_000),
    ];
    for (const prompt of prompts) {
      const start = performance.now();
      extractOffline(prompt);
      expect(performance.now() - start).toBeLessThan(5000);
    }
  });
});

describe("extractOffline — any input", () => {
  const WORDS = [
    "invoice", "for", "to", "from", "Acme", "Corp", "GmbH", "at", "@", "x", "×", "$", "€", "£", "CHF", "USD", "EUR",
    "10", "1,234.56", "1.234,56", "12,5", "0.5", "%", "tax", "VAT", "MwSt", "discount", "off", "due", "in", "days",
    "net", "30", "hours", "h", "per", "/hour", "each", "and", "plus", ",", ".", ";", "\n", "-", "IBAN", "DE89",
    "account", "Bank", "Chase", "a@b.co", "Note:", "March", "17", "2026-03-17", "17.03.2026", "(", ")", ":", "the",
  ];
  const soup = fc
    .array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 })), { maxLength: 60 })
    .map((parts) => parts.join(" "));

  it("never throws, always returns a valid extraction with canonical decimals", () => {
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ maxLength: 200 })), (prompt) => {
        const x = extractOffline(prompt, { today: TODAY });
        expect(InvoiceExtraction.parse(x)).toEqual(x);
        const decimals = [
          ...x.items.flatMap((i) => [i.quantity, i.unitPrice]),
          ...x.discounts.map((d) => d.value),
          ...x.taxes.map((t) => t.rate),
        ];
        for (const d of decimals) if (d !== null) expect(d).toMatch(/^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/);
        if (x.dueDate.kind === "absolute") expect(x.dueDate.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (x.currency === null) expect(x.missing).toContain("currency");
        if (x.to.name === null && x.to.company === null) expect(x.missing).toContain("to.name");
        expect(extractOffline(prompt, { today: TODAY })).toEqual(x);
        // The server normalises every extraction; the offline one is already normal.
        expect(normalizeExtraction(x)).toEqual(x);
      }),
      { numRuns: 400, seed: 20260115 },
    );
  });

  it("stays fast on long random token soup", () => {
    const long = fc.sample(soup, { numRuns: 400, seed: 7 }).join(" ");
    const start = performance.now();
    extractOffline(long);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
