/**
 * The built SPA against the real app in headless Chromium: the story of a new user.
 *
 * sign up → empty state → create an invoice through the form (10 h × 150, 10 % tax)
 * → "$1,650.00" on the detail page → download the PDF (the same bytes as the REST
 * download) → the list shows it → mark paid (Edit locked) → generate an invoice from
 * the canonical prompt with the built-in provider → preview → create → the PDF again
 * byte-identical to the server's → generate with missing fields → edit all fields
 * → a hosted model (a fake Gemini) with the user's key: the key reaches the provider
 * and nowhere else → sign out → a protected route redirects to sign-in.
 *
 * Build, server, Chromium and the screenshot folder: e2e/support.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../server/modules/tokens/tokens.service.ts";
import type { TestDatabase } from "../server/test/database.ts";
import {
  CANONICAL_PROMPT,
  canonicalExtraction,
  geminiBadKey,
  ok,
  rateLimited,
  startFakeLlmServer,
  type FakeLlmServer,
} from "../server/test/fake-llm-server.ts";
import { animationsSettled, artifactsDir, ensureBuiltSpa, haveChromium, launchChromium, openSuitePage, startE2eServer, type E2eServer } from "./support.ts";

const SCREENSHOT = join(artifactsDir, "invoice-detail.png");
const GENERATE_SCREENSHOT = join(artifactsDir, "generate-preview.png");
const EMAIL = "ada@example.com";

describe.skipIf(!haveChromium)("the SPA in Chromium", () => {
  let database: TestDatabase;
  let llm: FakeLlmServer;
  let server: E2eServer;
  let baseUrl = "";
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuiltSpa();
    llm = await startFakeLlmServer();
    // Hosted models go to the fake provider; the built-in extractor needs nothing.
    server = await startE2eServer({ GEMINI_BASE_URL: llm.geminiBaseUrl, OPENAI_BASE_URL: llm.openaiBaseUrl, LLM_TIMEOUT_MS: 5_000 });
    ({ baseUrl, database } = server);
    browser = await launchChromium();
    ({ context, page } = await openSuitePage(browser, { width: 1360, height: 940 }, pageErrors));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await llm?.close();
  });

  /** Extra screenshots for design review: INVOBI_SCREENSHOTS=1. */
  async function shot(name: string, width?: number): Promise<void> {
    if (!process.env.INVOBI_SCREENSHOTS) return;
    const size = page.viewportSize()!;
    if (width) await page.setViewportSize({ width, height: size.height });
    await animationsSettled(page);
    await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
    if (width) await page.setViewportSize(size);
  }

  /** A REST token for the signed-in user, minted through the tokens service. */
  let restToken: string | null = null;
  async function bearer(): Promise<string> {
    if (!restToken) {
      const user = await database.prisma.user.findUniqueOrThrow({ where: { email: EMAIL } });
      restToken = (await createApiToken(database.prisma, user.id, { name: "e2e", permissions: ["read"] })).secret;
    }
    return `Bearer ${restToken}`;
  }

  /**
   * "Both download paths produce the same file for the same invoice": the PDF the SPA
   * draws in the browser (the download event) and GET /api/v1/invoices/:id/download.
   */
  async function expectSamePdfAsServer(invoiceId: string, on: Page = page): Promise<Buffer> {
    const [download] = await Promise.all([
      on.waitForEvent("download", { timeout: 60_000 }),
      on.getByRole("button", { name: "Download PDF" }).click(),
    ]);
    const browserBytes = readFileSync(await download.path());
    const response = await fetch(`${baseUrl}/api/v1/invoices/${invoiceId}/download`, { headers: { authorization: await bearer() } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/pdf");
    const serverBytes = Buffer.from(await response.arrayBuffer());
    expect(browserBytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(browserBytes.length).toBe(serverBytes.length);
    expect(browserBytes.equals(serverBytes)).toBe(true);
    return browserBytes;
  }

  it("serves the SPA shell with history fallback and sends anonymous visitors to sign-in", async () => {
    const shell = await fetch(`${baseUrl}/invoices/some-id`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<div id="root">');

    await page.goto(`${baseUrl}/invoices`);
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
  });

  let invoicePath = "";

  it("signs up and shows the empty state of a new account", async () => {
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL(/\/sign-up$/);
    await page.getByLabel("Your name").fill("Ada Lovelace");
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();

    await page.waitForURL(/\/invoices$/);
    await page.getByRole("heading", { name: "No invoices yet" }).waitFor();
    expect(await page.getByText(EMAIL).first().isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: "Generate one from words" }).getAttribute("href")).toBe("/invoices/generate");
    await shot("empty-state");
  });

  it("creates an invoice through the form with a live total", async () => {
    await page.getByRole("link", { name: "Create your first invoice" }).click();
    await page.waitForURL(/\/invoices\/new$/);

    // Submitting the untouched form shows the shared schema's errors on the fields.
    await page.getByRole("button", { name: "Create invoice" }).click();
    await page.getByText("Required").first().waitFor();
    expect(await page.getByLabel("Item 1 description").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Title").fill("Consulting, March");
    await page.getByLabel("Customer name").fill("Acme Corp");
    await page.getByLabel("Customer email").fill("billing@acme.example");
    await page.getByLabel("Item 1 description").fill("Consulting");
    await page.getByLabel("Item 1 quantity").fill("10");
    await page.getByLabel("Item 1 unit", { exact: true }).fill("h");
    await page.getByLabel("Item 1 unit price").fill("150");
    await page.getByRole("button", { name: "Add tax" }).click();
    await page.getByLabel("Tax 1 rate").fill("10");

    const previewTotal = page.getByTestId("preview-total");
    await expect.poll(() => previewTotal.textContent()).toBe("$1,650.00");
    expect(await page.getByTestId("preview-subtotal").textContent()).toBe("$1,500.00");

    await page.getByRole("button", { name: "Create invoice" }).click();
    await page.waitForURL(/\/invoices\/(?!new)[^/]+$/);
    invoicePath = new URL(page.url()).pathname;
  });

  it("shows the invoice with its exact totals", async () => {
    const total = page.getByTestId("invoice-total");
    await total.waitFor();
    expect(await total.textContent()).toBe("$1,650.00");
    const paper = page.getByRole("article", { name: /Invoice INV-/ });
    const text = await paper.innerText();
    expect(text).toContain("Acme Corp");
    expect(text).toContain("Consulting");
    expect(text).toContain("$1,500.00");
    expect(text).toMatch(/Tax 10%/);
    expect(text).toContain("$150.00");
    expect(await page.getByText("Draft").first().isVisible()).toBe(true);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it("downloads the invoice as a PDF rendered in the browser", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 60_000 }),
      page.getByRole("button", { name: "Download PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^INV-\d+\.pdf$/);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(5_000);

    // The REST download of the same invoice is the same file, byte for byte.
    await expectSamePdfAsServer(invoicePath.split("/").pop()!);
  });

  it("lists the invoice with its total and status", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoices" }).click();
    await page.waitForURL(/\/invoices$/);
    const row = page.getByRole("row", { name: /INV-/ });
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain("Acme Corp");
    expect(rowText).toContain("$1,650.00");
    expect(rowText).toContain("Draft");
    expect(await page.getByTestId("invoice-count").textContent()).toBe("1 invoice");
    await shot("invoice-list");

    // Filters come from the URL and reach the server.
    await page.getByRole("button", { name: "Paid", exact: true }).click();
    await page.getByRole("heading", { name: "No invoices match" }).waitFor();
    await page.getByRole("button", { name: "All", exact: true }).click();
    await page.getByRole("row", { name: /INV-/ }).waitFor();
  });

  it("marks the invoice paid", async () => {
    await page.getByRole("row", { name: /INV-/ }).getByRole("link").first().click();
    await page.waitForURL((url) => url.pathname === invoicePath);
    await page.getByRole("button", { name: "Mark as paid" }).click();
    const dialog = page.getByRole("dialog", { name: /as paid/ });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Payment date").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await dialog.getByRole("button", { name: "Mark as paid" }).click();
    await page.getByRole("button", { name: "Mark as unpaid" }).waitFor();
    expect(await page.locator(".page-title .badge-paid").textContent()).toContain("Paid");

    // A paid invoice cannot be edited; the disabled button says why.
    expect(await page.getByRole("link", { name: "Edit" }).count()).toBe(0);
    const edit = page.getByRole("button", { name: "Edit", exact: true });
    expect(await edit.getAttribute("aria-disabled")).toBe("true");
    await edit.hover();
    const tooltip = page.getByRole("tooltip");
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toMatch(/Paid invoices are locked/);
    await shot("paid-edit-locked");
  });

  let generatedPath = "";

  it("generates an invoice from the canonical prompt with the built-in provider", async () => {
    await page.getByRole("complementary").getByRole("link", { name: "Generate from words" }).click();
    await page.waitForURL(/\/invoices\/generate$/);
    await page.getByRole("heading", { name: "Generate from words" }).waitFor();
    await shot("generate-idle");

    // No key given: the built-in provider is the default, and no key field is shown.
    expect(await page.getByLabel("Who reads it").inputValue()).toBe("OFFLINE");
    expect(await page.locator('input[type="password"]').count()).toBe(0);

    await page.getByLabel("Describe the invoice").fill(CANONICAL_PROMPT);
    await page.getByRole("button", { name: "Preview invoice" }).click();

    const total = page.getByTestId("generated-total");
    await total.waitFor();
    expect(await total.textContent()).toBe("$1,650.00");
    expect(await page.getByTestId("generated-subtotal").textContent()).toBe("$1,500.00");
    const issued = (await page.getByTestId("preview-issued").getAttribute("data-date"))!;
    const due = (await page.getByTestId("preview-due").getAttribute("data-date"))!;
    expect(issued).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((Date.parse(due) - Date.parse(issued)) / 86_400_000).toBe(30);
    expect(await page.getByTestId("preview-due").innerText()).toContain("30 days");

    const preview = await page.getByTestId("generated-preview").innerText();
    expect(await page.getByLabel("Customer name").inputValue()).toBe("Acme Corp");
    expect(preview).toContain("Chase Bank");
    expect(preview).toContain("1234567890");
    expect(preview).toContain("Smith LLC");
    expect(preview).toMatch(/Tax 10%/);
    expect(await page.getByTestId("missing-warnings").count()).toBe(0);
    expect(await page.getByTestId("read-by").innerText()).toContain("built-in generator");
    // Toasts of earlier steps would cover the screenshot; they may also vanish on their own meanwhile.
    await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>(".toast-close").forEach((button) => button.click()));
    await page.mouse.move(0, 0);
    await animationsSettled(page); // the preview's entrance animation, closing toasts
    await page.screenshot({ path: GENERATE_SCREENSHOT, fullPage: true });
    await shot("generate-preview-narrow", 700);

    await page.getByRole("button", { name: "Save invoice" }).click();
    await page.waitForURL(/\/invoices\/(?!new|generate)[^/]+$/);
    generatedPath = new URL(page.url()).pathname;
    expect(generatedPath).not.toBe(invoicePath);
    const detailTotal = page.getByTestId("invoice-total");
    await detailTotal.waitFor();
    expect(await detailTotal.textContent()).toBe("$1,650.00");
    const paper = await page.getByRole("article", { name: /Invoice INV-/ }).innerText();
    expect(paper).toContain("Acme Corp");
    expect(paper).toContain("Chase Bank");
    expect(await page.getByText("Draft").first().isVisible()).toBe(true);
    // The invoice remembers the words it was generated from.
    expect(await page.locator("blockquote.prompt-quote").innerText()).toContain("10 hours of consulting at $150/hour");
  });

  it("downloads the generated invoice as the same PDF file the server renders", async () => {
    const bytes = await expectSamePdfAsServer(generatedPath.split("/").pop()!);
    expect(bytes.length).toBeGreaterThan(5_000);
  });

  it("renders a rich invoice (every field, discounts, line taxes, de-DE) to the same PDF as the server", async () => {
    // Created through GraphQL with the browser's own session cookie.
    const created = await page.evaluate(async () => {
      const response = await fetch("/graphql", {
        method: "POST",
        credentials: "include",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { __typename ... on CreateInvoiceSuccess { invoice { rawId } } ... on Error { message } } }`,
          variables: {
            input: {
              title: "Relaunch Phase 2 — Ünïcödé ✓",
              currency: "EUR",
              locale: "de-DE",
              issuedAt: "2026-03-02",
              dueAt: "2026-03-16",
              notes: "Danke schön!\nZahlbar ohne Abzug.",
              customer: { name: "Müller & Söhne GmbH", email: "rechnung@mueller.example", address: "Hauptstraße 5", city: "Köln", state: "NRW", zip: "50667", country: "Deutschland", ref: "K-0042" },
              fromDetails: [
                { label: "Name", value: "Studio Ada" },
                { label: "USt-IdNr.", value: "DE123456789" },
              ],
              paymentDetails: [
                { label: "IBAN", value: "DE89 3704 0044 0532 0130 00" },
                { label: "BIC", value: "COBADEFFXXX" },
              ],
              items: [
                { description: "Konzept & Workshops", quantity: "2.5", unit: "Tag", unitPrice: "1200", discountPercent: "10" },
                { description: "Lizenz (ermäßigt)", quantity: "3", unitPrice: "19.9999", taxPercent: "7", taxName: "USt" },
                { description: "Hosting", quantity: "12", unit: "Monat", unitPrice: "15" },
              ],
              discounts: [
                { kind: "PERCENT", value: "5", description: "Stammkunde" },
                { kind: "FIXED", value: "20" },
              ],
              taxes: [{ name: "USt", rate: "19" }],
            },
          },
        }),
      });
      return (await response.json()) as { data: { createInvoice: { __typename: string; invoice?: { rawId: string }; message?: string } } };
    });
    const result = created.data.createInvoice;
    expect(result.__typename, result.message).toBe("CreateInvoiceSuccess");
    const rawId = result.invoice!.rawId;
    await page.goto(`${baseUrl}/invoices/${rawId}`);
    await page.getByTestId("invoice-total").waitFor();
    const bytes = await expectSamePdfAsServer(rawId);

    // The same file whatever the browser's time zone and language (same session, another context).
    const elsewhere = await browser.newContext({
      viewport: { width: 1200, height: 900 },
      acceptDownloads: true,
      locale: "fr-FR",
      timezoneId: "Pacific/Chatham",
      storageState: await context.storageState(),
    });
    try {
      const other = await elsewhere.newPage();
      await other.goto(`${baseUrl}/invoices/${rawId}`);
      await other.getByTestId("invoice-total").waitFor();
      expect((await expectSamePdfAsServer(rawId, other)).equals(bytes)).toBe(true);
    } finally {
      await elsewhere.close();
    }
  });

  it("points out what the words did not say, and opens the editor prefilled", async () => {
    await page.goto(`${baseUrl}/invoices/generate`);
    await page.getByLabel("Describe the invoice").fill("10 hours of design at 80 EUR per hour");
    await page.getByRole("button", { name: "Preview invoice" }).click();
    await page.getByTestId("generated-total").waitFor();
    expect(await page.getByTestId("generated-total").textContent()).toBe("€800.00");
    const warnings = await page.getByTestId("missing-warnings").innerText();
    expect(warnings).toMatch(/Couldn't read: customer name/);
    expect(warnings).toMatch(/due date/i);
    await shot("generate-missing");

    await page.getByRole("button", { name: "Edit all fields" }).click();
    await page.waitForURL(/\/invoices\/new$/);
    await page.getByRole("heading", { name: "Review the generated invoice" }).waitFor();
    await shot("generate-editor");
    expect(page.url()).toBe(`${baseUrl}/invoices/new`);
    expect(await page.getByLabel("Item 1 description").inputValue()).toBe("Design");
    expect(await page.getByLabel("Currency").inputValue()).toBe("EUR");
    await expect.poll(() => page.getByTestId("preview-total").textContent()).toBe("€800.00");

    await page.getByLabel("Customer name").fill("Globex");
    await page.getByRole("button", { name: "Create invoice" }).click();
    await page.waitForURL(/\/invoices\/(?!new|generate)[^/]+$/);
    expect(await page.getByTestId("invoice-total").textContent()).toBe("€800.00");
    expect(await page.getByRole("article", { name: /Invoice INV-/ }).innerText()).toContain("Globex");
  });

  it("sends a hosted model the user's key for one request and keeps it nowhere else", async () => {
    const key = "AIzaE2E-secret-key-0123456789";
    await page.goto(`${baseUrl}/invoices/generate`);
    await page.getByLabel("Describe the invoice").fill(CANONICAL_PROMPT);
    await page.getByLabel("Who reads it").selectOption("GEMINI_25_FLASH");
    const keyField = page.getByLabel("Google AI Studio API key");
    expect(await keyField.getAttribute("type")).toBe("password");
    expect(await page.getByText("Never stored").isVisible()).toBe(true);

    // A key the provider rejects.
    llm.enqueue(geminiBadKey());
    await keyField.fill("AIza-wrong-key");
    await page.getByRole("button", { name: "Preview invoice" }).click();
    await page.getByText("The API key was rejected").waitFor();
    await shot("generate-bad-key");

    // Rate limited: the provider's Retry-After is counted down on the button.
    llm.enqueue(rateLimited("17"));
    await keyField.fill(key);
    await page.getByRole("button", { name: "Preview invoice" }).click();
    await page.getByText(/rate limiting/).first().waitFor();
    const wait = page.getByRole("button", { name: /Try again in \d+ s/ });
    await wait.waitFor();
    expect(await wait.isDisabled()).toBe(true);
    await shot("generate-rate-limited");

    // A working answer, after the wait (the countdown only applies to the same provider).
    llm.reply(ok(canonicalExtraction()));
    await page.getByLabel("Who reads it").selectOption("GEMINI_25_PRO");
    await keyField.fill(key);
    await page.getByRole("button", { name: "Preview invoice" }).click();
    await page.getByTestId("generated-total").waitFor();
    expect(await page.getByTestId("generated-total").textContent()).toBe("$1,650.00");
    expect(await page.getByTestId("read-by").innerText()).toContain("gemini-2.5-pro");

    const last = llm.requests.at(-1)!;
    expect(last.headers.authorization).toBe(`Bearer ${key}`);
    const traces = await page.evaluate(() => ({
      url: location.href,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      history: JSON.stringify(history.state),
      cookie: document.cookie,
    }));
    for (const trace of Object.values(traces)) expect(trace).not.toContain(key);

    // Leaving the page forgets the key; the preview is kept for "Back to the preview".
    await page.getByRole("button", { name: "Edit all fields" }).click();
    await page.waitForURL(/\/invoices\/new$/);
    expect(JSON.stringify(await page.evaluate(() => history.state))).not.toContain(key);
    await page.getByRole("link", { name: "Back to the preview" }).click();
    await page.waitForURL(/\/invoices\/generate$/);
    await page.getByTestId("generated-total").waitFor();
    expect(await page.getByLabel("Google AI Studio API key").inputValue()).toBe("");
  });

  it("signs out, and protected routes redirect to sign-in", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${baseUrl}${invoicePath}`);
    await page.waitForURL(/\/sign-in\?redirect=/);
    expect(decodeURIComponent(new URL(page.url()).searchParams.get("redirect") ?? "")).toBe(invoicePath);
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
