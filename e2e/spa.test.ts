/**
 * The built SPA against the real app in headless Chromium: the story of a new user.
 *
 * sign up → empty state → create an invoice through the form (10 h × 150, 10 % tax)
 * → "$1,650.00" on the detail page → download the PDF → the list shows it → mark
 * paid → sign out → a protected route redirects to sign-in.
 *
 * The SPA is built (vite build, production) once when dist/client is missing or
 * older than its sources. Needs Chromium (INVOBI_CHROMIUM, default
 * /usr/bin/chromium); without it the suite is skipped, unless
 * INVOBI_REQUIRE_SUITES contains "browser".
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../server/app.ts";
import { createLogger } from "../server/logger.ts";
import { createTestDatabase, type TestDatabase } from "../server/test/database.ts";
import { testConfig } from "../server/test/harness.ts";

const chromiumPath = process.env.INVOBI_CHROMIUM ?? "/usr/bin/chromium";
const required = (process.env.INVOBI_REQUIRE_SUITES ?? "").split(",").map((name) => name.trim());
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && required.includes("browser")) {
  throw new Error(`INVOBI_REQUIRE_SUITES includes browser but Chromium was not found at ${chromiumPath} (set INVOBI_CHROMIUM)`);
}

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const spaDir = join(repoRoot, "dist/client");
const SCREENSHOT = "/tmp/invobi-invoice-detail.png";

/** Newest modification time of any file below `dir` (skipping node_modules). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuiltSpa(): void {
  const gqlDir = join(repoRoot, "client/src/gql");
  const documentsChanged =
    !existsSync(join(gqlDir, "gql.ts")) ||
    statSync(join(gqlDir, "gql.ts")).mtimeMs < Math.max(newestMtime(join(repoRoot, "client/src/features")), statSync(join(repoRoot, "schema.graphql")).mtimeMs);
  if (documentsChanged) {
    execFileSync(process.execPath, [join(repoRoot, "node_modules/@graphql-codegen/cli/cjs/bin.js"), "--config", "codegen.ts", "--silent"], {
      cwd: repoRoot,
      stdio: "inherit",
    });
  }
  const index = join(spaDir, "index.html");
  const sources = Math.max(
    newestMtime(join(repoRoot, "client")),
    newestMtime(join(repoRoot, "common")),
    statSync(join(repoRoot, "vite.config.ts")).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(repoRoot, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
    cwd: repoRoot,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

describe.skipIf(!haveChromium)("the SPA in Chromium", () => {
  let database: TestDatabase;
  let server: Server;
  let baseUrl = "";
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuiltSpa();
    database = await createTestDatabase();
    const app = createApp({
      db: database.prisma,
      provider: database.provider,
      config: testConfig(),
      logger: createLogger({ level: "error" }),
      spaDir,
    });
    server = await new Promise<Server>((done) => {
      const listening = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => done(listening as Server));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    context = await browser.newContext({ viewport: { width: 1360, height: 940 }, acceptDownloads: true, locale: "en-US", timezoneId: "UTC" });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await database?.destroy();
  });

  it("serves the SPA shell with history fallback and sends anonymous visitors to sign-in", async () => {
    const shell = await fetch(`${baseUrl}/invoices/some-id`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<div id="root">');

    await page.goto(`${baseUrl}/invoices`);
    await page.waitForURL(/\/sign-in\?redirect=/);
    await expect(page.getByRole("heading", { name: "Welcome back" }).isVisible()).resolves.toBe(true);
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
    expect(await page.getByText("ada@example.com").first().isVisible()).toBe(true);
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
      page.waitForEvent("download", { timeout: 30_000 }),
      page.getByRole("button", { name: "Download PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^INV-\d+\.pdf$/);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(5_000);
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
