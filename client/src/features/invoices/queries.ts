import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  InvoiceDetailFragment,
  InvoiceOriginInput,
  InvoiceSortField,
  InvoiceStatus,
  InvoicesQuery as InvoicesQueryResult,
  InvoicesQueryVariables,
  SortDirection,
} from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import type { InvoiceInput, InvoiceUpdateInput } from "../../lib/invoice-form/form-model.ts";
import { unwrap } from "../../lib/result.ts";
import {
  CreateInvoiceMutation,
  DeleteInvoiceMutation,
  DuplicateInvoiceMutation,
  InvoiceQuery,
  InvoiceSummaryQuery,
  InvoicesQuery,
  MarkInvoicePaidMutation,
  MarkInvoiceUnpaidMutation,
  SetInvoiceStatusMutation,
  UpdateInvoiceMutation,
} from "./documents.ts";

export const INVOICE_PAGE_SIZE = 20;

type InvoiceConnection = InvoicesQueryResult["invoices"];

export const INVOICE_STATUSES: readonly InvoiceStatus[] = ["DRAFT", "SENT", "PAID", "CANCELLED"];
export const SORT_FIELDS: readonly { value: InvoiceSortField; label: string }[] = [
  { value: "CREATED_AT", label: "Created" },
  { value: "ISSUED_AT", label: "Issue date" },
  { value: "DUE_AT", label: "Due date" },
  { value: "NUMBER", label: "Number" },
  { value: "TOTAL", label: "Total" },
];

/** The invoice list's state, kept in the URL so it survives reloads and can be shared. */
export interface InvoiceListSearch {
  status?: InvoiceStatus;
  paid?: "paid" | "unpaid";
  overdue?: true;
  q?: string;
  /** Issue date range, inclusive, as YYYY-MM-DD (from ≤ to). */
  issuedFrom?: string;
  issuedTo?: string;
  sort?: InvoiceSortField;
  dir?: SortDirection;
  after?: string;
  before?: string;
}

/** A real calendar date written YYYY-MM-DD (what <input type="date"> produces and the API's Date takes). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function parseInvoiceListSearch(raw: Record<string, unknown>): InvoiceListSearch {
  const search: InvoiceListSearch = {};
  const str = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : undefined);
  const status = str(raw.status);
  if (status && (INVOICE_STATUSES as readonly string[]).includes(status)) search.status = status as InvoiceStatus;
  if (raw.paid === "paid" || raw.paid === "unpaid") search.paid = raw.paid;
  if (raw.overdue === true || raw.overdue === "true") search.overdue = true;
  const q = str(raw.q);
  if (q) search.q = q.slice(0, 200);
  // Dates that are not real YYYY-MM-DD dates are dropped; a reversed range is swapped.
  let from = isIsoDate(raw.issuedFrom) ? raw.issuedFrom : undefined;
  let to = isIsoDate(raw.issuedTo) ? raw.issuedTo : undefined;
  if (from && to && from > to) [from, to] = [to, from];
  if (from) search.issuedFrom = from;
  if (to) search.issuedTo = to;
  const sort = str(raw.sort);
  if (sort && SORT_FIELDS.some((field) => field.value === sort)) search.sort = sort as InvoiceSortField;
  if (raw.dir === "ASC" || raw.dir === "DESC") search.dir = raw.dir;
  const after = str(raw.after);
  const before = str(raw.before);
  if (after) search.after = after;
  else if (before) search.before = before;
  return search;
}

export function hasActiveFilters(search: InvoiceListSearch): boolean {
  return Boolean(search.status || search.paid || search.overdue || search.q || search.issuedFrom || search.issuedTo);
}

export function invoiceListVariables(search: InvoiceListSearch): InvoicesQueryVariables {
  const filter: NonNullable<InvoicesQueryVariables["filter"]> = {};
  if (search.status) filter.status = [search.status];
  if (search.paid) filter.paid = search.paid === "paid";
  if (search.overdue) filter.overdue = true;
  if (search.q) filter.search = search.q;
  if (search.issuedFrom) filter.issuedFrom = search.issuedFrom;
  if (search.issuedTo) filter.issuedTo = search.issuedTo;
  return {
    ...(search.before
      ? { last: INVOICE_PAGE_SIZE, before: search.before }
      : { first: INVOICE_PAGE_SIZE, after: search.after ?? null }),
    filter: Object.keys(filter).length > 0 ? filter : null,
    orderBy: { field: search.sort ?? "CREATED_AT", direction: search.dir ?? "DESC" },
  };
}

export const invoiceKeys = {
  all: ["invoices"] as const,
  lists: () => [...invoiceKeys.all, "list"] as const,
  list: (variables: InvoicesQueryVariables) => [...invoiceKeys.lists(), variables] as const,
  detail: (id: string) => [...invoiceKeys.all, "detail", id] as const,
  /** Outstanding / overdue / paid-this-month totals: stale after any change of an invoice's money or status. */
  summary: () => [...invoiceKeys.all, "summary"] as const,
};

export function invoiceListQueryOptions(search: InvoiceListSearch) {
  const variables = invoiceListVariables(search);
  return queryOptions({
    queryKey: invoiceKeys.list(variables),
    queryFn: async () => (await execute(InvoicesQuery, variables)).invoices,
    placeholderData: keepPreviousData,
  });
}

export function invoiceQueryOptions(id: string) {
  return queryOptions({
    queryKey: invoiceKeys.detail(id),
    queryFn: async () => (await execute(InvoiceQuery, { id })).invoice,
  });
}

export function invoiceSummaryQueryOptions() {
  return queryOptions({
    queryKey: invoiceKeys.summary(),
    queryFn: async () => (await execute(InvoiceSummaryQuery)).invoiceSummary,
  });
}

/** Puts a fresh invoice into the detail cache and marks every list and the summary stale. */
function useStoreInvoice() {
  const queryClient = useQueryClient();
  return (invoice: InvoiceDetailFragment) => {
    queryClient.setQueryData(invoiceKeys.detail(invoice.rawId), invoice);
    void queryClient.invalidateQueries({ queryKey: invoiceKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: invoiceKeys.summary() });
  };
}

export function useCreateInvoice() {
  const store = useStoreInvoice();
  return useMutation({
    mutationFn: async ({ input, origin }: { input: InvoiceInput; origin?: InvoiceOriginInput | null }) =>
      unwrap((await execute(CreateInvoiceMutation, { input: { ...input, origin: origin ?? null } })).createInvoice).invoice,
    onSuccess: store,
  });
}

export function useUpdateInvoice(id: string) {
  const store = useStoreInvoice();
  return useMutation({
    mutationFn: async (input: InvoiceUpdateInput) =>
      unwrap((await execute(UpdateInvoiceMutation, { input: { ...input, id } })).updateInvoice).invoice,
    onSuccess: store,
  });
}

export function useMarkInvoicePaid(id: string) {
  const store = useStoreInvoice();
  return useMutation({
    mutationFn: async (paidAt: string | null) =>
      unwrap((await execute(MarkInvoicePaidMutation, { id, paidAt })).markInvoicePaid).invoice,
    onSuccess: store,
  });
}

export function useMarkInvoiceUnpaid(id: string) {
  const store = useStoreInvoice();
  return useMutation({
    mutationFn: async () => unwrap((await execute(MarkInvoiceUnpaidMutation, { id })).markInvoiceUnpaid).invoice,
    onSuccess: store,
  });
}

export function useSetInvoiceStatus(id: string) {
  const store = useStoreInvoice();
  return useMutation({
    mutationFn: async (status: InvoiceStatus) =>
      unwrap((await execute(SetInvoiceStatusMutation, { id, status })).setInvoiceStatus).invoice,
    onSuccess: store,
  });
}

export function useDeleteInvoice(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap((await execute(DeleteInvoiceMutation, { id })).deleteInvoice),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: invoiceKeys.detail(id) });
      // Drop it from cached pages at once, so going back to the list never shows it, then refetch.
      queryClient.setQueriesData<InvoiceConnection>({ queryKey: invoiceKeys.lists() }, (connection) => {
        if (!connection?.edges.some((edge) => edge.node.rawId === id)) return connection;
        return {
          ...connection,
          totalCount: Math.max(0, connection.totalCount - 1),
          edges: connection.edges.filter((edge) => edge.node.rawId !== id),
        };
      });
      void queryClient.invalidateQueries({ queryKey: invoiceKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: invoiceKeys.summary() });
    },
  });
}

/** A new draft copied from invoice `id` (next number, issued today); resolves to the new invoice. */
export function useDuplicateInvoice(id: string) {
  const store = useStoreInvoice();
  return useMutation({
    mutationFn: async () => unwrap((await execute(DuplicateInvoiceMutation, { id })).duplicateInvoice).invoice,
    onSuccess: store,
  });
}
