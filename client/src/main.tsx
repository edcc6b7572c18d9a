import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ToastProvider } from "./components/toast.tsx";
import { viewerKey } from "./lib/viewer.ts";
import { isUnauthenticated } from "./lib/graphql-client.ts";
import { createAppRouter } from "./router.tsx";
import "./styles.css";

/** A session that ended server-side (expired, signed out elsewhere): forget the viewer and go to sign-in. */
function onAuthError(error: unknown) {
  if (!isUnauthenticated(error)) return;
  queryClient.setQueryData(viewerKey, null);
  const { pathname, search } = window.location;
  if (!pathname.startsWith("/sign-")) void router.navigate({ to: "/sign-in", search: { redirect: pathname + search } });
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onAuthError }),
  mutationCache: new MutationCache({ onError: onAuthError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failureCount, error) => !isUnauthenticated(error) && failureCount < 2,
    },
  },
});

const router = createAppRouter(queryClient);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
