import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./app.tsx";
import { lazyPage } from "./lazy.ts";

const editor = lazyPage(() => import("../features/invoices/InvoiceEditorPages.tsx"), "InvoiceCreatePage");

export const invoiceNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/new",
  loader: () => editor.preload(),
  component: function InvoiceNewRoute() {
    const { viewer } = invoiceNewRoute.useRouteContext();
    return <editor.Component viewer={viewer} />;
  },
});
