import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryHistory, RouterProvider } from "@tanstack/react-router";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ToastProvider } from "../../components/toast.tsx";
import type { GenerateInvoiceMutation, GenerateInvoiceMutationVariables } from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import { createAppRouter } from "../../router.tsx";
import { ViewerQuery } from "../auth/documents.ts";
import { GenerateInvoiceMutation as GenerateDocument, SavedPromptsQuery } from "./documents.ts";
import { saveGenerateSession } from "./session.ts";
import { generated } from "./test-fixtures.ts";

const viewer = {
  id: "u1",
  email: "ada@example.com",
  displayName: "Ada",
  businessName: null,
  businessDetails: [],
  defaultCurrency: "USD",
  locale: "en-US",
  timezone: "UTC",
  invoiceNumberPrefix: "INV-",
  invoiceNumberDigits: 4,
  createdAt: "2026-01-01T00:00:00.000Z",
};

type GenerateResult = GenerateInvoiceMutation["generateInvoice"];
let answer: GenerateResult = { __typename: "MutationGenerateInvoiceSuccess", data: generated() };
const generateCalls: GenerateInvoiceMutationVariables[] = [];
let savedPrompts: { id: string; rawId: string; text: string }[] = [];

vi.mock("../../lib/graphql-client.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../lib/graphql-client.ts")>();
  return { ...original, execute: vi.fn() };
});

beforeEach(() => {
  answer = { __typename: "MutationGenerateInvoiceSuccess", data: generated() };
  generateCalls.length = 0;
  savedPrompts = [];
  saveGenerateSession(null);
  localStorage.clear();
  sessionStorage.clear();
  vi.mocked(execute).mockImplementation((async (document: unknown, variables?: unknown) => {
    if (document === ViewerQuery) return { viewer };
    if (document === SavedPromptsQuery) return { prompts: { edges: savedPrompts.map((node) => ({ node })) } };
    if (document === GenerateDocument) {
      generateCalls.push(variables as GenerateInvoiceMutationVariables);
      return { generateInvoice: answer };
    }
    throw new Error("unexpected document");
  }) as typeof execute);
});

afterEach(cleanup);

async function renderGeneratePage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createAppRouter(queryClient, createMemoryHistory({ initialEntries: ["/invoices/generate"] }));
  render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>,
  );
  await screen.findByRole("heading", { name: "Generate from words" });
  return router;
}

const promptBox = () => screen.getByLabelText("Describe the invoice") as HTMLTextAreaElement;
const providerSelect = () => screen.getByLabelText("Who reads it") as HTMLSelectElement;
const preview = () => fireEvent.click(screen.getByRole("button", { name: /Preview invoice/ }));

/** Everything the browser could keep: storage, the URL, history state. */
function browserTraces(router: Awaited<ReturnType<typeof renderGeneratePage>>): string {
  const storage = (store: Storage) => JSON.stringify(Object.fromEntries(Array.from({ length: store.length }, (_, i) => [store.key(i), store.getItem(store.key(i)!)])));
  return [
    storage(localStorage),
    storage(sessionStorage),
    window.location.href,
    JSON.stringify(window.history.state),
    router.state.location.href,
    JSON.stringify(router.state.location.state),
    document.cookie,
  ].join("\n");
}

describe("Generate from words", () => {
  it("uses the built-in provider by default: no key field, and no key is sent", async () => {
    await renderGeneratePage();
    expect(providerSelect().value).toBe("OFFLINE");
    expect(screen.getByRole("option", { name: "Built-in (offline, no key)" })).toBeTruthy();
    expect(document.querySelector('input[type="password"]')).toBeNull();

    // An example prompt fills the box.
    fireEvent.click(screen.getByRole("button", { name: "Example: Consulting for Acme" }));
    expect(promptBox().value).toMatch(/^Create an invoice for 10 hours of consulting at \$150\/hour for Acme Corp/);
    preview();

    await screen.findByTestId("generated-total");
    expect(generateCalls).toHaveLength(1);
    expect(generateCalls[0]!.input).toMatchObject({ provider: "OFFLINE", save: false });
    expect(generateCalls[0]!.input.prompt).toContain("Chase Bank account 1234567890");
    expect(generateCalls[0]).not.toHaveProperty("apiKey");

    const paper = screen.getByTestId("generated-preview");
    expect(screen.getByTestId("generated-total").textContent).toBe("$1,650.00");
    expect(within(paper).getByText("Acme Corp")).toBeTruthy();
    expect(within(paper).getByText("Chase Bank")).toBeTruthy();
    expect(screen.getByTestId("preview-due").textContent).toContain("30 days");
    expect(screen.queryByTestId("missing-warnings")).toBeNull();
  });

  it("asks for a key for hosted models, sends it once, and never keeps it in storage, the URL or history", async () => {
    const key = "AIza-client-test-secret-42";
    const router = await renderGeneratePage();
    fireEvent.change(promptBox(), { target: { value: "10 hours of consulting at $150/hour for Acme Corp" } });
    fireEvent.change(providerSelect(), { target: { value: "GEMINI_25_FLASH" } });

    const keyField = screen.getByLabelText("Google AI Studio API key") as HTMLInputElement;
    expect(keyField.type).toBe("password");
    expect(screen.getByText(/Never stored: not in this browser, not on the server, not in the URL/)).toBeTruthy();

    // No key yet: the page says so and sends nothing.
    preview();
    expect(await screen.findByText(/Paste your Google AI Studio API key/)).toBeTruthy();
    expect(generateCalls).toHaveLength(0);

    fireEvent.change(keyField, { target: { value: key } });
    answer = { __typename: "MutationGenerateInvoiceSuccess", data: generated({ provider: "GEMINI_25_FLASH", model: "gemini-2.5-flash", attempts: 1 }) };
    preview();
    await screen.findByTestId("generated-total");
    expect(generateCalls).toEqual([
      { input: { provider: "GEMINI_25_FLASH", save: false, prompt: "10 hours of consulting at $150/hour for Acme Corp" }, apiKey: key },
    ]);
    expect(screen.getByTestId("read-by").textContent).toContain("gemini-2.5-flash");
    expect(browserTraces(router)).not.toContain(key);

    // Opening the editor hands over the invoice, not the key.
    fireEvent.click(screen.getByRole("button", { name: "Edit before creating" }));
    await screen.findByRole("heading", { name: "Review the generated invoice" });
    expect(router.state.location.pathname).toBe("/invoices/new");
    expect((screen.getByLabelText("Customer name") as HTMLInputElement).value).toBe("Acme Corp");
    expect(browserTraces(router)).not.toContain(key);

    // Back on the generate page the preview is still there; the key is gone.
    fireEvent.click(screen.getByRole("link", { name: /Back to the preview/ }));
    await screen.findByTestId("generated-total");
    expect((screen.getByLabelText("Google AI Studio API key") as HTMLInputElement).value).toBe("");
    expect(browserTraces(router)).not.toContain(key);
  });

  it("shows base URL and model fields for an OpenAI-compatible server", async () => {
    await renderGeneratePage();
    fireEvent.change(providerSelect(), { target: { value: "OPENAI_COMPATIBLE" } });
    expect(screen.getByLabelText("Base URL")).toBeTruthy();
    expect(screen.getByLabelText("Model")).toBeTruthy();
    expect(screen.getByLabelText("API key (optional)")).toBeTruthy();
  });

  it("renders what the words did not say as warnings", async () => {
    answer = {
      __typename: "MutationGenerateInvoiceSuccess",
      data: generated({ missing: ["to.name", "dueDate"] }),
    };
    await renderGeneratePage();
    fireEvent.change(promptBox(), { target: { value: "10 hours of design at 80 EUR per hour" } });
    preview();
    const warnings = await screen.findByTestId("missing-warnings");
    expect(warnings.getAttribute("role")).toBe("status");
    expect(within(warnings).getByText("Couldn't read: customer name and due date")).toBeTruthy();
    expect(warnings.textContent).toContain("Set to Apr 9, 2026, 30 days after the issue date.");
    // With something missing, reviewing in the editor is the suggested next step.
    expect(screen.getByRole("button", { name: "Edit before creating" }).className).toContain("btn-primary");
  });

  it("explains generation errors: rate limits count down, incomplete prompts say what is missing", async () => {
    answer = {
      __typename: "GenerationError",
      message: "The LLM provider is rate limiting requests; retry after 30 s",
      code: "LLM_RATE_LIMITED",
      status: 429,
      retryAfterSeconds: 30,
      missing: [],
    };
    await renderGeneratePage();
    fireEvent.change(promptBox(), { target: { value: "10 hours of consulting at $150/hour" } });
    fireEvent.change(providerSelect(), { target: { value: "GPT_4O_MINI" } });
    fireEvent.change(screen.getByLabelText("OpenAI API key"), { target: { value: "sk-test" } });
    preview();
    expect(await screen.findByText("GPT-4o mini is rate limiting your key")).toBeTruthy();
    const wait = (await screen.findByRole("button", { name: /Try again in (30|29) s/ })) as HTMLButtonElement;
    expect(wait.disabled).toBe(true);
    expect(screen.getByRole("button", { name: "Use the built-in generator" })).toBeTruthy();

    answer = {
      __typename: "GenerationError",
      message: "The prompt does not say everything an invoice needs — items: …",
      code: "INVOICE_INCOMPLETE",
      status: 422,
      retryAfterSeconds: null,
      missing: ["items"],
    };
    fireEvent.click(screen.getByRole("button", { name: "Use the built-in generator" }));
    expect(providerSelect().value).toBe("OFFLINE");
    fireEvent.change(promptBox(), { target: { value: "Bill Acme for some consulting" } });
    preview();
    expect(await screen.findByText("Your description is missing something an invoice needs")).toBeTruthy();
    expect(screen.getByTestId("generation-error").textContent).toContain("What you are billing for");
  });

  it("starts from a saved prompt and sends its id", async () => {
    savedPrompts = [{ id: "UHJvbXB0OnAx", rawId: "p1", text: "Monthly retainer for Initech: $2,400. Net 15." }];
    await renderGeneratePage();
    const picker = (await screen.findByLabelText("Or start from a saved prompt")) as HTMLSelectElement;
    fireEvent.change(picker, { target: { value: "p1" } });
    expect(promptBox().value).toBe("Monthly retainer for Initech: $2,400. Net 15.");
    preview();
    await screen.findByTestId("generated-total");
    expect(generateCalls[0]!.input).toMatchObject({ promptId: "p1", prompt: "Monthly retainer for Initech: $2,400. Net 15." });

    // Editing the words makes them the user's own: the saved prompt is no longer the origin.
    fireEvent.change(promptBox(), { target: { value: "Monthly retainer for Initech: $2,500. Net 15." } });
    expect(picker.value).toBe("");
  });
});
