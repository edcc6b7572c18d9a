import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { operationName } from "../../testing/graphql.ts";
import { renderApp } from "../../testing/render-app.tsx";
import type { CreateInvoiceMutationVariables, GenerateInvoiceMutation, GenerateInvoiceMutationVariables } from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import { ViewerQuery } from "../../lib/viewer.ts";
import { GenerateInvoiceMutation as GenerateDocument, SavedPromptQuery, SavedPromptsQuery } from "./documents.ts";
import { promptGlobalId } from "./queries.ts";
import { saveGenerateSession } from "./session.ts";
import { CANONICAL_PREVIEW, generated } from "./test-fixtures.ts";
import { testViewer } from "../../testing/fixtures.ts";

const viewer = testViewer;

type GenerateResult = GenerateInvoiceMutation["generateInvoice"];
let answer: GenerateResult = { __typename: "GenerateInvoiceSuccess", generatedInvoice: generated() };
const generateCalls: GenerateInvoiceMutationVariables[] = [];
let savedPrompts: { id: string; rawId: string; text: string }[] = [];
/** Prompts only node(id:) finds (older than the picker's page). */
let olderPrompts: { id: string; rawId: string; text: string }[] = [];
const createCalls: CreateInvoiceMutationVariables[] = [];
/** What createInvoice answers; by default it never does (the tests look at what was sent). */
let createAnswer: () => Promise<unknown> = () => new Promise(() => {});

vi.mock("../../lib/graphql-client.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../lib/graphql-client.ts")>();
  return { ...original, execute: vi.fn() };
});

beforeEach(() => {
  answer = { __typename: "GenerateInvoiceSuccess", generatedInvoice: generated() };
  generateCalls.length = 0;
  savedPrompts = [];
  olderPrompts = [];
  createCalls.length = 0;
  createAnswer = () => new Promise(() => {});
  saveGenerateSession(null);
  localStorage.clear();
  sessionStorage.clear();
  vi.mocked(execute).mockImplementation((async (document: unknown, variables?: unknown) => {
    if (document === ViewerQuery) return { viewer };
    if (document === SavedPromptsQuery) return { prompts: { edges: savedPrompts.map((node) => ({ node })) } };
    if (document === SavedPromptQuery) {
      const found = [...savedPrompts, ...olderPrompts].find((p) => promptGlobalId(p.rawId) === (variables as { id: string }).id);
      return { node: found ? { __typename: "Prompt", ...found } : null };
    }
    if (operationName(document) === "CreateInvoice") {
      createCalls.push(variables as CreateInvoiceMutationVariables);
      return { createInvoice: await createAnswer() };
    }
    if (document === GenerateDocument) {
      generateCalls.push(variables as GenerateInvoiceMutationVariables);
      return { generateInvoice: answer };
    }
    throw new Error("unexpected document");
  }) as typeof execute);
});

afterEach(cleanup);

async function renderGeneratePage(url = "/invoices/generate") {
  const { router } = renderApp(url);
  // The page is its own chunk: the first import can be slow on a busy machine.
  await screen.findByRole("heading", { name: "Generate from words" });
  return router;
}

const promptBox = () => screen.getByLabelText("Describe the invoice") as HTMLTextAreaElement;
const providerSelect = () => screen.getByLabelText("Who reads it") as HTMLSelectElement;
const preview = () => fireEvent.click(screen.getByRole("button", { name: /Preview invoice/ }));
const input = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string | RegExp, value: string) => fireEvent.change(input(label), { target: { value } });
const text = (testId: string) => screen.getByTestId(testId).textContent;
const errorOf = (field: HTMLElement) =>
  (field.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" ");

async function previewCanonical() {
  fireEvent.click(screen.getByRole("button", { name: "Example: Consulting for Acme" }));
  preview();
  await screen.findByTestId("generated-total");
}

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
    expect(input("Customer name").value).toBe("Acme Corp");
    expect(within(paper).getByText("Chase Bank")).toBeTruthy();
    expect(input("Due date").value).toBe("2026-04-09");
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
    answer = { __typename: "GenerateInvoiceSuccess", generatedInvoice: generated({ provider: "GEMINI_25_FLASH", model: "gemini-2.5-flash", attempts: 1 }) };
    preview();
    await screen.findByTestId("generated-total");
    expect(generateCalls).toEqual([
      { input: { provider: "GEMINI_25_FLASH", save: false, prompt: "10 hours of consulting at $150/hour for Acme Corp" }, apiKey: key },
    ]);
    expect(screen.getByTestId("read-by").textContent).toContain("gemini-2.5-flash");
    expect(browserTraces(router)).not.toContain(key);

    expect((screen.getByLabelText("Remember on this device") as HTMLInputElement).checked).toBe(false);
    expect(localStorage.length).toBe(0);

    // Opening the editor hands over the invoice, not the key.
    fireEvent.click(screen.getByRole("button", { name: "Edit all fields" }));
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
      __typename: "GenerateInvoiceSuccess",
      generatedInvoice: generated({ missing: ["to.name", "dueDate"], preview: { ...CANONICAL_PREVIEW, customerName: null, toDetails: [] } }),
    };
    await renderGeneratePage();
    fireEvent.change(promptBox(), { target: { value: "10 hours of design at 80 EUR per hour" } });
    preview();
    const warnings = await screen.findByTestId("missing-warnings");
    expect(warnings.getAttribute("role")).toBe("status");
    expect(within(warnings).getByText("Couldn't read: customer name and due date")).toBeTruthy();
    expect(warnings.textContent).toContain("Set to Apr 9, 2026, 30 days after the issue date.");
    // Both can be filled in right in the preview: saving stays the suggested next step.
    expect(screen.getByRole("button", { name: "Save invoice" }).className).toContain("btn-primary");

    // Filling them in there answers the notes.
    type("Customer name", "Globex");
    expect(within(screen.getByTestId("missing-warnings")).getByText("Couldn't read: due date")).toBeTruthy();
    type("Due date", "2026-04-20");
    expect(screen.queryByTestId("missing-warnings")).toBeNull();
  });

  it("suggests the full editor for what the preview cannot change", async () => {
    answer = { __typename: "GenerateInvoiceSuccess", generatedInvoice: generated({ missing: ["paymentDetails"] }) };
    await renderGeneratePage();
    await previewCanonical();
    expect(screen.getByRole("button", { name: "Edit all fields" }).className).toContain("btn-primary");
    expect(screen.getByRole("button", { name: "Save invoice" }).className).toContain("btn-secondary");
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

describe("The editable preview", () => {
  it("recomputes the totals exactly as a quantity is edited", async () => {
    await renderGeneratePage();
    await previewCanonical();
    expect(text("generated-subtotal")).toBe("$1,500.00");
    expect(text("generated-total")).toBe("$1,650.00");
    expect(input("Item 1 quantity").value).toBe("10");
    expect(input("Item 1 unit price (USD)").value).toBe("150");

    type("Item 1 quantity", "12");
    expect(text("line-1-amount")).toBe("$1,800.00");
    expect(text("generated-subtotal")).toBe("$1,800.00");
    expect(text("generated-total")).toBe("$1,980.00");

    // Still typing: "12." is 12 so far, and nothing is flagged.
    type("Item 1 quantity", "12.");
    expect(text("generated-total")).toBe("$1,980.00");
    expect(input("Item 1 quantity").getAttribute("aria-invalid")).toBeNull();
    fireEvent.blur(input("Item 1 quantity"));
    expect(input("Item 1 quantity").value).toBe("12");

    // Exact to the cent: 12.5 × 150.0025 = 1,875.03125 → $1,875.03; 10 % tax → $187.50.
    type("Item 1 quantity", "12.5");
    type("Item 1 unit price (USD)", "150.0025");
    expect(text("generated-subtotal")).toBe("$1,875.03");
    expect(text("generated-total")).toBe("$2,062.53");
  });

  it("flags a wrong value on its field and keeps totalling the other lines", async () => {
    await renderGeneratePage();
    await previewCanonical();
    type("Item 1 quantity", "12");

    fireEvent.click(screen.getByRole("button", { name: "Add item" }));
    expect(document.activeElement).toBe(input("Item 2 description"));
    expect(screen.getByText(/Item 2 is not in the totals until it has a valid quantity and price/)).toBeTruthy();
    type("Item 2 description", "Travel");
    type("Item 2 unit price (USD)", "80.50");
    // The invoice's 10 % tax applies to the new line too: (1,800 + 80.50) × 1.1.
    expect(text("line-2-amount")).toBe("$80.50");
    expect(text("generated-total")).toBe("$2,068.55");

    type("Item 2 unit price (USD)", "80,50");
    const price = input("Item 2 unit price (USD)");
    expect(price.getAttribute("aria-invalid")).toBe("true");
    expect(errorOf(price)).toContain("Use a dot for decimals: 80.50");
    expect(text("generated-total")).toBe("$1,980.00");
    type("Item 1 quantity", "1e3");
    expect(errorOf(input("Item 1 quantity"))).toContain("Enter a number");
    expect(text("generated-total")).toBe("$0.00");
    type("Item 1 quantity", "12");
    type("Item 2 unit price (USD)", "80.12345678");
    expect(errorOf(input("Item 2 unit price (USD)"))).toContain("At most 6 decimal places");

    // Saving is refused while something is wrong, and the wrong field gets the focus.
    fireEvent.click(screen.getByRole("button", { name: "Save invoice" }));
    expect(createCalls).toHaveLength(0);
    expect(document.activeElement).toBe(input("Item 2 unit price (USD)"));

    // Removing the line brings the totals back.
    fireEvent.click(screen.getByRole("button", { name: "Remove item 2" }));
    expect(screen.queryByLabelText("Item 2 description")).toBeNull();
    expect(text("generated-total")).toBe("$1,980.00");
    expect((screen.getByRole("button", { name: "Remove item 1" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("saves exactly the edited invoice", async () => {
    await renderGeneratePage();
    await previewCanonical();
    type("Item 1 quantity", "12");
    type("Title", "Consulting, March");
    type("Customer name", "Acme Corporation");
    fireEvent.click(screen.getByRole("button", { name: "Add item" }));
    type("Item 2 description", "Travel");
    type("Item 2 unit price (USD)", "80.5");
    expect(text("generated-total")).toBe("$2,068.55");

    fireEvent.click(screen.getByRole("button", { name: "Save invoice" }));
    await waitFor(() => expect(createCalls).toHaveLength(1));
    const sent = createCalls[0]!;
    expect(sent.input.items).toEqual([
      { description: "Consulting", quantity: "12", unit: "hour", unitPrice: "150", discountPercent: null, taxPercent: null, taxName: null },
      { description: "Travel", quantity: "1", unit: null, unitPrice: "80.5", discountPercent: null, taxPercent: null, taxName: null },
    ]);
    expect(sent.input).toMatchObject({
      title: "Consulting, March",
      issuedAt: "2026-03-10",
      dueAt: "2026-04-09",
      currency: "USD",
      customer: { name: "Acme Corporation" },
      taxes: [{ name: "Tax", rate: "10" }],
      paymentDetails: [
        { label: "Bank", value: "Chase Bank" },
        { label: "Account", value: "1234567890" },
      ],
    });
    expect(sent.input).not.toHaveProperty("number");
    expect(sent.input.origin).toMatchObject({ llmProvider: "offline" });
    expect(sent.input.origin?.promptText).toContain("10 hours of consulting");
  });

  it("checks what the server would refuse before sending, and shows the server's own answer on the field", async () => {
    await renderGeneratePage();
    await previewCanonical();
    type("Item 1 description", "");
    type("Due date", "2026-03-01");
    fireEvent.click(screen.getByRole("button", { name: "Save invoice" }));
    expect(createCalls).toHaveLength(0);
    expect(errorOf(input("Item 1 description"))).toContain("Required");
    expect(errorOf(input("Due date"))).toContain("Must not be before the issue date");
    expect(document.activeElement).toBe(input("Due date"));

    type("Item 1 description", "Consulting");
    type("Due date", "2026-04-09");
    createAnswer = async () => ({
      __typename: "ValidationError",
      message: "Invalid invoice",
      code: "VALIDATION",
      issues: [{ path: ["items", "0", "unitPrice"], message: "is not accepted here" }],
    });
    fireEvent.click(screen.getByRole("button", { name: "Save invoice" }));
    await waitFor(() => expect(errorOf(input("Item 1 unit price (USD)"))).toContain("Is not accepted here"));
    expect(createCalls).toHaveLength(1);
    // Changing the field answers the message.
    type("Item 1 unit price (USD)", "151");
    expect(input("Item 1 unit price (USD)").getAttribute("aria-invalid")).toBeNull();
  });

  it("hands the edited invoice to the full editor", async () => {
    await renderGeneratePage();
    await previewCanonical();
    type("Item 1 quantity", "12");
    fireEvent.click(screen.getByRole("button", { name: "Edit all fields" }));
    await screen.findByRole("heading", { name: "Review the generated invoice" });
    expect(input("Item 1 quantity").value).toBe("12");

    // Back on the generate page, the edits are still there.
    fireEvent.click(screen.getByRole("link", { name: /Back to the preview/ }));
    await screen.findByTestId("generated-total");
    expect(input("Item 1 quantity").value).toBe("12");
    expect(text("generated-total")).toBe("$1,980.00");
  });

  it("discards the preview and keeps the words", async () => {
    await renderGeneratePage();
    await previewCanonical();
    const words = promptBox().value;
    fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    expect(screen.queryByTestId("generated-preview")).toBeNull();
    expect(screen.getByRole("heading", { name: "Your invoice appears here" })).toBeTruthy();
    expect(promptBox().value).toBe(words);
    expect(document.activeElement).toBe(promptBox());

    // With edits, it asks first.
    preview();
    await screen.findByTestId("generated-total");
    type("Item 1 quantity", "12");
    fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    const dialog = screen.getByRole("dialog", { name: "Discard this preview and your edits?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Keep editing" }));
    expect(input("Item 1 quantity").value).toBe("12");
    fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Discard" }));
    expect(screen.queryByTestId("generated-preview")).toBeNull();
    expect(promptBox().value).toBe(words);

    // A new preview starts from the server's answer again.
    preview();
    await screen.findByTestId("generated-total");
    expect(input("Item 1 quantity").value).toBe("10");
  });

  it("asks before a new preview replaces an edited one", async () => {
    await renderGeneratePage();
    await previewCanonical();
    const again = () => fireEvent.click(screen.getByRole("button", { name: "Preview again" }));

    // Not edited: previews again straight away.
    again();
    await waitFor(() => expect(generateCalls).toHaveLength(2));
    await screen.findByTestId("generated-total");

    type("Item 1 quantity", "12");
    again();
    const dialog = screen.getByRole("dialog", { name: "Replace your edited preview?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Keep my edits" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(generateCalls).toHaveLength(2);
    expect(input("Item 1 quantity").value).toBe("12");
    expect(text("generated-total")).toBe("$1,980.00");

    // Ctrl+Enter in the box asks too.
    fireEvent.keyDown(promptBox(), { key: "Enter", ctrlKey: true });
    fireEvent.click(within(screen.getByRole("dialog", { name: "Replace your edited preview?" })).getByRole("button", { name: "Preview again" }));
    await waitFor(() => expect(generateCalls).toHaveLength(3));
    await waitFor(() => expect(input("Item 1 quantity").value).toBe("10"));
    expect(text("generated-total")).toBe("$1,650.00");
  });
});

describe("Remember the API key on this device", () => {
  const key = "AIza-remember-me-0042";
  const remember = () => screen.getByLabelText("Remember on this device") as HTMLInputElement;

  it("keeps the key in memory only, unless asked", async () => {
    await renderGeneratePage();
    fireEvent.change(providerSelect(), { target: { value: "GEMINI_25_FLASH" } });
    expect(remember().checked).toBe(false);
    type("Google AI Studio API key", key);
    expect(localStorage.length).toBe(0);
    expect(screen.getByText(/Sent only to your Invobi server, with each preview/)).toBeTruthy();
  });

  it("stores it per vendor when ticked, fills it in next time, and deletes it when unticked", async () => {
    await renderGeneratePage();
    fireEvent.change(providerSelect(), { target: { value: "GEMINI_25_FLASH" } });
    type("Google AI Studio API key", key);
    fireEvent.click(remember());
    expect(remember().checked).toBe(true);
    expect(localStorage.getItem("invobi.llmKey.gemini")).toBe(key);
    expect(screen.getByText(/Saved in this browser and filled in next time/)).toBeTruthy();
    // Edits follow while ticked.
    type("Google AI Studio API key", `${key}9`);
    expect(localStorage.getItem("invobi.llmKey.gemini")).toBe(`${key}9`);

    // Another vendor has its own (none yet): the Gemini key is not offered to OpenAI.
    fireEvent.change(providerSelect(), { target: { value: "GPT_4O" } });
    expect(input("OpenAI API key").value).toBe("");
    expect(remember().checked).toBe(false);

    // Next visit: filled in for Gemini models.
    cleanup();
    await renderGeneratePage();
    fireEvent.change(providerSelect(), { target: { value: "GEMINI_25_PRO" } });
    expect(input("Google AI Studio API key").value).toBe(`${key}9`);
    expect(remember().checked).toBe(true);
    fireEvent.change(promptBox(), { target: { value: "10 hours of consulting at $150/hour" } });
    preview();
    await screen.findByTestId("generated-total");
    expect(generateCalls.at(-1)!.apiKey).toBe(`${key}9`);

    // Unticking deletes it at once; the key stays for this page.
    fireEvent.click(remember());
    expect(localStorage.getItem("invobi.llmKey.gemini")).toBeNull();
    expect(localStorage.length).toBe(0);
    expect(input("Google AI Studio API key").value).toBe(`${key}9`);
  });
});

describe("Starting from a saved prompt in the URL", () => {
  it("selects the prompt and puts its words in the box", async () => {
    savedPrompts = [
      { id: promptGlobalId("p1"), rawId: "p1", text: "Monthly retainer for Initech: $2,400. Net 15." },
      { id: promptGlobalId("p2"), rawId: "p2", text: "Logo design for Hooli: $900." },
    ];
    const router = await renderGeneratePage("/invoices/generate?promptId=p2");
    await waitFor(() => expect(promptBox().value).toBe("Logo design for Hooli: $900."));
    const picker = screen.getByLabelText("Or start from a saved prompt") as HTMLSelectElement;
    expect(picker.value).toBe("p2");

    // The URL follows the picker.
    fireEvent.change(picker, { target: { value: "p1" } });
    await waitFor(() => expect(router.state.location.search).toEqual({ promptId: "p1" }));
    expect(promptBox().value).toBe("Monthly retainer for Initech: $2,400. Net 15.");
    fireEvent.change(promptBox(), { target: { value: "Monthly retainer for Initech: $2,500." } });
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(promptBox().value).toBe("Monthly retainer for Initech: $2,500.");
  });

  it("finds a prompt older than the picker's page, and says when there is none", async () => {
    olderPrompts = [{ id: promptGlobalId("old1"), rawId: "old1", text: "Quarterly audit for Umbrella: $5,000." }];
    await renderGeneratePage("/invoices/generate?promptId=old1");
    await waitFor(() => expect(promptBox().value).toBe("Quarterly audit for Umbrella: $5,000."));
    expect((screen.getByLabelText("Or start from a saved prompt") as HTMLSelectElement).value).toBe("old1");
    preview();
    await screen.findByTestId("generated-total");
    expect(generateCalls[0]!.input).toMatchObject({ promptId: "old1" });

    cleanup();
    saveGenerateSession(null);
    const router = await renderGeneratePage("/invoices/generate?promptId=gone");
    expect(await screen.findByText("That saved prompt was not found")).toBeTruthy();
    expect(promptBox().value).toBe("");
    await waitFor(() => expect(router.state.location.search).toEqual({}));
  });
});
