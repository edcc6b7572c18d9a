import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOSTED_MODELS, LLM_PROVIDERS } from "../../../common/llm-providers.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import {
  CANONICAL_PROMPT,
  canonicalExtraction,
  cutOff,
  empty,
  geminiBadKey,
  malformed,
  ok,
  rateLimited,
  refusal,
  serverError,
  slow,
  startFakeLlmServer,
  unauthorized,
  type FakeLlmServer,
} from "../../test/fake-llm-server.ts";
import { createUser } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { updateAccountSettings } from "../accounts/accounts.service.ts";
import { createInvoice } from "../invoices/invoices.service.ts";
import { createPrompt } from "../prompts/prompts.service.ts";
import { extractionJsonSchema } from "./extraction.ts";
import { SYSTEM_PROMPT_RULES, generateInvoice, type GenerationServices } from "./generate.ts";
import { LlmError, scrubSecret, type GenerateRequest } from "./generation.port.ts";
import { resolveProvider } from "./providers.ts";

/** 20:00 UTC on 10 March is already 11 March in Auckland (UTC+13). */
const NOW = new Date("2026-03-10T20:00:00Z");
const TODAY = "2026-03-11";
const KEY = "sk-test-generate-5f1d2c3b4a";

describe("AI invoice generation engine", () => {
  const t = useTestApp();
  let llm: FakeLlmServer;
  let services: GenerationServices;

  beforeAll(async () => {
    llm = await startFakeLlmServer();
    services = {
      // The fake servers listen on 127.0.0.1: openai-compatible URLs there need the self-hoster's opt-in.
      config: { OPENAI_BASE_URL: llm.openaiBaseUrl, GEMINI_BASE_URL: llm.geminiBaseUrl, LLM_TIMEOUT_MS: 2_000, ALLOW_PRIVATE_LLM_URLS: true },
      logger: t.logger,
    };
  });
  afterAll(() => llm.close());
  beforeEach(() => llm.reset());

  /** An account in Auckland billing in EUR with German formatting. */
  async function account() {
    const { user } = await createUser(t.db);
    await updateAccountSettings(t.db, user.id, { defaultCurrency: "EUR", locale: "de-DE", timezone: "Pacific/Auckland" });
    return { db: t.db, userId: user.id, now: () => NOW };
  }

  const request = (overrides: Partial<GenerateRequest> = {}): GenerateRequest => ({
    prompt: CANONICAL_PROMPT,
    provider: "gpt-4o-mini",
    apiKey: KEY,
    preview: false,
    ...overrides,
  });

  async function expectLlmError(promise: Promise<unknown>, expected: { status: number; code: string; message?: RegExp }) {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LlmError);
    const llmError = error as LlmError;
    expect({ status: llmError.status, code: llmError.code }).toEqual({ status: expected.status, code: expected.code });
    if (expected.message) expect(llmError.message).toMatch(expected.message);
    expect(llmError.message).not.toContain(KEY);
    return llmError;
  }

  const invoiceCount = (ctx: { userId: string }) => t.db.invoice.count({ where: { userId: ctx.userId } });

  describe("providers", () => {
    it("rejects an unknown provider with every supported value, before any call", async () => {
      const ctx = await account();
      const error = await generateInvoice(services, ctx, request({ provider: "claude-3" })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      const message = (error as ValidationError).message;
      for (const value of LLM_PROVIDERS) expect(message).toContain(value);
      expect((error as ValidationError).issues[0]?.path).toEqual(["provider"]);
      expect(llm.requests).toHaveLength(0);
      expect(await invoiceCount(ctx)).toBe(0);
    });

    it("requires a key for hosted providers, and base URL + model for openai-compatible", () => {
      const config = services.config;
      expect(() => resolveProvider({ provider: "gemini-25-flash" }, config)).toThrow(/apiKey: is required for gemini-25-flash/);
      expect(() => resolveProvider({ provider: "gpt-4o", apiKey: KEY, baseUrl: "http://evil.example/v1" }, config)).toThrow(
        /baseUrl: is only accepted with openai-compatible/,
      );
      expect(() => resolveProvider({ provider: "openai-compatible" }, config)).toThrow(/baseUrl: is required.*model: is required/);
      expect(() => resolveProvider({ provider: "openai-compatible", baseUrl: "ftp://x", model: "m" }, config)).toThrow(
        /must be an http\(s\) URL/,
      );
      expect(resolveProvider({ provider: "offline" }, config)).toEqual({ kind: "offline", provider: "offline" });
    });

    it("uses the vendors' real endpoints unless configured", () => {
      const config = { OPENAI_BASE_URL: undefined, GEMINI_BASE_URL: undefined };
      expect(resolveProvider({ provider: "gpt-41", apiKey: KEY }, config)).toMatchObject({
        baseURL: "https://api.openai.com/v1",
        model: "gpt-4.1",
      });
      expect(resolveProvider({ provider: "gemini-20-flash-lite", apiKey: KEY }, config)).toMatchObject({
        baseURL: "https://generativelanguage.googleapis.com/v1beta/openai/",
        model: "gemini-2.0-flash-lite",
      });
    });
  });

  describe("the request sent to the model", () => {
    const expectedModel: Record<string, string> = {
      "gemini-25-flash": "gemini-2.5-flash",
      "gemini-25-flash-lite": "gemini-2.5-flash-lite",
      "gemini-25-pro": "gemini-2.5-pro",
      "gemini-20-flash": "gemini-2.0-flash",
      "gemini-20-flash-lite": "gemini-2.0-flash-lite",
      "gpt-4o": "gpt-4o",
      "gpt-4o-mini": "gpt-4o-mini",
      "gpt-4-turbo": "gpt-4-turbo",
      "gpt-41": "gpt-4.1",
      "gpt-41-mini": "gpt-4.1-mini",
    };

    it.each(Object.keys(HOSTED_MODELS))("%s: one strict json_schema chat completion with the key, today and the account defaults", async (provider) => {
      const ctx = await account();
      llm.reply(ok(canonicalExtraction()));
      await generateInvoice(services, ctx, request({ provider, preview: true }));
      expect(llm.requests).toHaveLength(1);
      const sent = llm.requests[0]!;
      expect(sent.method).toBe("POST");
      expect(sent.path).toBe(provider.startsWith("gemini") ? "/v1beta/openai/chat/completions" : "/v1/chat/completions");
      expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(sent.headers["openai-organization"]).toBeUndefined();
      expect(sent.headers["openai-project"]).toBeUndefined();
      expect(sent.body.model).toBe(expectedModel[provider]);
      expect(sent.body.stream).toBeUndefined();
      expect(sent.body.temperature).toBe(0);
      expect(sent.body.response_format).toEqual({
        type: "json_schema",
        json_schema: { name: "invoice_extraction", strict: true, schema: extractionJsonSchema() },
      });
      expect(sent.body.messages).toHaveLength(2);
      const [system, user] = sent.body.messages;
      expect(system.role).toBe("system");
      expect(system.content).toContain(`Today is ${TODAY} (time zone Pacific/Auckland)`);
      expect(system.content).toContain("currency EUR, locale de-DE, time zone Pacific/Auckland");
      expect(system.content).toContain("Extract only what the words say");
      expect(system.content).toContain("Never compute totals");
      expect(system.content).toMatch(/relative dates for "in N days"/);
      for (const rule of SYSTEM_PROMPT_RULES) expect(system.content).toContain(rule);
      expect(user).toEqual({ role: "user", content: CANONICAL_PROMPT });
    });

    it("openai-compatible: the caller's base URL and model, no Authorization header without a key", async () => {
      const ctx = await account();
      llm.reply(ok(canonicalExtraction()));
      await generateInvoice(services, ctx, request({ provider: "openai-compatible", apiKey: undefined, baseUrl: llm.openaiBaseUrl, model: "llama3.1:8b", preview: true }));
      const sent = llm.requests[0]!;
      expect(sent.path).toBe("/v1/chat/completions");
      expect(sent.body.model).toBe("llama3.1:8b");
      expect(sent.headers.authorization).toBeUndefined();
      expect(sent.body.temperature).toBeUndefined();
      expect(sent.body.response_format.json_schema.strict).toBe(true);

      await generateInvoice(services, ctx, request({ provider: "openai-compatible", apiKey: "or-key-123", baseUrl: `${llm.url}/v1/`, model: "meta/llama", preview: true }));
      expect(llm.requests[1]!.headers.authorization).toBe("Bearer or-key-123");
      expect(llm.requests[1]!.path).toBe("/v1/chat/completions");
    });
  });

  describe("a good answer", () => {
    it("becomes a stored invoice: resolved dates, defaults, parties, payment lines and origin", async () => {
      const ctx = await account();
      llm.reply(ok(canonicalExtraction()));
      const result = await generateInvoice(services, ctx, request({ provider: "gemini-25-flash" }));
      expect(result.attempts).toBe(1);
      expect(result.model).toBe("gemini-2.5-flash");
      const invoice = result.invoice!;
      expect(invoice).toMatchObject({
        number: "INV-0001",
        status: "draft",
        issuedAt: TODAY,
        dueAt: "2026-04-10",
        currency: "USD",
        // an English prompt keeps the account's locale
        locale: "de-DE",
        customerName: "Acme Corp",
        subtotalMinor: 150000n,
        taxMinor: 15000n,
        totalMinor: 165000n,
        promptId: null,
        promptText: CANONICAL_PROMPT,
        llmProvider: "gemini-25-flash",
      });
      expect(invoice.fromDetails).toEqual([
        { label: "Name", value: "John Smith" },
        { label: "Company", value: "Smith LLC" },
      ]);
      expect(invoice.toDetails).toEqual([{ label: "Name", value: "Acme Corp" }]);
      expect(invoice.paymentDetails).toEqual([
        { label: "Bank", value: "Chase Bank" },
        { label: "Account", value: "1234567890" },
      ]);
      expect(invoice.items.map((i) => [i.description, i.quantity, i.unit, i.unitPrice])).toEqual([["Consulting", "10", "hour", "150"]]);
      expect(invoice.taxes.map((x) => [x.name, x.rate])).toEqual([["Tax", "10"]]);
      expect(result.totals.totalMinor).toBe(165000n);
      expect(result.document).toMatchObject({ id: invoice.id, number: "INV-0001", dueAt: "2026-04-10" });
      expect(result.missing).toEqual([]);
      expect(await invoiceCount(ctx)).toBe(1);
    });

    it("applies the account defaults for what the prompt leaves out and reports it as missing", async () => {
      const ctx = await account();
      llm.reply(
        ok(
          canonicalExtraction({
            currency: null,
            localeHint: "de-DE",
            to: { name: null, company: null, email: null, address: null, lines: [] },
            dueDate: { kind: "none", date: null, days: null },
            issueDate: { kind: "absolute", date: "2026-02-01", days: null },
            missing: ["to.name", "dueDate", "currency"],
          }),
        ),
      );
      const result = await generateInvoice(services, ctx, request());
      expect(result.invoice).toMatchObject({ currency: "EUR", issuedAt: "2026-02-01", dueAt: "2026-03-03", customerName: null, totalMinor: 165000n });
      expect(result.missing.sort()).toEqual(["currency", "dueDate", "to.name"]);
    });

    it("a prompt in another language gets that language's locale", async () => {
      const ctx = await account();
      await updateAccountSettings(t.db, ctx.userId, { locale: "en-US" });
      llm.reply(ok(canonicalExtraction({ localeHint: "fr-FR" })));
      expect((await generateInvoice(services, ctx, request())).invoice!.locale).toBe("fr-FR");
    });

    it("accepts an answer wrapped in a Markdown fence (servers without structured output)", async () => {
      const ctx = await account();
      llm.reply(ok("```json\n" + JSON.stringify(canonicalExtraction()) + "\n```"));
      const result = await generateInvoice(services, ctx, request({ provider: "openai-compatible", apiKey: null, baseUrl: llm.openaiBaseUrl, model: "qwen" }));
      expect(result.invoice!.totalMinor).toBe(165000n);
      expect(result.invoice!.llmProvider).toBe("openai-compatible");
    });
  });

  describe("retry once", () => {
    it("retries malformed JSON with the problem appended, then succeeds", async () => {
      const ctx = await account();
      llm.enqueue(malformed(), ok(canonicalExtraction()));
      const result = await generateInvoice(services, ctx, request());
      expect(result.attempts).toBe(2);
      expect(llm.requests).toHaveLength(2);
      const messages = llm.requests[1]!.body.messages;
      expect(messages.map((m: { role: string }) => m.role)).toEqual(["system", "user", "assistant", "user"]);
      expect(messages[2].content).toContain("{items: [oops");
      expect(messages[3].content).toContain("the answer is not valid JSON");
      expect(messages[3].content).toContain("never invent a value");
      expect(llm.requests[1]!.body.response_format).toEqual(llm.requests[0]!.body.response_format);
      expect(await invoiceCount(ctx)).toBe(1);
    });

    it("retries a schema-violating answer with the zod issues", async () => {
      const ctx = await account();
      llm.enqueue(ok({ ...canonicalExtraction(), items: [{ description: "Consulting", quantity: 10 }] }), ok(canonicalExtraction()));
      const result = await generateInvoice(services, ctx, request());
      expect(result.attempts).toBe(2);
      expect(llm.requests[1]!.body.messages[3].content).toMatch(/items\[0\]\.quantity/);
    });

    it("retries an invoice the service rejects, with the service's field errors", async () => {
      const ctx = await account();
      llm.enqueue(
        ok(canonicalExtraction({ issueDate: { kind: "absolute", date: "2026-03-01", days: null }, dueDate: { kind: "absolute", date: "2026-02-01", days: null } })),
        ok(canonicalExtraction()),
      );
      const result = await generateInvoice(services, ctx, request());
      expect(result.attempts).toBe(2);
      expect(llm.requests[1]!.body.messages[3].content).toContain("dueAt: must not be before the issue date 2026-03-01");
      expect(await invoiceCount(ctx)).toBe(1);
    });

    it("fails with 422 after the second bad answer and stores nothing", async () => {
      const ctx = await account();
      llm.reply(malformed());
      const error = await expectLlmError(generateInvoice(services, ctx, request()), { status: 422, code: "LLM_INVALID_ANSWER", message: /not valid JSON/ });
      expect(error.message).toMatch(/even after a retry/);
      expect(llm.requests).toHaveLength(2);
      expect(await invoiceCount(ctx)).toBe(0);
    });

    it("fails with 422 naming what the prompt does not say", async () => {
      const ctx = await account();
      llm.reply(
        ok(
          canonicalExtraction({
            items: [{ description: "Consulting", quantity: "10", unit: "hour", unitPrice: null, discountPercent: null, taxPercent: null }],
            missing: ["items[0].unitPrice"],
          }),
        ),
      );
      const error = await expectLlmError(generateInvoice(services, ctx, request({ prompt: "Invoice Acme Corp for 10 hours of consulting." })), {
        status: 422,
        code: "INVOICE_INCOMPLETE",
        message: /items\[0\]\.unitPrice: the prompt gives no price for "Consulting"/,
      });
      expect(error.missing).toEqual(["items[0].unitPrice"]);
      expect(llm.requests).toHaveLength(2);
      expect(await invoiceCount(ctx)).toBe(0);
    });
  });

  describe("provider failures", () => {
    const cases = [
      { name: "401 bad key", reply: unauthorized(`Incorrect API key provided: ${KEY}`), status: 400, code: "LLM_KEY_REJECTED", message: /^The LLM provider rejected the API key/ },
      { name: "403 forbidden key", reply: { mode: "error" as const, status: 403, message: `key ${KEY} has no access` }, status: 400, code: "LLM_KEY_REJECTED", message: /rejected the API key/ },
      { name: "Gemini's 400 API_KEY_INVALID", reply: geminiBadKey(), status: 400, code: "LLM_KEY_REJECTED", message: /rejected the API key/, provider: "gemini-25-pro" },
      { name: "500", reply: serverError(500), status: 502, code: "LLM_UNAVAILABLE", message: /failed \(HTTP 500\)/ },
      { name: "503", reply: serverError(503), status: 502, code: "LLM_UNAVAILABLE", message: /HTTP 503/ },
      // Our words and the status code; the provider's body ("The model does not exist…") is never passed on.
      { name: "404 unknown model", reply: { mode: "error" as const, status: 404, message: `The model does not exist (key ${KEY}, sk-te****4a)` }, status: 502, code: "LLM_REQUEST_REJECTED", message: /^The LLM provider rejected the request \(HTTP 404\); check the model name and the server's logs$/ },
      { name: "refusal", reply: refusal(), status: 422, code: "LLM_REFUSED", message: /refused/ },
      { name: "empty content", reply: empty(), status: 422, code: "LLM_EMPTY_ANSWER", message: /answered nothing/ },
      { name: "finish_reason length", reply: cutOff(), status: 422, code: "LLM_TRUNCATED", message: /cut off/ },
      { name: "content filter", reply: ok("{}", "content_filter"), status: 422, code: "LLM_REFUSED", message: /content filter/ },
    ];

    it.each(cases)("$name → $status $code, one call, no invoice", async ({ reply, status, code, message, provider }) => {
      const ctx = await account();
      llm.reply(reply);
      const error = await expectLlmError(generateInvoice(services, ctx, request({ provider: provider ?? "gpt-4o" })), { status, code, message });
      expect(error.message).not.toMatch(/\*\*\*\*/);
      expect(llm.requests).toHaveLength(1);
      expect(await invoiceCount(ctx)).toBe(0);
    });

    it("429 → 429 with the provider's Retry-After (seconds or HTTP date)", async () => {
      const ctx = await account();
      llm.reply(rateLimited("17"));
      const error = await expectLlmError(generateInvoice(services, ctx, request()), { status: 429, code: "LLM_RATE_LIMITED", message: /retry after 17 s/ });
      expect(error.retryAfterSeconds).toBe(17);
      llm.reply(rateLimited(new Date(Date.now() + 120_000).toUTCString()));
      const dated = await expectLlmError(generateInvoice(services, ctx, request()), { status: 429, code: "LLM_RATE_LIMITED" });
      expect(dated.retryAfterSeconds).toBeGreaterThan(100);
      expect(dated.retryAfterSeconds).toBeLessThanOrEqual(121);
      expect(llm.requests).toHaveLength(2);
      expect(await invoiceCount(ctx)).toBe(0);
    });

    it("a provider slower than LLM_TIMEOUT_MS → 502 LLM_TIMEOUT", async () => {
      const ctx = await account();
      llm.reply(slow(3_000, ok(canonicalExtraction())));
      const quick = { ...services, config: { ...services.config, LLM_TIMEOUT_MS: 300 } };
      const started = Date.now();
      await expectLlmError(generateInvoice(quick, ctx, request()), { status: 502, code: "LLM_TIMEOUT", message: /did not answer in time/ });
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(await invoiceCount(ctx)).toBe(0);
    });

    it("connection refused → 502 LLM_UNAVAILABLE", async () => {
      const ctx = await account();
      const closed = await startFakeLlmServer();
      await closed.close();
      await expectLlmError(
        generateInvoice(services, ctx, request({ provider: "openai-compatible", baseUrl: closed.openaiBaseUrl, model: "m" })),
        { status: 502, code: "LLM_UNAVAILABLE", message: /^The LLM server could not be reached/ },
      );
      expect(await invoiceCount(ctx)).toBe(0);
    });
  });

  describe("preview", () => {
    it("validates and computes everything, stores nothing, and does not use up an invoice number", async () => {
      const ctx = await account();
      llm.reply(ok(canonicalExtraction()));
      const result = await generateInvoice(services, ctx, request({ preview: true }));
      expect(result.invoice).toBeNull();
      expect(result.document).toMatchObject({
        id: null,
        updatedAt: null,
        number: "INV-0001",
        issuedAt: TODAY,
        dueAt: "2026-04-10",
        currency: "USD",
        paymentDetails: [
          { label: "Bank", value: "Chase Bank" },
          { label: "Account", value: "1234567890" },
        ],
      });
      expect(result.totals).toMatchObject({ subtotalMinor: 150000n, taxTotalMinor: 15000n, totalMinor: 165000n });
      expect(await invoiceCount(ctx)).toBe(0);
      const next = await createInvoice(ctx, { items: [{ description: "x", quantity: "1", unitPrice: "1" }] });
      expect(next.number).toBe("INV-0001");
    });

    it("a preview the service rejects is retried and then fails like a create", async () => {
      const ctx = await account();
      llm.reply(ok(canonicalExtraction({ currency: "XYZ" })));
      await expectLlmError(generateInvoice(services, ctx, request({ preview: true })), { status: 422, code: "LLM_INVALID_ANSWER", message: /currency/ });
      expect(llm.requests).toHaveLength(2);
      expect(await invoiceCount(ctx)).toBe(0);
    });
  });

  describe("a re-run of the same request (request key)", () => {
    it("stores the key on the invoice; a re-run returns that invoice without calling the model again", async () => {
      const ctx = await account();
      llm.reply(ok(canonicalExtraction()));
      const first = await generateInvoice(services, ctx, request({ requestKey: "gen-1" }));
      expect(first.invoice!.requestKey).toBe("gen-1");
      expect(llm.requests).toHaveLength(1);
      llm.reply(serverError()); // what a second model call would get
      const again = await generateInvoice(services, ctx, request({ requestKey: "gen-1" }));
      expect(llm.requests).toHaveLength(1);
      expect(again.invoice).toEqual(first.invoice);
      expect(again.document).toEqual(first.document);
      expect(again.totals).toEqual(first.totals);
      expect(again.attempts).toBe(0);
      expect(await invoiceCount(ctx)).toBe(1);
      // A preview with the key stores nothing and is not answered from the stored invoice.
      llm.reply(ok(canonicalExtraction()));
      const preview = await generateInvoice(services, ctx, request({ requestKey: "gen-1", preview: true }));
      expect(preview.invoice).toBeNull();
      expect(llm.requests).toHaveLength(2);
      expect(await invoiceCount(ctx)).toBe(1);
    });
  });

  describe("saved prompts", () => {
    it("generates from a saved prompt's text and records the prompt", async () => {
      const ctx = await account();
      const saved = await createPrompt(ctx, { text: CANONICAL_PROMPT, labels: [] });
      llm.reply(ok(canonicalExtraction()));
      const result = await generateInvoice(services, ctx, request({ prompt: undefined, promptId: saved.id }));
      expect(llm.requests[0]!.body.messages[1].content).toBe(CANONICAL_PROMPT);
      expect(result.invoice).toMatchObject({ promptId: saved.id, promptText: CANONICAL_PROMPT, llmProvider: "gpt-4o-mini" });
    });

    it("another account's prompt is not found, and nothing is sent", async () => {
      const owner = await account();
      const saved = await createPrompt(owner, { text: CANONICAL_PROMPT, labels: [] });
      const other = await account();
      const error = await generateInvoice(services, other, request({ prompt: undefined, promptId: saved.id })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(llm.requests).toHaveLength(0);
      expect(await invoiceCount(other)).toBe(0);
    });

    it("no prompt and no saved prompt is a validation error", async () => {
      const ctx = await account();
      await expect(generateInvoice(services, ctx, request({ prompt: "  " }))).rejects.toThrow(/prompt: is required/);
    });
  });

  describe("offline", () => {
    it("the canonical prompt: 10 × 150.00, 10% tax, 1,650.00 USD, due in 30 days, parties and bank lines", async () => {
      const ctx = await account();
      const result = await generateInvoice(services, ctx, { prompt: CANONICAL_PROMPT, provider: "offline", preview: false });
      expect(llm.requests).toHaveLength(0);
      expect(result).toMatchObject({ provider: "offline", model: null, attempts: 0, missing: [] });
      const invoice = result.invoice!;
      expect(invoice).toMatchObject({
        issuedAt: TODAY,
        dueAt: "2026-04-10",
        currency: "USD",
        customerName: "Acme Corp",
        subtotalMinor: 150000n,
        taxMinor: 15000n,
        totalMinor: 165000n,
        llmProvider: "offline",
        promptText: CANONICAL_PROMPT,
      });
      expect(invoice.items.map((i) => [i.description, i.quantity, i.unit, i.unitPrice, i.netMinor])).toEqual([["Consulting", "10", "hour", "150", 150000n]]);
      expect(invoice.taxes.map((x) => [x.name, x.rate])).toEqual([["Tax", "10"]]);
      expect(invoice.fromDetails).toEqual([
        { label: "Name", value: "John Smith" },
        { label: "Company", value: "Smith LLC" },
      ]);
      expect(invoice.toDetails).toEqual([{ label: "Name", value: "Acme Corp" }]);
      expect(invoice.paymentDetails).toEqual([
        { label: "Bank", value: "Chase Bank" },
        { label: "Account", value: "1234567890" },
      ]);
    });

    it("a prompt without items → 422 listing what is missing, nothing stored", async () => {
      const ctx = await account();
      const error = await expectLlmError(generateInvoice(services, ctx, { prompt: "Invoice for Acme Corp, due in 30 days.", provider: "offline", preview: false }), {
        status: 422,
        code: "INVOICE_INCOMPLETE",
        message: /items: the prompt names nothing to bill/,
      });
      expect(error.missing).toContain("items");
      expect(await invoiceCount(ctx)).toBe(0);
    });
  });

  it("scrubSecret removes the key and provider-masked keys", () => {
    expect(scrubSecret(`bad key ${KEY}, ${KEY}; shown as sk-tes************4a.`, KEY)).toBe("bad key [redacted], [redacted]; shown as [redacted]");
  });
});
