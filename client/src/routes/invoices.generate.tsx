import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./app.tsx";
import { lazyPage } from "./lazy.ts";

const page = lazyPage(() => import("../features/generate/GeneratePage.tsx"), "GeneratePage");

export const invoiceGenerateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/generate",
  loader: () => page.preload(),
  component: function InvoiceGenerateRoute() {
    return <page.Component />;
  },
});
