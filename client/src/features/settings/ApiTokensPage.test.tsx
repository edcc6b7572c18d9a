import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderApp } from "../../testing/render-app.tsx";
import { execute } from "../../lib/graphql-client.ts";
import { ViewerQuery } from "../../lib/viewer.ts";
import { testViewer } from "../../testing/fixtures.ts";
import { ApiTokensQuery, CreateApiTokenMutation } from "./documents.ts";

const adminToken = {
  id: "t1",
  name: "Ops",
  prefix: "0123456789ab",
  permissions: ["READ", "ADMIN"],
  createdAt: "2026-03-01T10:00:00.000Z",
  lastUsedAt: null,
  revokedAt: null,
};

vi.mock("../../lib/graphql-client.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../lib/graphql-client.ts")>();
  return { ...original, execute: vi.fn() };
});

beforeEach(() => {
  vi.mocked(execute).mockImplementation((async (document: unknown, variables?: { name: string; permissions: string[] }) => {
    if (document === ViewerQuery) return { viewer: testViewer };
    if (document === ApiTokensQuery) return { apiTokens: [adminToken] };
    if (document === CreateApiTokenMutation) {
      return {
        createApiToken: {
          __typename: "CreateApiTokenSuccess",
          secret: "inv_ba9876543210_secret",
          apiToken: { ...adminToken, id: "t2", name: variables!.name, permissions: variables!.permissions },
        },
      };
    }
    throw new Error("unexpected document");
  }) as typeof execute);
});

afterEach(cleanup);

describe("API tokens page", () => {
  it("shows the Admin permission and creates a token with it", async () => {
    renderApp("/settings/api-tokens");
    const row = (await screen.findByText("Ops")).closest("tr")!;
    expect(within(row).getByText("Read")).toBeTruthy();
    expect(within(row).getByText("Admin")).toBeTruthy();
    expect(within(row).queryByText("Write")).toBeNull();

    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Deploy bot" } });
    fireEvent.click(screen.getByRole("checkbox", { name: /^Admin/ }));
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));
    await screen.findByDisplayValue("inv_ba9876543210_secret", {}, { timeout: 30_000 });
    expect(vi.mocked(execute)).toHaveBeenCalledWith(CreateApiTokenMutation, { name: "Deploy bot", permissions: ["READ", "ADMIN"] });
  });
});
