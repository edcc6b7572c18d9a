import { useQuery } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { viewerQueryOptions } from "../features/auth/queries.ts";
import { appRoute } from "./app.tsx";
import { lazyPage } from "./lazy.ts";

const account = lazyPage(() => import("../features/settings/AccountSettingsPage.tsx"), "AccountSettingsPage");
const tokens = lazyPage(() => import("../features/settings/ApiTokensPage.tsx"), "ApiTokensPage");

export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings",
  loader: () => account.preload(),
  component: function SettingsRoute() {
    const context = settingsRoute.useRouteContext();
    const { data: viewer } = useQuery(viewerQueryOptions());
    return <account.Component viewer={viewer ?? context.viewer} />;
  },
});

export const apiTokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/api-tokens",
  loader: () => tokens.preload(),
  component: function ApiTokensRoute() {
    return <tokens.Component />;
  },
});
