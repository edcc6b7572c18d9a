import { cleanup, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderApp } from "./testing/render-app.tsx";
import { ViewerQuery } from "./lib/viewer.ts";
import { InvoicesQuery } from "./features/invoices/documents.ts";
import { testViewer } from "./testing/fixtures.ts";

const viewer = testViewer;

let signedIn = false;
vi.mock("./lib/graphql-client.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("./lib/graphql-client.ts")>();
  return {
    ...original,
    execute: vi.fn(async (document: unknown) => {
      if (document === ViewerQuery) return { viewer: signedIn ? viewer : null };
      if (document === InvoicesQuery) {
        return { invoices: { totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, edges: [] } };
      }
      throw new Error("unexpected document");
    }),
  };
});

afterEach(cleanup);

const renderAt = (path: string) => renderApp(path).router;

describe("auth guard", () => {
  it("sends an anonymous visitor of a protected route to sign-in, remembering where they were going", async () => {
    signedIn = false;
    const router = renderAt("/invoices?status=PAID");
    await screen.findByRole("heading", { name: "Welcome back" });
    expect(router.state.location.pathname).toBe("/sign-in");
    expect(router.state.location.search).toEqual({ redirect: "/invoices?status=PAID" });
  });

  it("lets a signed-in viewer in and shows the empty state of a new account", async () => {
    signedIn = true;
    const router = renderAt("/");
    await screen.findByRole("heading", { name: "No invoices yet" });
    expect(router.state.location.pathname).toBe("/invoices");
    expect(screen.getByText("ada@example.com")).toBeTruthy();
  });

  it("keeps signed-in viewers away from the sign-in page", async () => {
    signedIn = true;
    const router = renderAt("/sign-in");
    await waitFor(() => expect(router.state.location.pathname).toBe("/invoices"));
  });
});
