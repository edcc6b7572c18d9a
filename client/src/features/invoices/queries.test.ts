import { describe, expect, it } from "vitest";
import { hasActiveFilters, INVOICE_PAGE_SIZE, invoiceListVariables, isIsoDate, parseInvoiceListSearch } from "./queries.ts";

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

  it("keeps a valid issue-date range, drops invalid dates and swaps a reversed range", () => {
    expect(parseInvoiceListSearch({ issuedFrom: "2026-01-01", issuedTo: "2026-03-31" })).toEqual({ issuedFrom: "2026-01-01", issuedTo: "2026-03-31" });
    expect(parseInvoiceListSearch({ issuedFrom: "2026-03-31", issuedTo: "2026-01-01" })).toEqual({ issuedFrom: "2026-01-01", issuedTo: "2026-03-31" });
    expect(parseInvoiceListSearch({ issuedFrom: "2026-02-30", issuedTo: "2026-03-31" })).toEqual({ issuedTo: "2026-03-31" });
    expect(parseInvoiceListSearch({ issuedFrom: "yesterday", issuedTo: 20260101 })).toEqual({});
    expect(parseInvoiceListSearch({ issuedFrom: "2026-1-5", issuedTo: "2026-01-05T00:00:00Z" })).toEqual({});
    expect(parseInvoiceListSearch({ issuedFrom: "2024-02-29" })).toEqual({ issuedFrom: "2024-02-29" });
    expect(isIsoDate("2025-02-29")).toBe(false);
  });

  it("sends the issue-date range as the filter's issuedFrom / issuedTo and counts it as a filter", () => {
    expect(invoiceListVariables({ issuedFrom: "2026-01-01", issuedTo: "2026-01-31" }).filter).toEqual({ issuedFrom: "2026-01-01", issuedTo: "2026-01-31" });
    expect(invoiceListVariables({ issuedTo: "2026-01-31" }).filter).toEqual({ issuedTo: "2026-01-31" });
    expect(hasActiveFilters({ issuedFrom: "2026-01-01" })).toBe(true);
    expect(hasActiveFilters({ issuedTo: "2026-01-01" })).toBe(true);
    expect(hasActiveFilters({ sort: "TOTAL", dir: "ASC" })).toBe(false);
  });
});
