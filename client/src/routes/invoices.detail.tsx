import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createRoute, Link } from "@tanstack/react-router";
import { EmptyState } from "../components/ui.tsx";
import { viewerQueryOptions } from "../features/auth/queries.ts";
import { invoiceQueryOptions } from "../features/invoices/queries.ts";
import { appRoute } from "./app.tsx";
import { lazyPage } from "./lazy.ts";

const detail = lazyPage(() => import("../features/invoices/InvoiceDetailPage.tsx"), "InvoiceDetailPage");
const editor = lazyPage(() => import("../features/invoices/InvoiceEditorPages.tsx"), "InvoiceEditPage");

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
    await Promise.all([context.queryClient.ensureQueryData(invoiceQueryOptions(params.invoiceId)), detail.preload()]);
  },
  component: function InvoiceDetailRoute() {
    const { invoiceId } = invoiceDetailRoute.useParams();
    const { data: invoice } = useSuspenseQuery(invoiceQueryOptions(invoiceId));
    const { data: viewer } = useQuery(viewerQueryOptions());
    return invoice ? <detail.Component invoice={invoice} timeZone={viewer?.timezone} /> : <InvoiceNotFound />;
  },
});

export const invoiceEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/$invoiceId/edit",
  loader: async ({ context, params }) => {
    await Promise.all([context.queryClient.ensureQueryData(invoiceQueryOptions(params.invoiceId)), editor.preload()]);
  },
  component: function InvoiceEditRoute() {
    const { invoiceId } = invoiceEditRoute.useParams();
    const { data: invoice } = useSuspenseQuery(invoiceQueryOptions(invoiceId));
    return invoice ? <editor.Component key={invoice.updatedAt} invoice={invoice} /> : <InvoiceNotFound />;
  },
});
