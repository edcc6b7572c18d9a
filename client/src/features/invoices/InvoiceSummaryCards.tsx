/**
 * Totals at a glance above the invoice list: outstanding, overdue and paid this
 * month, one amount per currency (amounts in different currencies never add up).
 * The server computes them (invoice-summary.ts) and formats them in the account's
 * locale; this only lays them out. Definitions:
 *   outstanding     sent and not paid yet, overdue ones included (drafts are not)
 *   overdue         what the "Overdue" badge and filter show
 *   paid this month paid date in the current month of the account's time zone
 */
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, type ReactNode } from "react";
import { Button, cx } from "../../components/ui.tsx";
import type { CurrencyTotalFieldsFragment } from "../../gql/graphql.ts";
import { errorMessage } from "../../lib/result.ts";
import { invoiceSummaryQueryOptions, type InvoiceListSearch } from "./queries.ts";

export interface InvoiceSummaryCardsProps {
  /** For the month's name; amounts come formatted from the server. */
  locale?: string;
  /** The list's current sort, kept when a card's link filters the list. */
  sort?: Pick<InvoiceListSearch, "sort" | "dir">;
}

export function InvoiceSummaryCards({ locale = "en-US", sort = {} }: InvoiceSummaryCardsProps) {
  const query = useQuery(invoiceSummaryQueryOptions());
  const headingId = useId();

  if (query.isPending) {
    return (
      <section className="stats" aria-busy="true" aria-label="Loading totals">
        {[0, 1, 2].map((n) => (
          <div key={n} className="stat-card" aria-hidden="true">
            <span className="sk w40" />
            <span className="sk tall w70" />
            <span className="sk w30" />
          </div>
        ))}
      </section>
    );
  }

  if (query.error) {
    // The list still works without its totals: say so quietly and offer a retry.
    return (
      <div className="stats-error" role="status">
        <span>Totals could not be loaded: {errorMessage(query.error)}</span>
        <Button size="sm" variant="ghost" onClick={() => void query.refetch()}>
          Retry
        </Button>
      </div>
    );
  }

  const summary = query.data;
  if (summary.invoiceCount === 0) return null;

  const keep = { ...(sort.sort ? { sort: sort.sort } : {}), ...(sort.dir ? { dir: sort.dir } : {}) };
  return (
    <section className={cx("stats", query.isFetching && "is-refreshing")} aria-labelledby={headingId} data-testid="invoice-summary">
      <h2 id={headingId} className="sr-only">
        Totals
      </h2>
      <StatCard
        id="outstanding"
        title="Outstanding"
        caption="Sent, not paid yet"
        totals={summary.outstanding}
        empty="Nothing outstanding"
        link={
          summary.outstanding.length > 0 ? (
            <Link to="/invoices" search={{ ...keep, status: "SENT" }} className="stat-link">
              Show outstanding invoices
            </Link>
          ) : null
        }
      />
      <StatCard
        id="overdue"
        title="Overdue"
        caption="Past their due date, unpaid"
        tone={summary.overdue.length > 0 ? "danger" : undefined}
        totals={summary.overdue}
        empty="Nothing overdue"
        link={
          summary.overdue.length > 0 ? (
            <Link to="/invoices" search={{ ...keep, overdue: true }} className="stat-link">
              Show overdue invoices
            </Link>
          ) : null
        }
      />
      <StatCard
        id="paid-this-month"
        title="Paid this month"
        caption={monthName(summary.monthStart, locale)}
        tone={summary.paidThisMonth.length > 0 ? "success" : undefined}
        totals={summary.paidThisMonth}
        empty="No payments yet this month"
      />
    </section>
  );
}

function StatCard({
  id,
  title,
  caption,
  totals,
  empty,
  tone,
  link,
}: {
  id: string;
  title: string;
  caption: ReactNode;
  totals: readonly CurrencyTotalFieldsFragment[];
  empty: string;
  tone?: "danger" | "success";
  link?: ReactNode;
}) {
  const titleId = useId();
  return (
    <div className={cx("stat-card", tone && `stat-${tone}`)} role="group" aria-labelledby={titleId} data-testid={`summary-${id}`}>
      <div className="stat-head">
        <h3 id={titleId} className="stat-title">
          {title}
        </h3>
        <p className="stat-caption">{caption}</p>
      </div>
      {totals.length === 0 ? (
        <p className="stat-empty">{empty}</p>
      ) : (
        <ul className="stat-amounts">
          {totals.map((total) => (
            <li key={total.currency}>
              <span className="stat-amount" data-currency={total.currency}>
                {total.total.formatted}
              </span>
              <span className="stat-count">
                {total.count} {total.count === 1 ? "invoice" : "invoices"}
              </span>
            </li>
          ))}
        </ul>
      )}
      {link ? <div className="stat-foot">{link}</div> : null}
    </div>
  );
}

/** "2026-03-01" → "March 2026" in the locale (never shifted by the host's time zone). */
function monthName(monthStart: string, locale: string): string {
  const date = new Date(`${monthStart}T00:00:00Z`);
  try {
    return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
  } catch {
    return monthStart.slice(0, 7);
  }
}
