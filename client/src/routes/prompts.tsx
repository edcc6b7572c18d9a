import { createRoute } from "@tanstack/react-router";
import { parsePromptListSearch } from "../features/prompts/queries.ts";
import { appRoute } from "./app.tsx";
import { lazyPage } from "./lazy.ts";

const page = lazyPage(() => import("../features/prompts/PromptsPage.tsx"), "PromptsPage");

export const promptsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/prompts",
  validateSearch: parsePromptListSearch,
  loader: () => page.preload(),
  component: function PromptsRoute() {
    const search = promptsRoute.useSearch();
    const navigate = promptsRoute.useNavigate();
    return <page.Component search={search} onSearchChange={(next) => void navigate({ search: next, replace: true })} />;
  },
});
