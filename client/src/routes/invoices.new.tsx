import { createRoute, useRouterState } from "@tanstack/react-router";
import { appRoute } from "./app.tsx";
import { lazyPage } from "./lazy.ts";

const editor = lazyPage(() => import("../features/invoices/InvoiceEditorPages.tsx"), "InvoiceCreatePage");

export const invoiceNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/new",
  loader: () => editor.preload(),
  component: function InvoiceNewRoute() {
    const { viewer } = invoiceNewRoute.useRouteContext();
    // "Edit before creating" on the generate page hands its draft over in history state (never the URL).
    const draft = useRouterState({ select: (state) => state.location.state.generatedDraft });
    return <editor.Component key={draft ? "generated" : "blank"} viewer={viewer} draft={draft} />;
  },
});
