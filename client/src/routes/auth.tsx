import { createRoute, lazyRouteComponent, redirect, useRouter } from "@tanstack/react-router";
import { viewerQueryOptions } from "../lib/viewer.ts";
import { rootRoute } from "./root.tsx";

// Lazy like every other screen: react-hook-form and the forms stay out of the entry chunk.
const SignInPage = lazyRouteComponent(() => import("../features/auth/AuthPages.tsx"), "SignInPage");
const SignUpPage = lazyRouteComponent(() => import("../features/auth/AuthPages.tsx"), "SignUpPage");

/** Only same-site paths: never an open redirect. */
export function safeRedirect(target: string | undefined): string {
  return target && target.startsWith("/") && !target.startsWith("//") && !target.startsWith("/sign-") ? target : "/invoices";
}

const redirectIfSignedIn = async ({ context }: { context: { queryClient: import("@tanstack/react-query").QueryClient } }) => {
  const viewer = await context.queryClient.ensureQueryData(viewerQueryOptions());
  if (viewer) throw redirect({ to: "/invoices" });
};

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === "string" ? { redirect: search.redirect } : {},
  beforeLoad: redirectIfSignedIn,
  loader: () => SignInPage.preload?.(),
  component: function SignInRoute() {
    const { redirect: target } = signInRoute.useSearch();
    const router = useRouter();
    return <SignInPage onSignedIn={() => router.history.push(safeRedirect(target))} />;
  },
});

export const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-up",
  beforeLoad: redirectIfSignedIn,
  loader: () => SignUpPage.preload?.(),
  component: function SignUpRoute() {
    const navigate = signUpRoute.useNavigate();
    return <SignUpPage onSignedUp={() => void navigate({ to: "/invoices" })} />;
  },
});
