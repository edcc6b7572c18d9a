import { createRoute } from "@tanstack/react-router";
import { parseGenerateSearch } from "../features/generate/search.ts";
import { appRoute } from "./app.tsx";
import { lazyPage } from "./lazy.ts";

const page = lazyPage(() => import("../features/generate/GeneratePage.tsx"), "GeneratePage");

export const invoiceGenerateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/generate",
  /** ?promptId=<raw id>: start from that saved prompt. The URL follows the picker (replace), so Back returns to what was chosen. */
  validateSearch: parseGenerateSearch,
  loader: () => page.preload(),
  component: function InvoiceGenerateRoute() {
    const { promptId } = invoiceGenerateRoute.useSearch();
    const navigate = invoiceGenerateRoute.useNavigate();
    return (
      <page.Component
        promptId={promptId}
        onPromptIdChange={(next) => void navigate({ search: next ? { promptId: next } : {}, replace: true })}
      />
    );
  },
});
