import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { parseGenerateSearch } from "../features/generate/search.ts";
import { useCreateInvoice } from "../features/invoices/queries.ts";
import { appRoute } from "./app.tsx";

const GeneratePage = lazyRouteComponent(() => import("../features/generate/GeneratePage.tsx"), "GeneratePage");

export const invoiceGenerateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/generate",
  /** ?promptId=<raw id>: start from that saved prompt. The URL follows the picker (replace), so Back returns to what was chosen. */
  validateSearch: parseGenerateSearch,
  loader: () => GeneratePage.preload?.(),
  component: function InvoiceGenerateRoute() {
    const { promptId } = invoiceGenerateRoute.useSearch();
    const navigate = invoiceGenerateRoute.useNavigate();
    const create = useCreateInvoice();
    return (
      <GeneratePage
        promptId={promptId}
        createInvoice={create.mutateAsync}
        onPromptIdChange={(next) => void navigate({ search: next ? { promptId: next } : {}, replace: true })}
      />
    );
  },
});
