/** Test data: what the server answers for the canonical prompt (built-in provider). */
import type { GeneratedPreviewFragment } from "../../gql/graphql.ts";
import type { GeneratedInvoice } from "./queries.ts";

const usd = (amount: string, minor: string) => ({
  amount,
  minor,
  currencyCode: "USD" as const,
  formatted: `$${Number(amount).toLocaleString("en-US", { minimumFractionDigits: 2 })}`,
});

export const CANONICAL_PREVIEW: GeneratedPreviewFragment = {
  number: "INV-0001",
  title: "Invoice INV-0001",
  status: "DRAFT",
  issuedAt: "2026-03-10",
  dueAt: "2026-04-09",
  currency: "USD",
  locale: "en-US",
  notes: null,
  customerName: "Acme Corp",
  customerEmail: null,
  fromDetails: [
    { label: "Name", value: "John Smith" },
    { label: "Company", value: "Smith LLC" },
  ],
  toDetails: [{ label: "Name", value: "Acme Corp" }],
  paymentDetails: [
    { label: "Bank", value: "Chase Bank" },
    { label: "Account", value: "1234567890" },
  ],
  items: [
    {
      description: "Consulting",
      quantity: "10",
      unit: "hour",
      unitPrice: "150",
      discountPercent: null,
      taxPercent: null,
      taxName: null,
      amount: usd("1500.00", "150000"),
    },
  ],
  totals: {
    discounts: [],
    taxes: [{ name: "Tax", rate: "10", base: usd("1500.00", "150000"), amount: usd("150.00", "15000") }],
    subtotal: usd("1500.00", "150000"),
    discountTotal: usd("0.00", "0"),
    taxTotal: usd("150.00", "15000"),
  },
  total: usd("1650.00", "165000"),
};

export function generated(overrides: Partial<GeneratedInvoice> = {}): GeneratedInvoice {
  return { provider: "OFFLINE", model: null, attempts: 0, missing: [], preview: CANONICAL_PREVIEW, ...overrides };
}
