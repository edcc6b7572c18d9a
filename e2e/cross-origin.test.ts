/**
 * Browser-facing security in real Chromium (server/http/cors.ts, csrf.ts,
 * security-headers.ts). A page served by this test from another port of 127.0.0.1
 * is "same site" as the app, so Chromium sends it the SameSite=Lax session cookie:
 * the attack of issue 13 (graphql-yoga echoed any Origin with credentials, so such a
 * page read the user's invoices and minted a read+write token). Now:
 *
 * - without CORS_ORIGINS that page can neither read through /graphql nor mint a
 *   token (preflight refused, a text/plain form POST refused by the Origin rule), while the
 *   same-origin SPA still signs up, lists and downloads a PDF under the CSP (with a
 *   customer logo fetched from elsewhere, the one reason connect-src allows http(s));
 * - REST stays callable from that page with a Bearer token (no cookie involved);
 * - with CORS_ORIGINS naming that page's origin, it may; another port still may not.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvoice } from "../server/modules/invoices/invoices.service.ts";
import { createApiToken } from "../server/modules/tokens/tokens.service.ts";
import { invoiceInput } from "../server/test/factories.ts";
import { ensureBuiltSpa, haveChromium, launchChromium, openSuitePage, startE2eServer, type E2eServer } from "./support.ts";

/** A 1×1 PNG: a customer's logo hosted elsewhere. */
const LOGO_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/** A plain page on its own 127.0.0.1 port: the "other origin" (it also hosts a logo, readable by anyone). */
async function startOtherOrigin(): Promise<{ origin: string; logoRequests: () => number; close(): Promise<void> }> {
  let logoRequests = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === "/logo.png") {
      logoRequests++;
      res.writeHead(200, { "content-type": "image/png", "access-control-allow-origin": "*" });
      res.end(LOGO_PNG);
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>Elsewhere</title><p>Another site on this host.</p>");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logoRequests: () => logoRequests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

const INVOICES_QUERY = "{ invoices(first: 5) { totalCount edges { node { number title } } } }";
const MINT_TOKEN = 'mutation { createApiToken(input: { name: "stolen", permissions: [READ, WRITE] }) { __typename ... on CreateApiTokenSuccess { secret } } }';

interface Attempt {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
}

/** Runs fetch(url, init) in `page` (so with that page's origin and the context's cookies). */
function fetchFrom(page: Page, url: string, init: { method?: string; credentials?: RequestCredentials; mode?: RequestMode; headers?: Record<string, string>; body?: string }): Promise<Attempt> {
  return page.evaluate(
    async ([target, options]) => {
      try {
        const response = await fetch(target, options);
        return { ok: true, status: response.status, body: response.type === "opaque" ? "" : await response.text() };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    },
    [url, init] as const,
  );
}

/**
 * The classic forgery: a page of `origin` posts a text/plain form (no preflight, the
 * cookie goes along) whose body is the JSON of a GraphQL request. Returns the text
 * the browser shows after the navigation, i.e. the server's answer.
 */
async function postFormFrom(page: Page, origin: string, action: string, query: string): Promise<string> {
  await page.goto(origin);
  const json = JSON.stringify({ query, x: "" });
  // text/plain encodes name=value: split the JSON so that "=" lands inside the "x" string.
  const name = json.slice(0, -2);
  const value = json.slice(-2);
  await Promise.all([
    page.waitForURL(action),
    page.evaluate(
      ([target, field, rest]) => {
        const form = document.createElement("form");
        form.method = "POST";
        form.action = target;
        form.enctype = "text/plain";
        const input = document.createElement("input");
        input.name = field;
        input.value = rest;
        form.append(input);
        document.body.append(form);
        form.submit();
      },
      [action, name, value] as const,
    ),
  ]);
  return page.locator("body").innerText();
}

const postGraphQL = (query: string) => ({
  method: "POST",
  credentials: "include" as const,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ query }),
});

describe.skipIf(!haveChromium)("cross-origin pages against a signed-in user, in Chromium", () => {
  let app: E2eServer;
  let allowing: E2eServer;
  let elsewhere: Awaited<ReturnType<typeof startOtherOrigin>>;
  let stranger: Awaited<ReturnType<typeof startOtherOrigin>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureBuiltSpa();
    elsewhere = await startOtherOrigin();
    stranger = await startOtherOrigin();
    app = await startE2eServer();
    allowing = await startE2eServer({ CORS_ORIGINS: [elsewhere.origin] });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await allowing?.close();
    await elsewhere?.close();
    await stranger?.close();
  });

  /** A fresh browser profile (cookies are per host, not per port: each server needs its own). */
  async function openContext(): Promise<Page> {
    const { context, page } = await openSuitePage(browser, { width: 1280, height: 900 }, pageErrors);
    contexts.push(context);
    context.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    return page;
  }

  describe("without CORS_ORIGINS", () => {
    let spa: Page;
    let other: Page;
    let userId = "";
    const stolenTokens = () => app.database.prisma.apiToken.count({ where: { userId, name: "stolen" } });

    it("the same-origin SPA works under its CSP: sign up, list, download a PDF", async () => {
      spa = await openContext();
      const shell = await spa.goto(`${app.baseUrl}/sign-up`);
      expect(shell!.headers()["content-security-policy"]).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(shell!.headers()["x-frame-options"]).toBe("DENY");
      await spa.getByLabel("Your name").fill("Grace Hopper");
      await spa.getByLabel("Email").fill("grace@example.com");
      await spa.getByLabel("Password").fill("correct horse battery");
      await spa.getByRole("button", { name: "Create account" }).click();
      await spa.waitForURL(/\/invoices$/);
      await spa.getByRole("heading", { name: "No invoices yet" }).waitFor();

      const user = await app.database.prisma.user.findUniqueOrThrow({ where: { email: "grace@example.com" } });
      userId = user.id;
      const invoice = await createInvoice({ db: app.database.prisma, userId }, invoiceInput({ title: "Secret retainer" }));
      await spa.reload();
      await spa.getByRole("row", { name: /INV-/ }).waitFor();

      // The PDF is drawn in the browser: jsPDF plus the HarfBuzz subsetter (WebAssembly) under the CSP.
      await spa.goto(`${app.baseUrl}/invoices/${invoice.id}`);
      const [download] = await Promise.all([
        spa.waitForEvent("download", { timeout: 60_000 }),
        spa.getByRole("button", { name: "Download PDF" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^INV-\d+\.pdf$/);
      // …and fetches the customer's logo from wherever it is hosted (connect-src allows http(s) for this).
      const withLogo = await createInvoice(
        { db: app.database.prisma, userId },
        invoiceInput({ title: "With a logo", customer: { name: "Initech", logoUrl: `${elsewhere.origin}/logo.png` } }),
      );
      await spa.goto(`${app.baseUrl}/invoices/${withLogo.id}`);
      await Promise.all([spa.waitForEvent("download", { timeout: 60_000 }), spa.getByRole("button", { name: "Download PDF" }).click()]);
      expect(elsewhere.logoRequests()).toBe(1);
      expect(cspViolations).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it("a page on another port cannot read the user's invoices through /graphql", async () => {
      other = await spa.context().newPage();
      await other.goto(elsewhere.origin);
      const post = await fetchFrom(other, `${app.baseUrl}/graphql`, postGraphQL(INVOICES_QUERY));
      expect(post.ok, JSON.stringify(post)).toBe(false);
      const get = await fetchFrom(other, `${app.baseUrl}/graphql?query=${encodeURIComponent(INVOICES_QUERY)}`, { credentials: "include" });
      expect(get.ok, JSON.stringify(get)).toBe(false);
    });

    it("nor mint an API token, whether by CORS request or by a simple text/plain POST", async () => {
      const cors = await fetchFrom(other, `${app.baseUrl}/graphql`, postGraphQL(MINT_TOKEN));
      expect(cors.ok, JSON.stringify(cors)).toBe(false);
      const form = await postFormFrom(await spa.context().newPage(), elsewhere.origin, `${app.baseUrl}/graphql`, MINT_TOKEN);
      expect(form).toContain("Cross-origin request rejected");
      expect(await stolenTokens()).toBe(0);
      // The user's own page still can.
      const own = await fetchFrom(spa, "/graphql", postGraphQL(MINT_TOKEN));
      expect(own.status).toBe(200);
      expect(JSON.parse(own.body!).data.createApiToken.secret).toMatch(/^inv_/);
      expect(await stolenTokens()).toBe(1);
    });

    it("the REST API answers that page when it sends a Bearer token (no cookie needed or used)", async () => {
      const { secret } = await createApiToken(app.database.prisma, userId, { name: "for-elsewhere", permissions: ["read"] });
      const res = await fetchFrom(other, `${app.baseUrl}/api/v1/invoices`, { headers: { authorization: `Bearer ${secret}` } });
      expect(res.status, JSON.stringify(res)).toBe(200);
      expect(JSON.parse(res.body!).invoices.map((invoice: { title: string }) => invoice.title)).toContain("Secret retainer");
      const cookieOnly = await fetchFrom(other, `${app.baseUrl}/api/v1/invoices`, {});
      expect(cookieOnly.status).toBe(401);
    });
  });

  describe("with CORS_ORIGINS naming the other page's origin", () => {
    let allowed: Page;
    let userId = "";

    it("that origin reads and writes with the user's session; another port still cannot", async () => {
      const own = await openContext();
      await own.goto(`${allowing.baseUrl}/sign-in`);
      const signUp = await fetchFrom(own, "/graphql", postGraphQL('mutation { signUp(input: { email: "kay@example.com", password: "correct horse battery" }) { __typename } }'));
      expect(JSON.parse(signUp.body!).data.signUp.__typename).toBe("SignUpSuccess");
      userId = (await allowing.database.prisma.user.findUniqueOrThrow({ where: { email: "kay@example.com" } })).id;
      await createInvoice({ db: allowing.database.prisma, userId }, invoiceInput({ title: "Shared on purpose" }));

      allowed = await own.context().newPage();
      await allowed.goto(elsewhere.origin);
      const read = await fetchFrom(allowed, `${allowing.baseUrl}/graphql`, postGraphQL(INVOICES_QUERY));
      expect(read.status, JSON.stringify(read)).toBe(200);
      expect(JSON.parse(read.body!).data.invoices.edges[0].node.title).toBe("Shared on purpose");
      const write = await fetchFrom(allowed, `${allowing.baseUrl}/graphql`, postGraphQL(MINT_TOKEN));
      expect(JSON.parse(write.body!).data.createApiToken.__typename).toBe("CreateApiTokenSuccess");

      const notListed = await own.context().newPage();
      await notListed.goto(stranger.origin);
      const refused = await fetchFrom(notListed, `${allowing.baseUrl}/graphql`, postGraphQL(INVOICES_QUERY));
      expect(refused.ok).toBe(false);
      const form = await postFormFrom(await own.context().newPage(), stranger.origin, `${allowing.baseUrl}/graphql`, MINT_TOKEN);
      expect(form).toContain("Cross-origin request rejected");
      expect(await allowing.database.prisma.apiToken.count({ where: { userId, name: "stolen" } })).toBe(1);
    });
  });
});
