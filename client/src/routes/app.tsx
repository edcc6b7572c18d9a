import { createRoute, redirect } from "@tanstack/react-router";
import { viewerQueryOptions } from "../lib/viewer.ts";
import { useSignOut } from "../features/auth/queries.ts";
import { AppShell } from "../features/shell/AppShell.tsx";
import { rootRoute } from "./root.tsx";

/** Every route below needs a signed-in viewer; anonymous visitors go to /sign-in and come back after. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: async ({ context, location }) => {
    const viewer = await context.queryClient.ensureQueryData(viewerQueryOptions());
    if (!viewer) {
      throw redirect({ to: "/sign-in", search: { redirect: location.href } });
    }
    return { viewer };
  },
  component: function AppLayout() {
    const signOut = useSignOut();
    return <AppShell onSignOut={() => signOut.mutateAsync()} signingOut={signOut.isPending} />;
  },
});

export const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/invoices" });
  },
});
