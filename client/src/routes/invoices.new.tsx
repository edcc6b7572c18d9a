import { createRoute, lazyRouteComponent, useRouterState } from "@tanstack/react-router";
import { clearGeneratedResult } from "../features/generate/session.ts";
import { appRoute } from "./app.tsx";

const InvoiceCreatePage = lazyRouteComponent(() => import("../features/invoices/InvoiceEditorPages.tsx"), "InvoiceCreatePage");

export const invoiceNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/new",
  loader: () => InvoiceCreatePage.preload?.(),
  component: function InvoiceNewRoute() {
    const { viewer } = invoiceNewRoute.useRouteContext();
    // "Edit before creating" on the generate page hands its draft over in history state (never the URL).
    const draft = useRouterState({ select: (state) => state.location.state.generatedDraft });
    return <InvoiceCreatePage key={draft ? "generated" : "blank"} viewer={viewer} draft={draft} onCreatedFromDraft={clearGeneratedResult} />;
  },
});
