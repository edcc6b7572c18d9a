import { useQuery } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { viewerQueryOptions } from "../features/auth/queries.ts";
import { InvoiceListPage } from "../features/invoices/InvoiceListPage.tsx";
import { parseInvoiceListSearch } from "../features/invoices/queries.ts";
import { appRoute } from "./app.tsx";

export const invoicesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices",
  validateSearch: parseInvoiceListSearch,
  component: function InvoicesRoute() {
    const search = invoicesRoute.useSearch();
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
