import type { QueryClient } from "@tanstack/react-query";
import { createRootRouteWithContext, Link, Outlet } from "@tanstack/react-router";
import { EmptyState } from "../components/ui.tsx";

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: () => (
    <div className="center-page">
      <EmptyState title="Page not found" action={<Link to="/invoices" className="btn btn-primary">Go to invoices</Link>}>
        <p>There is nothing at this address.</p>
      </EmptyState>
    </div>
  ),
});
