import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useEffect, useEffectEvent, useState } from "react";
import { ChevronLeftIcon, ChevronRightIcon, InvoiceIcon, PlusIcon, SearchIcon, SparklesIcon } from "../../components/icons.tsx";
import { Alert, Button, EmptyState, PageHeader, PageLoader, Spinner, cx } from "../../components/ui.tsx";
import type { InvoiceSortField, InvoiceStatus } from "../../gql/graphql.ts";
import { formatDate } from "../../lib/dates.ts";
import { errorMessage } from "../../lib/result.ts";
import { useDebouncedValue } from "../../lib/use-debounced-value.ts";
import { DateRangeFilter } from "./DateRangeFilter.tsx";
import { InvoiceSummaryCards } from "./InvoiceSummaryCards.tsx";
import {
  hasActiveFilters,
  INVOICE_STATUSES,
  invoiceListQueryOptions,
  parseInvoiceListSearch,
  SORT_FIELDS,
  type InvoiceListSearch,
} from "./queries.ts";
import { STATUS_LABELS, StatusBadge } from "./StatusBadge.tsx";

export interface InvoiceListPageProps {
  search: InvoiceListSearch;
  /** Replaces the list state (filters reset the page cursor). */
  onSearchChange: (next: InvoiceListSearch) => void;
  locale?: string;
}

export function InvoiceListPage({ search, onSearchChange, locale = "en-US" }: InvoiceListPageProps) {
  const query = useQuery(invoiceListQueryOptions(search));
  const navigate = useNavigate();
  const [text, setText] = useState(search.q ?? "");
  const debounced = useDebouncedValue(text.trim(), 300);

  // The URL changed from elsewhere (navigation, "Clear filters"): show its query.
  const [shownQuery, setShownQuery] = useState(search.q);
  if (search.q !== shownQuery) {
    setShownQuery(search.q);
    if (text.trim() !== (search.q ?? "")) setText(search.q ?? "");
  }

  // Once the typed text settles, it goes into the URL.
  const commitQuery = useEffectEvent((q: string) => {
    if ((search.q ?? "") !== q) update({ q: q || undefined });
  });
  useEffect(() => commitQuery(debounced), [debounced]);

  /** Any filter or sort change starts again from the first page (and is normalized as the URL would be). */
  function update(patch: Partial<InvoiceListSearch>) {
    const next: InvoiceListSearch = { ...search, ...patch, after: undefined, before: undefined };
    for (const key of Object.keys(next) as (keyof InvoiceListSearch)[]) if (next[key] === undefined) delete next[key];
    onSearchChange(parseInvoiceListSearch(next as Record<string, unknown>));
  }

  const connection = query.data;
  const filtered = hasActiveFilters(search);
  const firstLoad = query.isPending;
  const isEmptyAccount = connection && connection.totalCount === 0 && !filtered && !search.after && !search.before;

  if (firstLoad) return <PageLoader label="Loading invoices" />;

  if (isEmptyAccount) {
    return (
      <>
        <PageHeader title="Invoices" />
        <EmptyState
          icon={<InvoiceIcon width={28} height={28} />}
          title="No invoices yet"
          action={
            <div className="row gap-sm center wrap">
              <Link to="/invoices/generate" className="btn btn-primary">
                <SparklesIcon /> Generate one from words
              </Link>
              <Link to="/invoices/new" className="btn btn-secondary">
                <PlusIcon /> Create your first invoice
              </Link>
              <Link to="/settings" className="btn btn-ghost">
                Set up your business details
              </Link>
            </div>
          }
        >
          <p>
            Describe one in plain words, like <em>“10 hours of consulting at $150/hour for Acme Corp, 10% tax”</em>,
            and Invobi drafts it with exact totals. Or fill in the form yourself. Add your business details in settings
            first, and every new invoice starts with them.
          </p>
        </EmptyState>
      </>
    );
  }

  const edges = connection?.edges ?? [];
  const pageInfo = connection?.pageInfo;
  const canGoBack = Boolean(pageInfo?.hasPreviousPage);
  const canGoForward = Boolean(pageInfo?.hasNextPage);

  return (
    <>
      <PageHeader
        title="Invoices"
        subtitle={
          connection ? (
            <span data-testid="invoice-count">
              {connection.totalCount} {connection.totalCount === 1 ? "invoice" : "invoices"}
              {filtered ? (connection.totalCount === 1 ? " matches" : " match") : ""}
            </span>
          ) : null
        }
        actions={
          <>
            <Link to="/invoices/generate" className="btn btn-secondary">
              <SparklesIcon /> Generate from words
            </Link>
            <Link to="/invoices/new" className="btn btn-primary">
              <PlusIcon /> New invoice
            </Link>
          </>
        }
      />

      <InvoiceSummaryCards locale={locale} sort={{ sort: search.sort, dir: search.dir }} />

      <div className="toolbar" role="search">
        <label className="search-box">
          <SearchIcon />
          <span className="sr-only">Search invoices</span>
          <input
            type="search"
            className="input"
            placeholder="Search number, title or customer"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          {query.isFetching && !firstLoad ? <Spinner small /> : null}
        </label>

        <div className="segmented" role="group" aria-label="Status">
          <button type="button" className={cx(!search.status && "is-selected")} aria-pressed={!search.status} onClick={() => update({ status: undefined })}>
            All
          </button>
          {INVOICE_STATUSES.map((status) => (
            <button
              key={status}
              type="button"
              className={cx(search.status === status && "is-selected")}
              aria-pressed={search.status === status}
              onClick={() => update({ status: search.status === status ? undefined : (status as InvoiceStatus) })}
            >
              {STATUS_LABELS[status]}
            </button>
          ))}
        </div>

        <DateRangeFilter from={search.issuedFrom} to={search.issuedTo} onChange={(range) => update(range)} />

        <div className="toolbar-group">
          <label className="compact-select">
            <span className="sr-only">Payment</span>
            <select
              className="input select"
              value={search.paid ?? ""}
              onChange={(event) => update({ paid: (event.target.value || undefined) as InvoiceListSearch["paid"] })}
            >
              <option value="">Paid or unpaid</option>
              <option value="paid">Paid</option>
              <option value="unpaid">Unpaid</option>
            </select>
          </label>
          <label className={cx("chip-toggle", search.overdue && "is-on")}>
            <input type="checkbox" checked={Boolean(search.overdue)} onChange={(event) => update({ overdue: event.target.checked ? true : undefined })} />
            Overdue only
          </label>
          <label className="compact-select">
            <span className="sr-only">Sort by</span>
            <select
              className="input select"
              value={search.sort ?? "CREATED_AT"}
              onChange={(event) => update({ sort: event.target.value as InvoiceSortField })}
            >
              {SORT_FIELDS.map((field) => (
                <option key={field.value} value={field.value}>
                  Sort: {field.label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn-secondary btn-icon"
            onClick={() => update({ dir: (search.dir ?? "DESC") === "DESC" ? "ASC" : "DESC" })}
            aria-label={(search.dir ?? "DESC") === "DESC" ? "Sorted descending; sort ascending" : "Sorted ascending; sort descending"}
            title={(search.dir ?? "DESC") === "DESC" ? "Newest / largest first" : "Oldest / smallest first"}
          >
            <span aria-hidden="true">{(search.dir ?? "DESC") === "DESC" ? "↓" : "↑"}</span>
          </button>
        </div>
      </div>

      {query.error ? <Alert action={<Button size="sm" onClick={() => query.refetch()}>Retry</Button>}>{errorMessage(query.error)}</Alert> : null}

      {edges.length === 0 ? (
        <EmptyState
          icon={<SearchIcon width={26} height={26} />}
          title="No invoices match"
          action={
            filtered ? (
              <Button
                onClick={() => {
                  setText("");
                  onSearchChange({ sort: search.sort, dir: search.dir });
                }}
              >
                Clear filters
              </Button>
            ) : null
          }
        >
          <p>Try a different search, status or issue dates.</p>
        </EmptyState>
      ) : (
        <div className={cx("table-card", query.isPlaceholderData && "is-stale")}>
          <table className="table invoice-table">
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Customer</th>
                <th scope="col" className="hide-sm">Issued</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node }) => (
                <tr
                  key={node.id}
                  className={cx("row-link", node.isOverdue && "is-overdue")}
                  onClick={(event) => {
                    if ((event.target as HTMLElement).closest("a")) return;
                    void navigate({ to: "/invoices/$invoiceId", params: { invoiceId: node.rawId } });
                  }}
                >
                  <td className="c-invoice">
                    <Link to="/invoices/$invoiceId" params={{ invoiceId: node.rawId }} className="cell-primary">
                      {node.number}
                    </Link>
                    <div className="cell-secondary">{node.title}</div>
                  </td>
                  <td className="c-customer">
                    <div className="cell-strong">{node.customer.name || "—"}</div>
                    {node.customer.email ? <div className="cell-secondary">{node.customer.email}</div> : null}
                  </td>
                  <td className="c-issued hide-sm nowrap">{formatDate(node.issuedAt, locale)}</td>
                  <td className={cx("c-due nowrap", node.isOverdue && "text-danger")}>
                    {formatDate(node.dueAt, locale)}
                  </td>
                  <td className="c-status">
                    <StatusBadge status={node.status} overdue={node.isOverdue} />
                  </td>
                  <td className="c-total num cell-strong nowrap">{node.total.formatted}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {canGoBack || canGoForward ? (
            <nav className="pagination" aria-label="Pagination">
              <Button
                size="sm"
                icon={<ChevronLeftIcon />}
                disabled={!canGoBack}
                onClick={() => onSearchChange({ ...search, after: undefined, before: pageInfo?.startCursor ?? undefined })}
              >
                Previous
              </Button>
              <span className="pagination-text">{connection?.totalCount} total</span>
              <Button
                size="sm"
                disabled={!canGoForward}
                onClick={() => onSearchChange({ ...search, before: undefined, after: pageInfo?.endCursor ?? undefined })}
              >
                Next <ChevronRightIcon />
              </Button>
            </nav>
          ) : null}
        </div>
      )}
    </>
  );
}
