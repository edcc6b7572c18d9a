import { describe, expect, it } from "vitest";
import { extractOffline } from "./offline-extractor.ts";

describe("extractOffline — parties", () => {
  it("attaches emails, IDs, phones and addresses to the party they follow", () => {
    const x = extractOffline(
      "From: Jane Roe, VAT ID: DE123456789, phone +49 30 1234567, jane@roe.de\nTo: Foo Bar GmbH, address: Hauptstr. 5, 10115 Berlin, billing@foobar.de\nWebsite: 1.200 €",
    );
    expect(x.from).toEqual({
      name: "Jane Roe",
      company: null,
      email: "jane@roe.de",
      address: null,
      lines: [
        { label: "VAT ID", value: "DE123456789" },
        { label: "Phone", value: "+49 30 1234567" },
      ],
    });
    expect(x.to).toMatchObject({ name: "Foo Bar GmbH", email: "billing@foobar.de", address: "Hauptstr. 5, 10115 Berlin" });
    expect(x.items).toEqual([
      { description: "Website", quantity: "1", unit: null, unitPrice: "1200", discountPercent: null, taxPercent: null },
    ]);
    expect(x.currency).toBe("EUR");
  });
});
