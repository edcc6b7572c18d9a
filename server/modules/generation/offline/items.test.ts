import { describe, expect, it } from "vitest";
import { extractOffline } from "./offline-extractor.ts";

describe("extractOffline — items", () => {
  it("never guesses a quantity for a bare rate or a rate for a bare tax", () => {
    const x = extractOffline("Consulting at $150/hour for Acme Corp, plus tax");
    expect(x.items).toEqual([
      { description: "Consulting", quantity: null, unit: "hour", unitPrice: "150", discountPercent: null, taxPercent: null },
    ]);
    expect(x.taxes).toEqual([]);
    expect(x.missing).toEqual(expect.arrayContaining(["items[0].quantity", "taxes"]));
  });

  it("divides a total by its count only when exact", () => {
    expect(extractOffline("5 licenses for €100").items[0]).toMatchObject({ quantity: "5", unitPrice: "20" });
    expect(extractOffline("3 hours of support for $100").items[0]).toMatchObject({
      description: "Support (3 hours)",
      quantity: "1",
      unitPrice: "100",
    });
  });

  it("does not read dates, invoice numbers or absurd numbers as amounts", () => {
    const x = extractOffline("Invoice #2041 for Acme Corp: design $500, work done on 2026-01-10, pay by 2026-02-30");
    expect(x.items).toEqual([
      { description: "Design", quantity: "1", unit: null, unitPrice: "500", discountPercent: null, taxPercent: null },
    ]);
    const huge = extractOffline("Invoice Acme Corp for 3 units at 99999999999999999999 USD");
    expect(huge.items[0]?.unitPrice).toBeNull();
    expect(huge.missing).toContain("items[0].unitPrice");
  });
});
