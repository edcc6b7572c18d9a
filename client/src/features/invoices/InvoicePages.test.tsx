import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderApp } from "../../testing/render-app.tsx";
import type {
  DuplicateInvoiceMutation as DuplicateResult,
  InvoiceDetailFragment,
  InvoiceListItemFragment,
  InvoiceSummaryQuery as SummaryResult,
  InvoicesQueryVariables,
} from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import { ViewerQuery } from "../../lib/viewer.ts";
import { DuplicateInvoiceMutation, InvoiceQuery, InvoicesQuery, InvoiceSummaryQuery } from "./documents.ts";
import { invoiceKeys } from "./queries.ts";
import { testViewer } from "../../testing/fixtures.ts";

const viewer = testViewer;

const usd = (minor: number) => ({
  amount: (minor / 100).toFixed(2),
  minor: String(minor),
  currencyCode: "USD" as const,
  formatted: new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(minor / 100),
});

function listItem(n: number, overrides: Partial<InvoiceListItemFragment> = {}): InvoiceListItemFragment {
  return {
    id: `g${n}`,
    rawId: `inv${n}`,
    number: `INV-000${n}`,
    title: "Consulting",
    status: "SENT",
    issuedAt: "2026-03-01",
    dueAt: "2026-03-31",
    paidAt: null,
    isOverdue: false,
    currency: "USD",
    customer: { name: "Acme Corp", email: null },
    total: usd(165000),
    ...overrides,
  };
}

function detail(n: number, overrides: Partial<InvoiceDetailFragment> = {}): InvoiceDetailFragment {
  const money = usd(165000);
  return {
    ...listItem(n),
    locale: "en-US",
    notes: null,
    promptText: null,
    createdAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-01T10:00:00.000Z",
    customer: { ref: null, name: "Acme Corp", email: null, address: null, city: null, state: null, zip: null, country: null, logoUrl: null },
    fromDetails: [],
    toDetails: [{ label: "Name", value: "Acme Corp" }],
    paymentDetails: [],
    items: [
      { id: `i${n}`, position: 0, description: "Consulting", quantity: "11", unit: "h", unitPrice: "150", discountPercent: null, taxPercent: null, taxName: null, amount: money },
    ],
    discounts: [],
    taxes: [],
    totals: { subtotal: money, discounts: [], discountTotal: usd(0), taxable: money, taxes: [], taxTotal: usd(0), total: money },
    ...overrides,
  };
}

const summary = (overrides: Partial<SummaryResult["invoiceSummary"]> = {}): SummaryResult["invoiceSummary"] => ({
  invoiceCount: 4,
  today: "2026-03-10",
  monthStart: "2026-03-01",
  monthEnd: "2026-03-31",
  outstanding: [
    { currency: "USD", count: 2, total: usd(330000) },
    { currency: "EUR", count: 1, total: { amount: "200.00", minor: "20000", currencyCode: "EUR", formatted: "€200.00" } },
  ],
  overdue: [],
  paidThisMonth: [{ currency: "USD", count: 1, total: usd(4999) }],
  ...overrides,
});

let invoices: InvoiceListItemFragment[] = [];
let summaryAnswer: SummaryResult["invoiceSummary"] = summary();
let invoicesById: Record<string, InvoiceDetailFragment> = {};
let duplicateAnswer: DuplicateResult["duplicateInvoice"] = { __typename: "DuplicateInvoiceSuccess", invoice: detail(2) };
const listCalls: InvoicesQueryVariables[] = [];
const documentsSeen: unknown[] = [];

vi.mock("../../lib/graphql-client.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../lib/graphql-client.ts")>();
  return { ...original, execute: vi.fn() };
});

beforeEach(() => {
  invoices = [listItem(1)];
  summaryAnswer = summary();
  invoicesById = { inv1: detail(1), inv2: detail(2, { status: "DRAFT", issuedAt: "2026-03-10", dueAt: "2026-04-09" }) };
  duplicateAnswer = { __typename: "DuplicateInvoiceSuccess", invoice: invoicesById.inv2! };
  listCalls.length = 0;
  documentsSeen.length = 0;
  vi.mocked(execute).mockImplementation((async (document: unknown, variables?: unknown) => {
    documentsSeen.push(document);
    if (document === ViewerQuery) return { viewer };
    if (document === InvoiceSummaryQuery) return { invoiceSummary: summaryAnswer };
    if (document === InvoicesQuery) {
      const vars = variables as InvoicesQueryVariables;
      listCalls.push(vars);
      const from = vars.filter?.issuedFrom;
      const to = vars.filter?.issuedTo;
      const edges = invoices
        .filter((invoice) => (!from || invoice.issuedAt >= from) && (!to || invoice.issuedAt <= to))
        .map((node) => ({ cursor: node.id, node }));
      return {
        invoices: { totalCount: edges.length, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, edges },
      };
    }
    if (document === InvoiceQuery) return { invoice: invoicesById[(variables as { id: string }).id] ?? null };
    if (document === DuplicateInvoiceMutation) return { duplicateInvoice: duplicateAnswer };
    throw new Error("unexpected document");
  }) as typeof execute);
});

afterEach(cleanup);

const renderAt = renderApp;

describe("invoice list: summary cards", () => {
  it("shows outstanding, overdue and paid-this-month totals per currency, formatted by the server", async () => {
    renderAt("/invoices");
    const outstanding = await screen.findByRole("group", { name: "Outstanding" });
    // One line per currency, in the server's order (the account's currency first).
    const [dollars, euros] = within(outstanding).getAllByRole("listitem");
    expect(within(dollars!).getByText("$3,300.00")).toBeTruthy();
    expect(within(dollars!).getByText("2 invoices")).toBeTruthy();
    expect(within(euros!).getByText("€200.00")).toBeTruthy();
    expect(within(euros!).getByText("1 invoice")).toBeTruthy();

    const overdue = screen.getByRole("group", { name: "Overdue" });
    expect(within(overdue).getByText("Nothing overdue")).toBeTruthy();
    expect(within(overdue).queryByRole("link")).toBeNull();

    const paid = screen.getByRole("group", { name: "Paid this month" });
    expect(within(paid).getByText("March 2026")).toBeTruthy();
    expect(within(paid).getByText("$49.99")).toBeTruthy();
    expect(within(paid).getByText("1 invoice")).toBeTruthy();
  });

  it("a card's link filters the list to the invoices it counts, keeping the sort", async () => {
    summaryAnswer = summary({ overdue: [{ currency: "USD", count: 1, total: usd(165000) }] });
    const { router } = renderAt("/invoices?sort=TOTAL");
    const overdue = await screen.findByRole("group", { name: "Overdue" });
    fireEvent.click(within(overdue).getByRole("link", { name: "Show overdue invoices" }));
    await waitFor(() => expect(router.state.location.search).toEqual({ sort: "TOTAL", overdue: true }));
    fireEvent.click(screen.getByRole("link", { name: "Show outstanding invoices" }));
    await waitFor(() => expect(router.state.location.search).toEqual({ sort: "TOTAL", status: "SENT" }));
  });

  it("shows no cards and asks for no totals when the account has no invoices", async () => {
    invoices = [];
    summaryAnswer = summary({ invoiceCount: 0, outstanding: [], overdue: [], paidThisMonth: [] });
    renderAt("/invoices");
    await screen.findByRole("heading", { name: "No invoices yet" });
    expect(screen.queryByTestId("invoice-summary")).toBeNull();
    expect(documentsSeen).not.toContain(InvoiceSummaryQuery);
  });

  it("a failed summary does not take the list down and can be retried", async () => {
    let fail = true;
    const base = vi.mocked(execute).getMockImplementation()!;
    vi.mocked(execute).mockImplementation((async (document: unknown, variables?: unknown) => {
      if (document === InvoiceSummaryQuery && fail) throw new Error("Network down");
      return base(document as never, variables as never);
    }) as typeof execute);
    renderAt("/invoices");
    await screen.findByText(/Totals could not be loaded: Network down/);
    expect(screen.getByRole("row", { name: /INV-0001/ })).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await screen.findByRole("group", { name: "Outstanding" });
  });
});

describe("invoice list: issue-date range", () => {
  const input = (name: string) => screen.getByLabelText(name) as HTMLInputElement;

  it("keeps the range in the URL, sends it as the filter, swaps a reversed range and clears with the other filters", async () => {
    invoices = [listItem(1, { issuedAt: "2026-01-15" }), listItem(2, { issuedAt: "2026-03-01" })];
    const { router } = renderAt("/invoices");
    await screen.findByRole("row", { name: /INV-0002/ });
    expect(input("Issued from").value).toBe("");

    fireEvent.change(input("Issued from"), { target: { value: "2026-03-31" } });
    await waitFor(() => expect(router.state.location.search).toEqual({ issuedFrom: "2026-03-31" }));
    // A "to" before "from" is read as the range the other way round.
    fireEvent.change(input("Issued to"), { target: { value: "2026-02-01" } });
    await waitFor(() => expect(router.state.location.search).toEqual({ issuedFrom: "2026-02-01", issuedTo: "2026-03-31" }));
    expect(input("Issued from").value).toBe("2026-02-01");
    expect(input("Issued to").value).toBe("2026-03-31");
    await waitFor(() => expect(listCalls.at(-1)?.filter).toEqual({ issuedFrom: "2026-02-01", issuedTo: "2026-03-31" }));
    await waitFor(() => expect(screen.queryByRole("row", { name: /INV-0001/ })).toBeNull());
    expect(screen.getByRole("row", { name: /INV-0002/ })).toBeTruthy();
    expect(screen.getByTestId("invoice-count").textContent).toBe("1 invoice matches");

    // Nothing issued in that range: "Clear filters" removes the dates too.
    fireEvent.change(input("Issued to"), { target: { value: "2026-02-10" } });
    await screen.findByRole("heading", { name: "No invoices match" });
    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    await screen.findByRole("row", { name: /INV-0001/ });
    expect(input("Issued from").value).toBe("");
    expect(input("Issued to").value).toBe("");
  });

  it("reads the range from the URL, ignores invalid dates, and clears it with its own button", async () => {
    const { router } = renderAt("/invoices?issuedFrom=2026-02-30&issuedTo=2026-03-31");
    await screen.findByRole("row", { name: /INV-0001/ });
    expect(input("Issued from").value).toBe("");
    expect(input("Issued to").value).toBe("2026-03-31");
    expect(listCalls.at(-1)?.filter).toEqual({ issuedTo: "2026-03-31" });
    // Half-typed years are not committed.
    const calls = listCalls.length;
    fireEvent.change(input("Issued from"), { target: { value: "0202-01-01" } });
    expect(router.state.location.search).toEqual({ issuedFrom: "2026-02-30", issuedTo: "2026-03-31" });
    expect(listCalls).toHaveLength(calls);
    fireEvent.blur(input("Issued from"));
    expect(input("Issued from").value).toBe("");

    fireEvent.click(screen.getByRole("button", { name: "Clear issue dates" }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(document.activeElement).toBe(input("Issued from"));
    expect(screen.queryByRole("button", { name: "Clear issue dates" })).toBeNull();
  });
});

describe("invoice detail: duplicate", () => {
  async function openDuplicate() {
    // The detail page is a lazy chunk: give its first import time on a busy machine.
    await screen.findByRole("heading", { name: /INV-0001/ });
    fireEvent.click(screen.getByRole("button", { name: "More actions" }));
    fireEvent.click(screen.getByRole("menuitem", { name: "Duplicate invoice" }));
  }

  it("creates a draft copy, opens it and says so; lists and totals are refreshed", async () => {
    const { router, queryClient } = renderAt("/invoices/inv1");
    queryClient.setQueryData(invoiceKeys.summary(), summary());
    await openDuplicate();
    await waitFor(() => expect(router.state.location.pathname).toBe("/invoices/inv2"));
    await screen.findByRole("heading", { name: /INV-0002/ });
    expect(screen.getByText("Created INV-0002, a draft copy of INV-0001")).toBeTruthy();
    expect(vi.mocked(execute).mock.calls.find(([document]) => document === DuplicateInvoiceMutation)?.[1]).toEqual({ id: "inv1" });
    expect(queryClient.getQueryState(invoiceKeys.summary())?.isInvalidated).toBe(true);
    // The copy is already cached: opening it needed no extra request.
    expect(vi.mocked(execute).mock.calls.filter(([document, variables]) => document === InvoiceQuery && (variables as { id: string }).id === "inv2")).toHaveLength(0);
  });

  it("shows why a duplicate failed and stays on the invoice", async () => {
    duplicateAnswer = { __typename: "NotFoundError", message: "Invoice not found", code: "NOT_FOUND" };
    const { router } = renderAt("/invoices/inv1");
    await openDuplicate();
    expect((await screen.findByRole("alert")).textContent).toBe("Could not duplicate INV-0001: Invoice not found");
    expect(router.state.location.pathname).toBe("/invoices/inv1");
  });
});
