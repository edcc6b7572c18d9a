import { describe, expect, it } from "vitest";
import {
  mapServerIssues,
  newInvoiceValues,
  previewTotals,
  toCreateInput,
  toUpdateInput,
  type InvoiceFormValues,
} from "./form-model.ts";

const base = (): InvoiceFormValues => ({
  ...newInvoiceValues({ defaultCurrency: "EUR", locale: "de-DE" }, "2026-03-01"),
  items: [{ description: "Design", quantity: "2", unit: "", unitPrice: "99.995", discountPercent: "", taxPercent: "19", taxName: "MwSt" }],
});

describe("invoice form model", () => {
  it("maps server issue paths to form fields, through the blank detail lines that were not sent", () => {
    const values = base();
    values.fromDetails = [
      { label: "Name", value: "Studio" },
      { label: "", value: "" },
      { label: "VAT", value: "DE123" },
    ];
    const plan = toCreateInput(values);
    expect(plan.input.fromDetails).toEqual([
      { label: "Name", value: "Studio" },
      { label: "VAT", value: "DE123" },
    ]);
    const mapped = mapServerIssues(
      [
        { path: ["fromDetails", "1", "value"], message: "is too long" },
        { path: ["items", "0", "taxPercent"], message: "must be between 0 and 100" },
        { path: ["items"], message: "must have at least one line item" },
        { path: ["discounts", "3"], message: "is odd" },
        { path: ["paidAt"], message: "is before the issue date" },
        { path: [], message: "Something general" },
      ],
      plan.fieldFor,
    );
    expect(mapped.fields).toEqual([
      { name: "fromDetails.2.value", message: "Is too long" },
      { name: "items.0.taxPercent", message: "Must be between 0 and 100" },
      { name: "items.root", message: "Must have at least one line item" },
    ]);
    expect(mapped.general).toEqual(["discounts.3: is odd", "paidAt: is before the issue date", "Something general"]);
  });

  it("updates send the customer and recipient lines only when they changed", () => {
    const values = base();
    values.customer.name = "Acme";
    expect(toUpdateInput(values, { customerChanged: false, toDetailsChanged: false }).input).not.toHaveProperty("customer");
    expect(toUpdateInput(values, { customerChanged: false, toDetailsChanged: false }).input).not.toHaveProperty("toDetails");
    const changed = toUpdateInput(values, { customerChanged: true, toDetailsChanged: false }).input;
    expect(changed.customer?.name).toBe("Acme");
    expect(changed).not.toHaveProperty("toDetails");
    expect(changed.discounts).toEqual([]);
    expect(changed.notes).toBeNull();
  });

  it("previews exact totals per line and in total, in minor units", () => {
    const values = base();
    values.items.push({ description: "", quantity: "", unit: "", unitPrice: "", discountPercent: "", taxPercent: "", taxName: "" });
    values.discounts = [{ description: "Loyalty", kind: "percent", value: "10" }];
    const preview = previewTotals(values);
    expect(preview.problem).toBeNull();
    // 2 × 99.995 = 199.99 exactly; −10 % = 179.991 → taxable 179.99; 19 % = 34.1981 → 34.20.
    expect(preview.lineNets).toEqual([19999n, null]);
    expect(preview.totals?.taxableMinor).toBe(17999n);
    expect(preview.totals?.taxes).toEqual([{ name: "MwSt", rate: "19", baseMinor: 17999n, amountMinor: 3420n }]);
    expect(preview.totals?.totalMinor).toBe(21419n);
  });

  it("explains why no total can be shown yet", () => {
    const values = base();
    values.items[0]!.quantity = "1,5";
    expect(previewTotals(values)).toMatchObject({ totals: null, problem: expect.stringMatching(/^Item 1 quantity: /) });
    values.items[0]!.quantity = "1";
    values.currency = "XYZ";
    expect(previewTotals(values).problem).toMatch(/^Currency: /);
  });
});
