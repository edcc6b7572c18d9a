/** The largest invoice an account may store (MAX_LINE_ITEMS lines): what the PDF pool tests render. */
import { MAX_LINE_ITEMS } from "../../common/invoice/schema.ts";

export function largeInvoice(n: number, lines = MAX_LINE_ITEMS) {
  return {
    currency: "EUR",
    taxes: [{ name: "VAT", rate: "19" }],
    notes: "Thank you for your business.",
    items: Array.from({ length: lines }, (_, i) => ({
      description: `Invoice ${n} line ${i + 1}: consulting, design review and follow-up notes (Ünïcode ✓)`,
      quantity: String((i % 7) + 1),
      unit: "h",
      unitPrice: `${100 + (i % 13)}.25`,
      discountPercent: i % 5 === 0 ? "10" : null,
    })),
  };
}
