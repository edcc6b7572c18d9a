import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { parsePromptListSearch } from "../features/prompts/queries.ts";
import { appRoute } from "./app.tsx";

const PromptsPage = lazyRouteComponent(() => import("../features/prompts/PromptsPage.tsx"), "PromptsPage");

export const promptsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/prompts",
  validateSearch: parsePromptListSearch,
  loader: () => PromptsPage.preload?.(),
  component: function PromptsRoute() {
    const search = promptsRoute.useSearch();
    const navigate = promptsRoute.useNavigate();
    return <PromptsPage search={search} onSearchChange={(next) => void navigate({ search: next, replace: true })} />;
  },
});
