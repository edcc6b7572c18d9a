import { useQuery } from "@tanstack/react-query";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { viewerQueryOptions } from "../lib/viewer.ts";
import { appRoute } from "./app.tsx";

const AccountSettingsPage = lazyRouteComponent(() => import("../features/settings/AccountSettingsPage.tsx"), "AccountSettingsPage");
const ApiTokensPage = lazyRouteComponent(() => import("../features/settings/ApiTokensPage.tsx"), "ApiTokensPage");

export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings",
  loader: () => AccountSettingsPage.preload?.(),
  component: function SettingsRoute() {
    const context = settingsRoute.useRouteContext();
    const { data: viewer } = useQuery(viewerQueryOptions());
    return <AccountSettingsPage viewer={viewer ?? context.viewer} />;
  },
});

export const apiTokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/api-tokens",
  // A lazy route component: the router loads its chunk with the route.
  component: ApiTokensPage,
});
