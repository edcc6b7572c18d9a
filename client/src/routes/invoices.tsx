import { useQuery } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useMemo } from "react";
import { viewerQueryOptions } from "../lib/viewer.ts";
import { InvoiceListPage } from "../features/invoices/InvoiceListPage.tsx";
import { parseInvoiceListSearch } from "../features/invoices/queries.ts";
import { appRoute } from "./app.tsx";

export const invoicesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices",
  validateSearch: parseInvoiceListSearch,
  component: function InvoicesRoute() {
    // A route's search also carries the raw URL keys its parents pass through (an invalid
    // ?issuedFrom=2026-02-30 would survive validateSearch that way): keep only what it validated.
    const raw = invoicesRoute.useSearch();
    const search = useMemo(() => parseInvoiceListSearch(raw as Record<string, unknown>), [raw]);
    const navigate = invoicesRoute.useNavigate();
    const { data: viewer } = useQuery(viewerQueryOptions());
    return (
      <InvoiceListPage
        search={search}
        locale={viewer?.locale}
        onSearchChange={(next) => void navigate({ search: next, replace: true })}
      />
    );
  },
});
