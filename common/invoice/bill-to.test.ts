import { describe, expect, it } from "vitest";
import { billToLines, cityLine, extraBillToDetails, isDerivedBillTo } from "./bill-to.ts";

const us = { name: "Acme Corp", email: "ap@acme.example", address: "1 Main St\nSuite 5", city: "Springfield", state: "IL", zip: "62704", country: "USA" };
const de = { name: "Muster GmbH", email: "rechnung@muster.example", address: "Torstraße 1", city: "Berlin", state: "Berlin", zip: "10115", country: "Germany" };

describe("bill-to lines", () => {
  it("writes the city line as the invoice's region does", () => {
    expect(cityLine(us, "en-US")).toBe("Springfield, IL 62704");
    expect(cityLine(us, "en-CA")).toBe("Springfield, IL 62704");
    expect(cityLine(us, "en-AU")).toBe("Springfield, IL 62704");
    expect(cityLine(de, "de-DE")).toBe("10115 Berlin");
    expect(cityLine(de, "en-GB")).toBe("10115 Berlin");
    expect(cityLine({ city: "Berlin" }, "de-DE")).toBe("Berlin");
    expect(cityLine({ state: "IL", zip: "62704" }, "en-US")).toBe("IL 62704");
    expect(cityLine({}, "not a locale")).toBe("");
  });

  it("orders name, address, city, state (outside US/CA/AU), country, email", () => {
    expect(billToLines(us, "en-US")).toEqual([
      { label: "Name", value: "Acme Corp" },
      { label: "Address", value: "1 Main St\nSuite 5" },
      { label: "City", value: "Springfield, IL 62704" },
      { label: "Country", value: "USA" },
      { label: "Email", value: "ap@acme.example" },
    ]);
    expect(billToLines(de, "de-DE")).toEqual([
      { label: "Name", value: "Muster GmbH" },
      { label: "Address", value: "Torstraße 1" },
      { label: "City", value: "10115 Berlin" },
      { label: "State", value: "Berlin" },
      { label: "Country", value: "Germany" },
      { label: "Email", value: "rechnung@muster.example" },
    ]);
    expect(billToLines({ name: "  Acme  ", email: "", address: null }, "en-US")).toEqual([{ label: "Name", value: "Acme" }]);
    expect(billToLines({}, "en-US")).toEqual([]);
  });

  it("knows lines derived from the customer, in any order, and nothing more", () => {
    const lines = billToLines(de, "de-DE");
    expect(isDerivedBillTo(lines, de, "de-DE")).toBe(true);
    expect(isDerivedBillTo([...lines].reverse(), de, "de-DE")).toBe(true);
    expect(isDerivedBillTo([...lines, { label: "VAT ID", value: "DE1" }], de, "de-DE")).toBe(false);
    expect(isDerivedBillTo(lines.slice(1), de, "de-DE")).toBe(false);
    expect(isDerivedBillTo(lines, { ...de, city: "Hamburg" }, "de-DE")).toBe(false);
    expect(isDerivedBillTo([], {}, "de-DE")).toBe(true);
  });

  it("keeps only the detail lines the customer fields do not already say", () => {
    const vat = { label: "VAT ID", value: "DE123" };
    expect(extraBillToDetails([...billToLines(de, "de-DE"), vat], de, "de-DE")).toEqual([vat]);
    // stored before this rule: email second and "City, ST zip" in every region
    const legacy = [
      { label: "Name", value: "Muster GmbH" },
      { label: "Email", value: "rechnung@muster.example" },
      { label: "Address", value: "Torstraße 1" },
      { label: "City", value: "Berlin, Berlin 10115" },
      { label: "Country", value: "Germany" },
    ];
    expect(extraBillToDetails([vat, ...legacy], de, "de-DE")).toEqual([vat]);
    const other = { label: "Address", value: "Another street 2" };
    expect(extraBillToDetails([other], de, "de-DE")).toEqual([other]);
    expect(extraBillToDetails([other], {}, "de-DE")).toEqual([other]);
  });
});
