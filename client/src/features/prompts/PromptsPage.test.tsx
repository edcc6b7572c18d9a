import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { forgetGenerateSession } from "../../testing/app-state.ts";
import { operationName } from "../../testing/graphql.ts";
import { renderApp } from "../../testing/render-app.tsx";
import { execute } from "../../lib/graphql-client.ts";
import { ViewerQuery } from "../../lib/viewer.ts";
import { LabelsQuery, PromptsQuery } from "./documents.ts";
import { testViewer } from "../../testing/fixtures.ts";

const viewer = testViewer;

const prompts = [
  { id: "UHJvbXB0OnAx", rawId: "p1", text: "Monthly retainer for Initech: $2,400. Net 15." },
  { id: "UHJvbXB0OnAy", rawId: "p2", text: "Logo design for Hooli: $900, 19% VAT." },
];

vi.mock("../../lib/graphql-client.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../lib/graphql-client.ts")>();
  return { ...original, execute: vi.fn() };
});

beforeEach(() => {
  forgetGenerateSession();
  vi.mocked(execute).mockImplementation((async (document: unknown) => {
    if (document === ViewerQuery) return { viewer };
    if (document === LabelsQuery) return { labels: [] };
    if (document === PromptsQuery) {
      return {
        prompts: {
          pageInfo: { hasNextPage: false, endCursor: null },
          edges: prompts.map((p) => ({
            cursor: p.rawId,
            node: { ...p, createdAt: "2026-03-01T10:00:00.000Z", updatedAt: "2026-03-01T10:00:00.000Z", labels: [] },
          })),
        },
      };
    }
    if (operationName(document) === "SavedPrompts") return { prompts: { edges: prompts.map((node) => ({ node })) } };
    throw new Error("unexpected document");
  }) as typeof execute);
});

afterEach(cleanup);

describe("Prompts library", () => {
  it("generates an invoice from a saved prompt: the generate page opens with it selected and its words in the box", async () => {
    const { router } = renderApp("/prompts");
    const card = (await screen.findByText("Logo design for Hooli: $900, 19% VAT.")).closest("article")!;
    const action = within(card).getByRole("link", { name: "Generate from this prompt" });
    expect(action.getAttribute("href")).toBe("/invoices/generate?promptId=p2");

    fireEvent.click(action);
    await screen.findByRole("heading", { name: "Generate from words" });
    expect(router.state.location.pathname).toBe("/invoices/generate");
    expect(router.state.location.search).toEqual({ promptId: "p2" });
    const words = screen.getByLabelText("Describe the invoice") as HTMLTextAreaElement;
    await waitFor(() => expect(words.value).toBe("Logo design for Hooli: $900, 19% VAT."));
    expect((screen.getByLabelText("Or start from a saved prompt") as HTMLSelectElement).value).toBe("p2");
  });
});
