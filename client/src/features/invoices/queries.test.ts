import { describe, expect, it } from "vitest";
import { INVOICE_PAGE_SIZE, invoiceListVariables, parseInvoiceListSearch } from "./queries.ts";

describe("invoice list search", () => {
  it("keeps only valid filters from the URL", () => {
    expect(
      parseInvoiceListSearch({ status: "PAID", paid: "maybe", overdue: "true", q: "acme", sort: "TOTAL", dir: "sideways", after: "c1", before: "c0" }),
    ).toEqual({ status: "PAID", overdue: true, q: "acme", sort: "TOTAL", after: "c1" });
    expect(parseInvoiceListSearch({ status: "LOST", sort: "COLOR" })).toEqual({});
  });

  it("pages forward with first/after and backward with last/before", () => {
    expect(invoiceListVariables({})).toEqual({
      first: INVOICE_PAGE_SIZE,
      after: null,
      filter: null,
      orderBy: { field: "CREATED_AT", direction: "DESC" },
    });
    expect(invoiceListVariables({ before: "c9", paid: "unpaid", q: "acme", sort: "DUE_AT", dir: "ASC" })).toEqual({
      last: INVOICE_PAGE_SIZE,
      before: "c9",
      filter: { paid: false, search: "acme" },
      orderBy: { field: "DUE_AT", direction: "ASC" },
    });
  });
});
