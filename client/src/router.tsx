/**
 * The route tree (TanStack Router, code-based). Routes are thin: they read params
 * and search, preload data and hand it to the feature components.
 *
 *   /sign-in, /sign-up                 anonymous only
 *   (app: guard → /sign-in?redirect=…)
 *     /                                → /invoices
 *     /invoices                        list: ?status&paid&overdue&q&sort&dir&after|before
 *     /invoices/new                    create form (prefilled from history state after "Generate")
 *     /invoices/generate               generate from words: describe → editable preview → save; ?promptId
 *     /invoices/$invoiceId             detail
 *     /invoices/$invoiceId/edit        edit form
 *     /prompts                         ?label|noLabel&q
 *     /settings                        account settings
 *     /settings/api-tokens             API tokens
 */
import type { QueryClient } from "@tanstack/react-query";
import { createRouter, type RouterHistory } from "@tanstack/react-router";
import { Alert, Button, PageLoader } from "./components/ui.tsx";
import { errorMessage } from "./lib/result.ts";
import { appRoute, indexRoute } from "./routes/app.tsx";
import { signInRoute, signUpRoute } from "./routes/auth.tsx";
import { invoiceDetailRoute, invoiceEditRoute } from "./routes/invoices.detail.tsx";
import { invoiceGenerateRoute } from "./routes/invoices.generate.tsx";
import { invoiceNewRoute } from "./routes/invoices.new.tsx";
import { invoicesRoute } from "./routes/invoices.tsx";
import { promptsRoute } from "./routes/prompts.tsx";
import { rootRoute } from "./routes/root.tsx";
import { apiTokensRoute, settingsRoute } from "./routes/settings.tsx";

export const routeTree = rootRoute.addChildren([
  signInRoute,
  signUpRoute,
  appRoute.addChildren([
    indexRoute,
    invoicesRoute,
    invoiceNewRoute,
    invoiceGenerateRoute,
    invoiceDetailRoute,
    invoiceEditRoute,
    promptsRoute,
    settingsRoute,
    apiTokensRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    ...(history ? { history } : {}),
    context: { queryClient },
    defaultPreload: "intent",
    // React Query owns caching; the router always asks it.
    defaultPreloadStaleTime: 0,
    defaultPendingMs: 150,
    defaultPendingComponent: () => <PageLoader />,
    defaultErrorComponent: ({ error, reset }) => (
      <div className="page-error">
        <Alert title="Something went wrong" action={<Button size="sm" onClick={reset}>Try again</Button>}>
          {errorMessage(error)}
        </Alert>
      </div>
    ),
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
