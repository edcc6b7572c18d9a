/**
 * The first-run journey of the issue, in one story, in headless Chromium against the
 * real server on a fresh database:
 *
 * sign up → create an API token (shown once, works on the REST API) → generate an
 * invoice from words with the built-in (offline) provider → edit a line in the
 * preview (totals recompute) → save → the list shows it with the right total →
 * mark paid → filter paid / unpaid → download the PDF and read its text back
 * (pdftotext) → prompts with coloured labels, filtered by label, "generate from
 * this prompt" → sign out.
 *
 * Then every main screen at 360 px wide: nothing overflows sideways. Screenshots of
 * each main screen (desktop and 360 px) go to test-results/e2e/ as artifacts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPoppler, pdfText } from "../common/pdf/testing.ts";
import { animationsSettled, artifactsDir, ensureBuiltSpa, haveChromium, launchChromium, openSuitePage, startE2eServer, type E2eServer } from "./support.ts";

const required = (process.env.INVOBI_REQUIRE_SUITES ?? "").split(",");
const havePoppler = hasPoppler();
if (!havePoppler && required.includes("pdf")) throw new Error("INVOBI_REQUIRE_SUITES includes pdf but pdftotext was not found");

const PROMPT = "12 hours of consulting at $150/hour for Acme Corp, 10% tax, due in 30 days";

describe.skipIf(!haveChromium || !havePoppler)("first-run journey in Chromium", () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const screens: string[] = [];

  beforeAll(async () => {
    ensureBuiltSpa();
    server = await startE2eServer();
    browser = await launchChromium();
    ({ page } = await openSuitePage(browser, { width: 1280, height: 900 }, pageErrors));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A full-page screenshot of the current screen, without transient toasts. */
  async function screenshot(name: string, on: Page = page): Promise<void> {
    await on.evaluate(() => document.querySelectorAll<HTMLButtonElement>(".toast-close").forEach((button) => button.click()));
    await on.mouse.move(0, 0);
    await animationsSettled(on);
    await on.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
    screens.push(name);
  }

  const url = (path: string) => `${server.baseUrl}${path}`;
  let token = "";
  let invoiceId = "";
  let invoiceNumber = "";

  it("signs up", async () => {
    await page.goto(url("/sign-up"));
    await page.getByRole("heading", { name: /create your account/i }).waitFor();
    await screenshot("sign-up");
    await page.getByLabel("Your name").fill("Grace Hopper");
    await page.getByLabel("Email").fill("grace@example.com");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/invoices$/);
    await page.getByRole("heading", { name: "No invoices yet" }).waitFor();
    await screenshot("invoices-empty");
  });

  it("creates a read+write API token, shown once, that works on the REST API", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
    await page.waitForURL(/\/settings\/api-tokens$/);
    await page.getByLabel("Name").fill("Bookkeeping script");
    const write = page.getByRole("checkbox", { name: /Write/ });
    if (!(await write.isChecked())) await write.check();
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = page.getByLabel("New API token");
    await secret.waitFor();
    token = await secret.inputValue();
    expect(token).toMatch(/^inv_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/);
    await screenshot("api-token-created");

    await page.getByRole("button", { name: "I have stored it" }).click();
    await expect.poll(() => page.getByLabel("New API token").count()).toBe(0);
    const row = page.getByRole("row", { name: /Bookkeeping script/ });
    expect(await row.innerText()).toMatch(/Read[\s\S]*Write/);
    expect(await row.innerText()).not.toContain(token);
    await screenshot("api-tokens");

    const response = await fetch(url("/api/v1/invoices"), { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  });

  it("generates an invoice from words with the built-in provider, edits a line, and saves it", async () => {
    await page.getByRole("complementary").getByRole("link", { name: "Generate from words" }).click();
    await page.waitForURL(/\/invoices\/generate$/);
    expect(await page.getByLabel("Who reads it").inputValue()).toBe("OFFLINE");
    await screenshot("generate");
    await page.getByLabel("Describe the invoice").fill(PROMPT);
    await page.getByRole("button", { name: "Preview invoice" }).click();

    const total = page.getByTestId("generated-total");
    await total.waitFor();
    expect(await total.textContent()).toBe("$1,980.00");

    // Edit a line in the preview: the totals follow as the user types.
    const quantity = page.getByLabel("Item 1 quantity");
    expect(await quantity.inputValue()).toBe("12");
    await quantity.fill("10");
    await expect.poll(() => total.textContent()).toBe("$1,650.00");
    expect(await page.getByTestId("generated-subtotal").textContent()).toBe("$1,500.00");
    await page.getByLabel("Item 1 description").fill("Consulting (March)");
    await screenshot("generate-preview-edited");

    await page.getByRole("button", { name: "Save invoice" }).click();
    await page.waitForURL(/\/invoices\/(?!new|generate)[^/]+$/);
    invoiceId = new URL(page.url()).pathname.split("/").pop()!;
    const detailTotal = page.getByTestId("invoice-total");
    await detailTotal.waitFor();
    expect(await detailTotal.textContent()).toBe("$1,650.00");
    const paper = await page.getByRole("article", { name: /Invoice INV-/ }).innerText();
    expect(paper).toContain("Consulting (March)");
    expect(paper).toContain("Acme Corp");
    invoiceNumber = /INV-\d+/.exec(paper)![0];
    await screenshot("invoice-detail");

    // What the SPA shows is what the server stored.
    const stored = (await (await fetch(url(`/api/v1/invoices/${invoiceId}`), { headers: { authorization: `Bearer ${token}` } })).json()) as {
      invoice: { items: { description: string; quantity: string; amount: string }[]; total: string };
    };
    expect(stored.invoice.items).toMatchObject([{ description: "Consulting (March)", quantity: "10", amount: "1500.00" }]);
    expect(stored.invoice.total).toBe("1650.00");
  });

  it("shows it in the list with the right total, marks it paid, and filters by payment", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoices" }).click();
    await page.waitForURL(/\/invoices$/);
    const row = page.getByRole("row", { name: new RegExp(invoiceNumber) });
    await row.waitFor();
    expect(await row.innerText()).toContain("$1,650.00");
    expect(await row.innerText()).toContain("Acme Corp");
    await screenshot("invoices");

    await row.getByRole("link", { name: invoiceNumber }).click();
    await page.waitForURL((target) => target.pathname.endsWith(invoiceId));
    await page.getByRole("button", { name: "Mark as paid" }).click();
    const dialog = page.getByRole("dialog", { name: /as paid/ });
    await dialog.getByRole("button", { name: "Mark as paid" }).click();
    await page.getByRole("button", { name: "Mark as unpaid" }).waitFor();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoices" }).click();
    await page.waitForURL(/\/invoices$/);
    const payment = page.getByLabel("Payment");
    await payment.selectOption("paid");
    await page.waitForURL(/paid=paid/);
    await page.getByRole("row", { name: new RegExp(invoiceNumber) }).waitFor();
    expect(await page.getByTestId("invoice-count").textContent()).toBe("1 invoice matches");
    await payment.selectOption("unpaid");
    await page.waitForURL(/paid=unpaid/);
    await page.getByRole("heading", { name: "No invoices match" }).waitFor();
    // The filter lives in the URL: a reload keeps it.
    await page.reload();
    expect(await page.getByLabel("Payment").inputValue()).toBe("unpaid");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByRole("row", { name: new RegExp(invoiceNumber) }).waitFor();
  });

  it("downloads the PDF, whose text is the invoice", async () => {
    await page.goto(url(`/invoices/${invoiceId}`));
    await page.getByTestId("invoice-total").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.getByRole("button", { name: "Download PDF" }).click()]);
    expect(download.suggestedFilename()).toBe(`${invoiceNumber}.pdf`);
    const text = pdfText(readFileSync(await download.path())).replace(/[ \t]+/g, " ");
    expect(text).toContain(invoiceNumber);
    expect(text).toContain("Acme Corp");
    expect(text).toContain("Consulting (March)");
    expect(text).toMatch(/10 (h|hours?)? ?\$150\.00 \$1,500\.00/);
    expect(text).toMatch(/Subtotal \$1,500\.00/);
    expect(text).toMatch(/Tax 10% on \$1,500\.00 \$150\.00/);
    expect(text).toMatch(/Total \$1,650\.00/);
    expect(text).toMatch(/PAID/i);
  });

  it("keeps prompts with coloured labels, filters them, and generates from one", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Prompts" }).click();
    await page.waitForURL(/\/prompts/);
    await screenshot("prompts-empty");

    const addPrompt = async (text: string, labels: { name: string; color?: string }[]) => {
      await page.getByRole("button", { name: "New prompt" }).click();
      const form = page.getByRole("form", { name: "New prompt" });
      await form.getByLabel("Prompt").fill(text);
      for (const label of labels) {
        if (label.color) await form.getByLabel("Colour of the new label").fill(label.color);
        await form.getByLabel("Label name").fill(label.name);
        await form.getByLabel("Label name").press("Enter");
      }
      await form.getByRole("button", { name: "Create prompt" }).click();
      await form.waitFor({ state: "detached" });
    };
    await addPrompt("Monthly retainer for Initech: 1 month at $2,400, due in 14 days", [{ name: "Retainer", color: "#2f855a" }]);
    await addPrompt(PROMPT, [{ name: "Consulting", color: "#b83280" }, { name: "Retainer" }]);
    await addPrompt("3 logo drafts at 200 EUR each for Globex", []);
    await page.getByText("Logo drafts", { exact: false }).first().waitFor();

    const list = page.locator(".prompt-list, [data-testid=prompt-list]").first();
    const chips = page.getByRole("group", { name: "Filter by label" });
    // Chips carry the label's colour.
    expect(await chips.getByRole("button", { name: "Consulting" }).innerHTML()).toMatch(/#b83280|rgb\(184, 50, 128\)/i);
    await chips.getByRole("button", { name: "Retainer" }).click();
    await page.waitForURL(/label=Retainer/);
    await expect.poll(async () => (await list.innerText()).includes("logo drafts")).toBe(false);
    expect(await list.innerText()).toContain("Initech");
    expect(await list.innerText()).toContain("Acme Corp");
    await chips.getByRole("button", { name: "No label" }).click();
    await expect.poll(async () => (await list.innerText()).includes("Initech")).toBe(false);
    expect(await list.innerText()).toContain("logo drafts");
    await chips.getByRole("button", { name: "All" }).click();
    await screenshot("prompts");

    const initech = page.getByRole("article").filter({ hasText: "Initech" });
    await initech.getByRole("link", { name: /Generate from this prompt/ }).click();
    await page.waitForURL(/\/invoices\/generate\?/);
    await expect.poll(() => page.getByLabel("Describe the invoice").inputValue()).toContain("Monthly retainer for Initech");
  });

  it("signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    await screenshot("sign-in");
    await page.goto(url("/invoices"));
    await page.waitForURL(/\/sign-in\?redirect=/);
  });

  it("signs in with the keyboard alone, with a visible focus ring on every stop", async () => {
    await page.goto(url("/sign-in"));
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    /** Tabs until `name` (an accessible name) has focus; every stop on the way must show focus. */
    const tabTo = async (name: string) => {
      for (let stop = 0; stop < 15; stop++) {
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(async () => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return null;
          const look = () => {
            const style = getComputedStyle(element);
            return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} | ${style.boxShadow} | ${style.borderColor}`;
          };
          // The focused look must differ from the same element unfocused (after its transitions end).
          const settle = async () => {
            await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
            await Promise.all(element.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
          };
          await settle();
          const focusedLook = look();
          element.blur();
          await settle();
          const restingLook = look();
          element.focus();
          const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
          return { name: (element.getAttribute("aria-label") ?? label ?? element.textContent ?? "").trim(), ring: focusedLook !== restingLook };
        });
        if (!focused) continue;
        expect(focused.ring, `no visible focus on "${focused.name}"`).toBe(true);
        if (focused.name.startsWith(name)) return;
      }
      throw new Error(`Tab never reached "${name}"`);
    };
    await tabTo("Email");
    await page.keyboard.type("grace@example.com");
    await tabTo("Password");
    await page.keyboard.type("a long enough password");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/invoices$/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
  });

  it("fits every main screen into 360 px without sideways scrolling", async () => {
    const narrow = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: "en-US", timezoneId: "UTC", isMobile: true, hasTouch: true });
    try {
      const phone = await narrow.newPage();
      phone.on("pageerror", (error) => pageErrors.push(error.message));
      await phone.goto(url("/sign-in"));
      await phone.getByLabel("Email").fill("grace@example.com");
      await phone.getByLabel("Password").fill("a long enough password");
      await phone.getByRole("button", { name: "Sign in" }).click();
      await phone.waitForURL(/\/invoices$/);
      const routes: [string, string, () => Promise<unknown>][] = [
        ["invoices", "/invoices", () => phone.getByRole("row", { name: new RegExp(invoiceNumber) }).waitFor()],
        ["invoice-detail", `/invoices/${invoiceId}`, () => phone.getByTestId("invoice-total").waitFor()],
        ["invoice-new", "/invoices/new", () => phone.getByLabel("Item 1 description").waitFor()],
        ["generate", "/invoices/generate", () => phone.getByLabel("Describe the invoice").waitFor()],
        ["prompts", "/prompts", () => phone.getByRole("group", { name: "Filter by label" }).waitFor()],
        ["settings", "/settings", () => phone.getByLabel("Business name").waitFor()],
        ["api-tokens", "/settings/api-tokens", () => phone.getByRole("row", { name: /Bookkeeping script/ }).waitFor()],
      ];
      for (const [name, path, ready] of routes) {
        await phone.goto(url(path));
        await ready();
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
        await screenshot(`${name}-360`, phone);
      }
      // The main navigation sits behind the menu button on a phone, and works by keyboard.
      const menu = phone.getByRole("button", { name: "Open menu" });
      await menu.focus();
      await phone.keyboard.press("Enter");
      await phone.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Prompts" }).waitFor();
    } finally {
      await narrow.close();
    }
    expect(pageErrors).toEqual([]);
    expect(screens.length).toBeGreaterThanOrEqual(16);
  });
});
