/**
 * Walks EVERY curl example of the two API documents against the app: the base URL
 * is swapped for the test app, YOUR_API_TOKEN for a real token, the example ids
 * (abc123, prompt-123, inv_123) for real ids made fresh for each example. The AI
 * example runs through an injected fake generator that creates a real invoice, the
 * download example through a fake PDF renderer. Each answer is checked for status,
 * rate-limit headers, the documented response's field names and the route's schema.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createInvoice } from "../modules/invoices/invoices.service.ts";
import { createPrompt } from "../modules/prompts/prompts.service.ts";
import { createAccount, invoiceInput } from "../test/factories.ts";
import { useTestApp } from "../test/harness.ts";
import { call, fakeGenerator, fakeRenderer, type ApiResponse } from "../test/rest.ts";
import { V1_ROUTES } from "./v1.ts";

// The API documents are vendored in docs/spec so the repository tests itself anywhere;
// where the team's shared/spec sits beside the checkout, the copies must match it.
const specDir = join(import.meta.dirname, "..", "..", "docs", "spec");
const sharedSpecDir = join(import.meta.dirname, "..", "..", "..", "shared", "spec");
const invobiDoc = readFileSync(join(specDir, "invobi-api-v1.txt"), "utf8");
const basicDoc = readFileSync(join(specDir, "basic-invoice-api.txt"), "utf8");

describe("the vendored API documents", () => {
  it("match ../shared/spec when it is present", () => {
    for (const name of ["invobi-api-v1.txt", "basic-invoice-api.txt"]) {
      const shared = join(sharedSpecDir, name);
      if (existsSync(shared)) expect(readFileSync(join(specDir, name), "utf8"), name).toBe(readFileSync(shared, "utf8"));
    }
  });
});

interface CurlCommand {
  method: string;
  url: string;
  headers: Record<string, string>;
  data?: string;
  output?: string;
  /** The doc section it appears in (endpoint heading or title), and that section's text. */
  section: string;
  sectionText: string;
}

/** Splits a curl command line into words like a POSIX shell (quotes, backslash-newline continuations). */
function shellWords(text: string, start: number): { words: string[]; end: number } {
  const words: string[] = [];
  let word: string | null = null;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\\" && text[i + 1] === "\n") {
      i++;
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    if (ch === "\n") break;
    if (ch === " " || ch === "\t") {
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      word = (word ?? "") + text.slice(i + 1, close);
      i = close;
      continue;
    }
    word = (word ?? "") + ch;
  }
  if (word !== null) words.push(word);
  return { words, end: i };
}

function parseCurls(doc: string, sectionHeading: RegExp): CurlCommand[] {
  const headings = [...doc.matchAll(sectionHeading)].map((m) => ({ title: m[0].trim(), index: m.index! }));
  const commands: CurlCommand[] = [];
  for (const match of doc.matchAll(/^curl /gm)) {
    const { words } = shellWords(doc, match.index!);
    const sectionIndex = headings.findLastIndex((h) => h.index < match.index!);
    const section = headings[sectionIndex]!;
    const sectionText = doc.slice(section.index, headings[sectionIndex + 1]?.index ?? doc.length);
    const command: CurlCommand = { method: "GET", url: "", headers: {}, section: section.title, sectionText };
    for (let i = 1; i < words.length; i++) {
      const w = words[i]!;
      if (w === "-X") command.method = words[++i]!;
      else if (w === "-H") {
        const header = words[++i]!;
        const colon = header.indexOf(":");
        command.headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
      } else if (w === "-d") command.data = words[++i]!;
      else if (w === "-o") command.output = words[++i]!;
      else if (/^https?:\/\//.test(w)) command.url = w;
      else throw new Error(`unknown curl word ${w} in ${section.title}`);
    }
    commands.push(command);
  }
  return commands;
}

const invobiCurls = parseCurls(invobiDoc, /^(GET|POST|PUT|PATCH|DELETE)\/\S+$/gm);
const basicCurls = parseCurls(basicDoc, /^(List all invoices|Create an invoice|Get an invoice|Update an invoice|Delete an invoice)$/gm);

/** Every key name a documented JSON example shows ("...": placeholders are ignored). */
function documentedKeys(sectionText: string): string[] {
  const response = /\nResponse\n([\s\S]*?)\n(Example|Errors)\n/.exec(sectionText)?.[1] ?? "";
  return [...new Set([...response.matchAll(/"(\w+)":/g)].map((m) => m[1]!))];
}

function allKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => allKeys(v, keys));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      allKeys(v, keys);
    }
  }
  return keys;
}

function expectRateLimitHeaders(res: ApiResponse) {
  expect(res.headers.get("x-ratelimit-limit")).toBe("100");
  const remaining = Number(res.headers.get("x-ratelimit-remaining"));
  expect(remaining).toBeGreaterThanOrEqual(0);
  expect(remaining).toBeLessThan(100);
  expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000 - 1);
  expect(res.headers.get("ratelimit-policy")).toBe("100;w=60");
}

function routeFor(method: string, path: string) {
  const bare = path.split("?")[0]!.replace(/^\/api\/v1/, "");
  return V1_ROUTES.find(
    (r) => r.method === method.toLowerCase() && new RegExp(`^${r.path.replace(/:\w+/g, "[^/]+")}$`).test(bare) && !(r.path === "/prompts/:id" && bare === "/prompts/labels"),
  );
}

describe("the curl examples of the documentation", () => {
  it("parses every example", () => {
    expect(invobiCurls.length).toBe(15);
    expect(new Set(invobiCurls.map((c) => c.section)).size).toBe(13);
    expect(basicCurls.map((c) => `${c.method} ${c.section}`)).toEqual([
      "GET List all invoices",
      "POST Create an invoice",
      "GET Get an invoice",
      "PATCH Update an invoice",
      "DELETE Delete an invoice",
    ]);
  });

  describe("Invobi API v1", () => {
    const generator = fakeGenerator();
    const renderer = fakeRenderer();
    // The documented limit: 100 requests per minute per token.
    const t = useTestApp({ config: { RATE_LIMIT_PER_MINUTE: 100 }, app: { generateInvoice: generator.fn, renderInvoicePdf: renderer.fn } });

    it.each(invobiCurls.map((c, i) => [`${c.section} #${i}`, c] as const))("%s", async (_name, curl) => {
      const a = await createAccount(t.db);
      const ctx = { db: t.db, userId: a.user.id };
      await createInvoice(ctx, invoiceInput({ status: "paid", paidAt: "2025-01-20", issuedAt: "2025-01-15", dueAt: "2025-02-15" }));
      const invoice = await createInvoice(ctx, invoiceInput({ issuedAt: "2025-01-15", dueAt: "2025-02-15" }));
      const prompt = await createPrompt(ctx, { text: "Invoice for consulting services...", labels: [{ name: "Consulting", color: "#3b82f6" }] });

      const path = curl.url
        .replace("https://invobi.com", "")
        .replace("abc123", invoice.id)
        .replace("prompt-123", prompt.id);
      expect(path.startsWith("/api/v1/")).toBe(true);
      const headers = Object.fromEntries(Object.entries(curl.headers).map(([k, v]) => [k, v.replace("YOUR_API_TOKEN", a.token)]));
      const res = await call(t, curl.method, path, { headers, body: curl.data });

      const route = routeFor(curl.method, path)!;
      expect(route, `${curl.method} ${path}`).toBeDefined();
      expect(`${route.method.toUpperCase()}${route.path}`).toBe(curl.section);
      const expectedStatus = 201 in route.responses ? 201 : 200;
      expect(res.status, res.text.slice(0, 300)).toBe(expectedStatus);
      expectRateLimitHeaders(res);

      if (curl.output) {
        expect(res.headers.get("content-type")).toBe("application/pdf");
        expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${invoice.number}.pdf"`);
        expect(res.text.startsWith("%PDF-")).toBe(true);
        return;
      }
      expect(route.responses[res.status]!.schema!.safeParse(res.body).error?.issues ?? []).toEqual([]);
      const keys = allKeys(res.body);
      for (const key of documentedKeys(curl.sectionText)) expect(keys.has(key), `${curl.section} response has "${key}"`).toBe(true);

      switch (curl.section) {
        case "GET/invoices": {
          const query = new URL(path, "http://x").searchParams;
          expect(res.body.pagination).toMatchObject({ total: query.get("status") ? 1 : 2, page: 1, per_page: Number(query.get("per_page") ?? 20) });
          if (query.get("status") === "paid") expect(res.body.invoices[0].paid_at).toBe("2025-01-20");
          if (query.get("status") === "unpaid") expect(res.body.invoices[0].paid_at).toBeNull();
          break;
        }
        case "POST/invoices":
          expect(res.body.invoice).toMatchObject({ total: "1650.00", tax_lines: [{ rate: "10", amount: "150.00" }], llm_provider: "gemini-25-flash" });
          expect(generator.calls.at(-1)).toMatchObject({ provider: "gemini-25-flash", apiKey: "YOUR_LLM_API_KEY", preview: false });
          expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(3);
          break;
        case "DELETE/invoices/:id":
        case "DELETE/prompts/:id":
          expect(res.body).toEqual({ deleted: true });
          break;
        case "POST/invoices/:id/mark-paid":
          expect(res.body.invoice.paid_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          break;
        case "POST/invoices/:id/mark-unpaid":
          expect(res.body.invoice.paid_at).toBeNull();
          break;
        case "POST/prompts":
          expect(res.body.prompt).toMatchObject({ prompt_text: "Invoice for consulting services at $150/hour", labels: [{ name: "Consulting", color: "#3b82f6" }] });
          break;
        case "PUT/prompts/:id":
          expect(res.body.prompt).toMatchObject({ id: prompt.id, prompt_text: "Updated invoice prompt text", labels: [{ name: "Updated", color: "#10b981" }] });
          break;
        case "GET/prompts/labels":
          expect(res.body).toEqual({ labels: ["Consulting"] });
          break;
      }
    });

    it("every documented endpoint has a curl example", () => {
      const documented = new Set(invobiCurls.map((c) => c.section));
      for (const route of V1_ROUTES) {
        // Extensions beyond the document: PATCH /invoices/:id, the summary and duplicate.
        if (route.method === "patch" || ["getInvoiceSummary", "duplicateInvoice"].includes(route.operationId)) continue;
        expect(documented.has(`${route.method.toUpperCase()}${route.path}`), route.operationId).toBe(true);
      }
    });
  });

  describe("basic invoice API", () => {
    const t = useTestApp({ config: { RATE_LIMIT_PER_MINUTE: 100 } });

    it.each(basicCurls.map((c) => [c.section, c] as const))("%s", async (_name, curl) => {
      const a = await createAccount(t.db);
      const invoice = await createInvoice({ db: t.db, userId: a.user.id }, invoiceInput());
      const path = curl.url.replace("https://your-domain.com", "").replace("inv_123", invoice.id);
      // The published page shows e-mail addresses through a scraper's "[email protected]" mask.
      const body = curl.data?.replace(/\[email\s+protected\]/u, "billing@acme.example");
      const res = await call(t, curl.method, path, { headers: { ...curl.headers, ...a.auth }, body });
      expectRateLimitHeaders(res);
      switch (curl.section) {
        case "List all invoices":
          expect(res.status).toBe(200);
          expect(res.body.invoices.map((i: any) => i.id)).toEqual([invoice.id]);
          break;
        case "Create an invoice": {
          expect(res.status).toBe(201);
          expect(res.body.message).toBe("Invoice created successfully");
          const submitted = JSON.parse(body!);
          expect(res.body.invoice).toMatchObject({ ...submitted, items: [expect.objectContaining({ ...submitted.items[0], id: expect.any(String) })] });
          expect(res.body.invoice.id).toEqual(expect.any(String));
          break;
        }
        case "Get an invoice":
          expect(res.status).toBe(200);
          expect(res.body).toMatchObject({ invoiceId: invoice.id, invoice: { id: invoice.id, invoiceNumber: invoice.number } });
          break;
        case "Update an invoice":
          expect(res.status).toBe(200);
          expect(res.body).toMatchObject({
            message: "Invoice updated successfully",
            invoiceId: invoice.id,
            updates: { status: "sent", notes: "Updated payment terms" },
            invoice: { status: "sent", notes: "Updated payment terms" },
          });
          break;
        case "Delete an invoice":
          expect(res.status).toBe(200);
          expect(res.body).toEqual({ message: "Invoice deleted successfully", invoiceId: invoice.id });
          expect(await t.db.invoice.count({ where: { id: invoice.id } })).toBe(0);
          break;
        default:
          throw new Error(`unexpected section ${curl.section}`);
      }
    });
  });
});
