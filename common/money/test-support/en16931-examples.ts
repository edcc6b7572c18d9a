/**
 * The EN 16931 example invoices shipped with the official validation artefacts
 * (ConnectingEurope/eInvoicing-EN16931 validation-1.3.16, vendored read-only at
 * ../shared/einvoice/examples/), reduced to what computeTotals models: lines
 * (quantity × net price, VAT category rate) and the document totals the files state,
 * which satisfy the calculation rules BR-CO-10…BR-CO-17. Copied here so the tests
 * do not depend on a directory outside the repository.
 */
import type { LineItem } from "../../invoice/types.ts";

export interface En16931Example {
  source: string;
  currency: string;
  items: LineItem[];
  /** BT-106 Σ line net amounts, BT-109 total without VAT, BT-110 VAT total, BT-112 total with VAT. */
  expected: {
    lineNets: string[];
    lineTotal: string;
    taxBasisTotal: string;
    taxes: { rate: string; base: string; amount: string }[];
    taxTotal: string;
    grandTotal: string;
  };
}

const line = (quantity: string, unitPrice: string, taxPercent: string, taxName = "VAT"): LineItem => ({
  description: `${quantity} × ${unitPrice}`,
  quantity,
  unitPrice,
  taxPercent,
  taxName,
});

export const EN16931_EXAMPLES: En16931Example[] = [
  {
    // Also UBL_guide-example1.xml: the same invoice in UBL, same totals.
    source: "CII_example1.xml",
    currency: "EUR",
    items: [
      line("2", "9.95", "6"),
      line("1", "9.85", "6"),
      line("1", "8.29", "6"),
      line("2", "7.23", "6"),
      line("1", "35", "6"),
      line("1", "35", "6"),
      line("1", "10.65", "6"),
      line("1", "1.55", "6"),
      line("3", "4.79", "6"),
      line("1", "8.29", "6"),
      line("2", "8.29", "6"),
      line("1", "9.95", "6"),
      line("2", "1.65", "6"),
      line("1", "10.8", "21"),
      line("1", "3.9", "6"),
      line("2", "3.8", "21"),
      line("2", "4.67", "21"),
      line("1", "18.63", "21"),
      line("6", "17.02", "6"),
      // Line 20 "FRITUUR VET 10 KG RETOUR": 6 × 18.33 returned, LineTotalAmount -109.98.
      line("-6", "18.33", "6"),
    ],
    expected: {
      lineNets: [
        "19.90", "9.85", "8.29", "14.46", "35.00", "35.00", "10.65", "1.55", "14.37", "8.29",
        "16.58", "9.95", "3.30", "10.80", "3.90", "7.60", "9.34", "18.63", "102.12", "-109.98",
      ],
      lineTotal: "229.60",
      taxBasisTotal: "229.60",
      taxes: [
        { rate: "6", base: "183.23", amount: "10.99" },
        { rate: "21", base: "46.37", amount: "9.74" },
      ],
      taxTotal: "20.73",
      grandTotal: "250.33",
    },
  },
  {
    // NOK, with VAT categories S 25 %, S 15 % and E (exempt, 0 %). The file's document-level
    // charge of 100 and allowance of 100 (both S 25 %) cancel out and are left out here;
    // the line allowance/charge of 12 on line 1 is already in its net price 1273.
    source: "CII_business_example_01.xml",
    currency: "NOK",
    items: [
      line("1", "1273", "25"),
      line("-1", "3.96", "15"),
      line("2", "2.48", "15"),
      line("-1", "25", "0", "VAT exempt"),
      line("250", "0.75", "25"),
    ],
    expected: {
      lineNets: ["1273.00", "-3.96", "4.96", "-25.00", "187.50"],
      lineTotal: "1436.50",
      taxBasisTotal: "1436.50",
      taxes: [
        { rate: "25", base: "1460.50", amount: "365.13" },
        { rate: "15", base: "1.00", amount: "0.15" },
        { rate: "0", base: "-25.00", amount: "0.00" },
      ],
      taxTotal: "365.28",
      grandTotal: "1801.78",
    },
  },
];
