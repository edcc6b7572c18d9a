import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createRoute, lazyRouteComponent, Link } from "@tanstack/react-router";
import { EmptyState } from "../components/ui.tsx";
import { viewerQueryOptions } from "../lib/viewer.ts";
import { invoiceQueryOptions } from "../features/invoices/queries.ts";
import { appRoute } from "./app.tsx";

const InvoiceDetailPage = lazyRouteComponent(() => import("../features/invoices/InvoiceDetailPage.tsx"), "InvoiceDetailPage");
const InvoiceEditPage = lazyRouteComponent(() => import("../features/invoices/InvoiceEditorPages.tsx"), "InvoiceEditPage");

function InvoiceNotFound() {
  return (
    <EmptyState title="Invoice not found" action={<Link to="/invoices" className="btn btn-primary">Back to invoices</Link>}>
      <p>It may have been deleted, or it belongs to another account.</p>
    </EmptyState>
  );
}

export const invoiceDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/$invoiceId",
  loader: async ({ context, params }) => {
    await Promise.all([context.queryClient.ensureQueryData(invoiceQueryOptions(params.invoiceId)), InvoiceDetailPage.preload?.()]);
  },
  component: function InvoiceDetailRoute() {
    const { invoiceId } = invoiceDetailRoute.useParams();
    const { data: invoice } = useSuspenseQuery(invoiceQueryOptions(invoiceId));
    const { data: viewer } = useQuery(viewerQueryOptions());
    return invoice ? <InvoiceDetailPage invoice={invoice} timeZone={viewer?.timezone} /> : <InvoiceNotFound />;
  },
});

export const invoiceEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/$invoiceId/edit",
  loader: async ({ context, params }) => {
    await Promise.all([context.queryClient.ensureQueryData(invoiceQueryOptions(params.invoiceId)), InvoiceEditPage.preload?.()]);
  },
  component: function InvoiceEditRoute() {
    const { invoiceId } = invoiceEditRoute.useParams();
    const { data: invoice } = useSuspenseQuery(invoiceQueryOptions(invoiceId));
    return invoice ? <InvoiceEditPage key={invoice.updatedAt} invoice={invoice} /> : <InvoiceNotFound />;
  },
});
