import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../app.ts";
import type { Config } from "../../config.ts";
import {
  CANONICAL_PROMPT,
  canonicalExtraction,
  cutOff,
  empty,
  malformed,
  ok,
  rateLimited,
  refusal,
  serverError,
  slow,
  startFakeLlmServer,
  unauthorized,
  type FakeLlmServer,
  type FakeReply,
} from "../../test/fake-llm-server.ts";
import { createAccount, graphql } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { createPrompt } from "../prompts/prompts.service.ts";
import { generateInvoiceForRequest } from "./generate.ts";

const NOW = new Date("2026-03-10T12:00:00Z");
const TODAY = "2026-03-10";

const GENERATE = `mutation($input: GenerateInvoiceInput!, $apiKey: String) {
  generateInvoice(input: $input, apiKey: $apiKey) {
    __typename
    ... on GenerateInvoiceSuccess {
      generatedInvoice {
        provider model attempts missing
        invoice {
          rawId number issuedAt dueAt currency promptText llmProvider prompt { rawId }
          fromDetails { label value } toDetails { label value } paymentDetails { label value }
          items { description quantity unit unitPrice amount { amount } }
          totals { subtotal { amount } taxes { name rate amount { amount } } total { amount minor currencyCode formatted } }
        }
        preview {
          number title status issuedAt dueAt currency customerName
          paymentDetails { label value }
          items { description quantity unitPrice amount { amount } }
          totals { taxes { name rate base { amount } amount { amount } } subtotal { amount } taxTotal { amount } }
          total { amount formatted }
        }
      }
    }
    ... on GenerationError { message code status retryAfterSeconds missing }
    ... on ValidationError { message issues { path message } }
    ... on NotFoundError { message resource }
    ... on ForbiddenError { message code }
  }
}`;

describe("generateInvoice over GraphQL", () => {
  // The fake server's URL is known only once it listens: fill the config before the app is built.
  // ALLOW_PRIVATE_LLM_URLS: the fake server listens on 127.0.0.1 and is also used as an openai-compatible URL.
  const llmConfig: Partial<Config> = { LLM_TIMEOUT_MS: 1_000, ALLOW_PRIVATE_LLM_URLS: true };
  let llm: FakeLlmServer;
  beforeAll(async () => {
    llm = await startFakeLlmServer();
    Object.assign(llmConfig, { OPENAI_BASE_URL: llm.openaiBaseUrl, GEMINI_BASE_URL: llm.geminiBaseUrl });
  });
  afterAll(() => llm.close());
  beforeEach(() => llm.reset());

  const t = useTestApp({ config: llmConfig, now: () => NOW });

  async function generate(auth: Record<string, string>, { apiKey, ...input }: Record<string, unknown>) {
    const res = await graphql(t, GENERATE, { input, apiKey }, auth);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.generateInvoice;
  }

  const invoiceCount = (userId: string) => t.db.invoice.count({ where: { userId } });

  it("GPT-4o against an OpenAI-compatible server: stored invoice, preview and the exact request", async () => {
    const a = await createAccount(t.db);
    llm.reply(ok(canonicalExtraction()));
    const result = await generate(a.auth, { prompt: CANONICAL_PROMPT, provider: "GPT_4O", apiKey: "sk-graphql-1" });
    expect(result.__typename).toBe("GenerateInvoiceSuccess");
    expect(result.generatedInvoice).toMatchObject({
      provider: "GPT_4O",
      model: "gpt-4o",
      attempts: 1,
      missing: [],
      invoice: {
        number: "INV-0001",
        issuedAt: TODAY,
        dueAt: "2026-04-09",
        currency: "USD",
        promptText: CANONICAL_PROMPT,
        llmProvider: "gpt-4o",
        prompt: null,
        fromDetails: [
          { label: "Name", value: "John Smith" },
          { label: "Company", value: "Smith LLC" },
        ],
        toDetails: [{ label: "Name", value: "Acme Corp" }],
        paymentDetails: [
          { label: "Bank", value: "Chase Bank" },
          { label: "Account", value: "1234567890" },
        ],
        items: [{ description: "Consulting", quantity: "10", unit: "hour", unitPrice: "150", amount: { amount: "1500.00" } }],
        totals: {
          subtotal: { amount: "1500.00" },
          taxes: [{ name: "Tax", rate: "10", amount: { amount: "150.00" } }],
          total: { amount: "1650.00", minor: "165000", currencyCode: "USD", formatted: "$1,650.00" },
        },
      },
      preview: {
        number: "INV-0001",
        title: "Invoice INV-0001",
        status: "DRAFT",
        customerName: "Acme Corp",
        totals: {
          taxes: [{ name: "Tax", rate: "10", base: { amount: "1500.00" }, amount: { amount: "150.00" } }],
          subtotal: { amount: "1500.00" },
          taxTotal: { amount: "150.00" },
        },
        total: { amount: "1650.00", formatted: "$1,650.00" },
      },
    });
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]!.path).toBe("/v1/chat/completions");
    expect(llm.requests[0]!.headers.authorization).toBe("Bearer sk-graphql-1");
    expect(llm.requests[0]!.body.response_format.json_schema).toMatchObject({ name: "invoice_extraction", strict: true });
    expect(llm.requests[0]!.body.messages[0].content).toContain(`Today is ${TODAY} (time zone UTC)`);
    expect(await invoiceCount(a.user.id)).toBe(1);
  });

  it("Gemini goes to GEMINI_BASE_URL with the Gemini model id", async () => {
    const a = await createAccount(t.db);
    llm.reply(ok(canonicalExtraction()));
    const result = await generate(a.auth, { prompt: CANONICAL_PROMPT, provider: "GEMINI_25_FLASH_LITE", apiKey: "AIza-graphql" });
    expect(result.generatedInvoice.model).toBe("gemini-2.5-flash-lite");
    expect(llm.requests[0]!.path).toBe("/v1beta/openai/chat/completions");
    expect(llm.requests[0]!.body.model).toBe("gemini-2.5-flash-lite");
  });

  it("offline: the canonical prompt without any network", async () => {
    const a = await createAccount(t.db);
    const result = await generate(a.auth, { prompt: CANONICAL_PROMPT, provider: "OFFLINE" });
    expect(llm.requests).toHaveLength(0);
    expect(result.generatedInvoice).toMatchObject({
      provider: "OFFLINE",
      model: null,
      attempts: 0,
      invoice: {
        issuedAt: TODAY,
        dueAt: "2026-04-09",
        currency: "USD",
        llmProvider: "offline",
        fromDetails: [
          { label: "Name", value: "John Smith" },
          { label: "Company", value: "Smith LLC" },
        ],
        toDetails: [{ label: "Name", value: "Acme Corp" }],
        paymentDetails: [
          { label: "Bank", value: "Chase Bank" },
          { label: "Account", value: "1234567890" },
        ],
        items: [{ description: "Consulting", quantity: "10", unit: "hour", unitPrice: "150", amount: { amount: "1500.00" } }],
        totals: { taxes: [{ name: "Tax", rate: "10", amount: { amount: "150.00" } }], total: { amount: "1650.00", currencyCode: "USD", formatted: "$1,650.00" } },
      },
    });
  });

  it("save: false returns the preview with totals and stores nothing", async () => {
    const a = await createAccount(t.db);
    const result = await generate(a.auth, { prompt: CANONICAL_PROMPT, provider: "OFFLINE", save: false });
    expect(result.generatedInvoice.invoice).toBeNull();
    expect(result.generatedInvoice.preview).toMatchObject({
      number: "INV-0001",
      issuedAt: TODAY,
      dueAt: "2026-04-09",
      items: [{ description: "Consulting", quantity: "10", unitPrice: "150", amount: { amount: "1500.00" } }],
      total: { amount: "1650.00", formatted: "$1,650.00" },
    });
    expect(await invoiceCount(a.user.id)).toBe(0);
  });

  it("promptId: generates from the saved prompt and links it; another account's prompt is not found", async () => {
    const a = await createAccount(t.db);
    const saved = await createPrompt({ db: t.db, userId: a.user.id }, { text: CANONICAL_PROMPT });
    const globalId = Buffer.from(`Prompt:${saved.id}`).toString("base64");
    const result = await generate(a.auth, { provider: "OFFLINE", promptId: globalId });
    expect(result.generatedInvoice.invoice).toMatchObject({ prompt: { rawId: saved.id }, promptText: CANONICAL_PROMPT });
    const byRawId = await generate(a.auth, { provider: "OFFLINE", promptId: saved.id, save: false });
    expect(byRawId.__typename).toBe("GenerateInvoiceSuccess");

    const b = await createAccount(t.db);
    const foreign = await generate(b.auth, { provider: "GPT_4O", apiKey: "sk-x", promptId: globalId });
    expect(foreign).toEqual({ __typename: "NotFoundError", message: "Prompt not found", resource: "Prompt" });
    expect(llm.requests).toHaveLength(0);
    expect(await invoiceCount(b.user.id)).toBe(0);
  });

  it("bad requests are ValidationErrors with field paths", async () => {
    const a = await createAccount(t.db);
    const noKey = await generate(a.auth, { prompt: CANONICAL_PROMPT, provider: "GPT_41" });
    expect(noKey).toMatchObject({ __typename: "ValidationError", issues: [{ path: ["apiKey"], message: "is required for gpt-41" }] });
    const compatible = await generate(a.auth, { prompt: CANONICAL_PROMPT, provider: "OPENAI_COMPATIBLE" });
    expect(compatible.issues.map((i: { path: string[] }) => i.path[0])).toEqual(["baseUrl", "model"]);
    const noPrompt = await generate(a.auth, { provider: "OFFLINE" });
    expect(noPrompt).toMatchObject({ __typename: "ValidationError", issues: [{ path: ["prompt"] }] });
    const unknown = await graphql(t, GENERATE, { input: { prompt: "x", provider: "CLAUDE" } }, a.auth);
    expect(unknown.body.errors?.[0]?.message).toMatch(/LlmProvider/);
    expect(await invoiceCount(a.user.id)).toBe(0);
  });

  it("needs write permission: a read-only token gets the ForbiddenError member", async () => {
    const a = await createAccount(t.db);
    const res = await graphql(t, GENERATE, { input: { prompt: CANONICAL_PROMPT, provider: "OFFLINE" } }, a.readOnlyAuth);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.generateInvoice).toMatchObject({ __typename: "ForbiddenError", code: "FORBIDDEN" });
    expect(await invoiceCount(a.user.id)).toBe(0);
  });

  describe("failures are GenerationErrors and leave no invoice", () => {
    const cases: { name: string; replies: FakeReply[]; status: number; code: string; message: RegExp; calls: number }[] = [
      { name: "bad key (401)", replies: [unauthorized()], status: 400, code: "LLM_KEY_REJECTED", message: /^The LLM provider rejected the API key/, calls: 1 },
      { name: "rate limit (429)", replies: [rateLimited("42")], status: 429, code: "LLM_RATE_LIMITED", message: /retry after 42 s/, calls: 1 },
      { name: "provider error (500)", replies: [serverError()], status: 502, code: "LLM_UNAVAILABLE", message: /HTTP 500/, calls: 1 },
      { name: "timeout", replies: [slow(3_000)], status: 502, code: "LLM_TIMEOUT", message: /did not answer in time/, calls: 1 },
      { name: "refusal", replies: [refusal("I can't do that.")], status: 422, code: "LLM_REFUSED", message: /refused: I can't do that/, calls: 1 },
      { name: "empty answer", replies: [empty()], status: 422, code: "LLM_EMPTY_ANSWER", message: /answered nothing/, calls: 1 },
      { name: "cut off", replies: [cutOff()], status: 422, code: "LLM_TRUNCATED", message: /cut off/, calls: 1 },
      { name: "malformed JSON twice", replies: [malformed(), malformed()], status: 422, code: "LLM_INVALID_ANSWER", message: /not valid JSON/, calls: 2 },
      {
        name: "schema-violating JSON twice",
        replies: [ok({ items: "none" }), ok({ ...canonicalExtraction(), dueDate: "soon" })],
        status: 422,
        code: "LLM_INVALID_ANSWER",
        message: /dueDate/,
        calls: 2,
      },
    ];

    it.each(cases)("$name → $status $code", async ({ replies, status, code, message, calls }) => {
      const a = await createAccount(t.db);
      llm.enqueue(...replies);
      const result = await generate(a.auth, { prompt: CANONICAL_PROMPT, provider: "GPT_4O_MINI", apiKey: "sk-failure" });
      expect(result).toMatchObject({ __typename: "GenerationError", status, code });
      expect(result.message).toMatch(message);
      expect(result.retryAfterSeconds).toBe(status === 429 ? 42 : null);
      expect(llm.requests).toHaveLength(calls);
      expect(await invoiceCount(a.user.id)).toBe(0);
    });

    it("an unreachable openai-compatible server → 502", async () => {
      const a = await createAccount(t.db);
      const gone = await startFakeLlmServer();
      await gone.close();
      const result = await generate(a.auth, { prompt: CANONICAL_PROMPT, provider: "OPENAI_COMPATIBLE", baseUrl: gone.openaiBaseUrl, model: "llama3" });
      expect(result).toMatchObject({ __typename: "GenerationError", status: 502, code: "LLM_UNAVAILABLE" });
    });

    it("offline without anything to bill → 422 with the missing fields", async () => {
      const a = await createAccount(t.db);
      const result = await generate(a.auth, { prompt: "Invoice Acme Corp for consulting, due in 30 days.", provider: "OFFLINE" });
      expect(result).toMatchObject({ __typename: "GenerationError", status: 422, code: "INVOICE_INCOMPLETE" });
      expect(result.missing.length).toBeGreaterThan(0);
      expect(result.message).toContain(result.missing[0]);
      expect(await invoiceCount(a.user.id)).toBe(0);
    });
  });

  it("retries once: a bad first answer, then a good one", async () => {
    const a = await createAccount(t.db);
    llm.enqueue(malformed(), ok(canonicalExtraction()));
    const result = await generate(a.auth, { prompt: CANONICAL_PROMPT, provider: "GPT_41_MINI", apiKey: "sk-retry" });
    expect(result.generatedInvoice).toMatchObject({ attempts: 2, model: "gpt-4.1-mini", invoice: { totals: { total: { amount: "1650.00" } } } });
    expect(llm.requests).toHaveLength(2);
    expect(await invoiceCount(a.user.id)).toBe(1);
  });

  describe("REST port", () => {
    it("POST /api/v1/invoices generates through generateInvoiceForRequest", async () => {
      const app = createApp({ db: t.db, provider: t.database.provider, config: t.config, logger: t.logger, now: () => NOW, generateInvoice: generateInvoiceForRequest });
      const a = await createAccount(t.db);
      llm.reply(ok(canonicalExtraction()));
      const post = (body: unknown, query = "") =>
        app.request(`/api/v1/invoices${query}`, { method: "POST", headers: { ...a.auth, "content-type": "application/json" }, body: JSON.stringify(body) });
      const created = await post({ prompt: CANONICAL_PROMPT, llm_provider: "gemini-25-flash", llm_api_key: "AIza-rest" });
      expect(created.status).toBe(201);
      const body = (await created.json()) as { invoice: Record<string, unknown> };
      expect(body.invoice).toMatchObject({ total: "1650.00", due_at: "2026-04-09", llm_provider: "gemini-25-flash" });
      const preview = await post({ prompt: CANONICAL_PROMPT, llm_provider: "offline" }, "?preview=true");
      expect(preview.status).toBe(200);
      expect(await preview.json()).toMatchObject({ preview: true, invoice: { id: null, total: "1650.00" } });
      llm.reply(rateLimited("9"));
      const limited = await post({ prompt: CANONICAL_PROMPT, llm_provider: "gpt-4o", llm_api_key: "sk-rest" });
      expect(limited.status).toBe(429);
      expect(await invoiceCount(a.user.id)).toBe(1);
    });
  });

  describe("the caller's API key", () => {
    const SECRET = "sk-proj-INVOBI-SECRECY-9c4f1e7a2b";

    it("appears in no response, no log line and nowhere in the database", async () => {
      const app = createApp({ db: t.db, provider: t.database.provider, config: t.config, logger: t.logger, now: () => NOW, generateInvoice: generateInvoiceForRequest });
      const a = await createAccount(t.db);
      const bodies: string[] = [];
      const viaGraphql = async (input: Record<string, unknown>) => {
        const res = await graphql(t, GENERATE, { input: { prompt: CANONICAL_PROMPT, ...input }, apiKey: SECRET }, a.auth);
        bodies.push(JSON.stringify(res.body), JSON.stringify([...res.headers]));
        return res.body.data?.generateInvoice;
      };
      const viaRest = async (provider: string, query = "") => {
        const res = await app.request(`/api/v1/invoices${query}`, {
          method: "POST",
          headers: { ...a.auth, "content-type": "application/json" },
          body: JSON.stringify({ prompt: CANONICAL_PROMPT, llm_provider: provider, llm_api_key: SECRET }),
        });
        bodies.push(await res.text(), JSON.stringify([...res.headers]));
        return res.status;
      };
      // The provider echoes the key in its errors, as real ones (partly) do.
      const echo = (status: number): FakeReply => ({ mode: "error", status, message: `Incorrect API key provided: ${SECRET}. Key ${SECRET.slice(0, 8)}****${SECRET.slice(-4)}` });
      const script: FakeReply[] = [
        ok(canonicalExtraction()),
        ok(canonicalExtraction()),
        echo(401),
        echo(404),
        rateLimited("3"),
        serverError(),
        slow(3_000),
        refusal(`I will not use ${SECRET}`),
        malformed(),
        malformed(),
      ];
      let successes = 0;
      for (const reply of script) {
        llm.reset();
        llm.reply(reply);
        const data = await viaGraphql({ provider: "GPT_4O" });
        if (data?.__typename === "GenerateInvoiceSuccess") successes += 1;
        llm.reset();
        llm.reply(reply);
        await viaRest("gpt-4o");
        await viaGraphql({ provider: "OPENAI_COMPATIBLE", baseUrl: llm.openaiBaseUrl, model: "local", save: false });
        // The key did reach the provider: that is its one use.
        expect(llm.requests.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);
      }
      await viaGraphql({ provider: "OFFLINE" });
      // Variable errors quote the offending input object: the key is not in it.
      expect(await viaGraphql({ provider: "GPT_4O", llmApiKey: "in the wrong place" })).toBeUndefined();
      expect(await viaGraphql({ provider: undefined })).toBeUndefined();
      expect(bodies.at(-2)).toMatch(/got invalid value \{.*Acme Corp/);
      await viaRest("offline", "?preview=true");
      expect(successes).toBe(2);
      expect(await invoiceCount(a.user.id)).toBeGreaterThanOrEqual(4);

      for (const body of bodies) expect(body).not.toContain(SECRET);
      expect(bodies.join("\n")).not.toContain(SECRET.slice(-10));
      const logs = t.logs.text();
      expect(logs.length).toBeGreaterThan(0);
      expect(logs).not.toContain(SECRET);
      expect(logs).toContain("invoice generation failed");

      if (t.database.provider === "sqlite") {
        await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(FULL)");
        const file = t.database.url.slice("file:".length);
        for (const path of [file, `${file}-wal`, `${file}-journal`]) {
          if (existsSync(path)) expect(readFileSync(path).includes(Buffer.from(SECRET)), path).toBe(false);
        }
        expect(readFileSync(file).includes(Buffer.from(CANONICAL_PROMPT))).toBe(true);
      } else {
        const tables = await t.db.$queryRawUnsafe<{ table_name: string }[]>(
          "SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        );
        let promptSeen = false;
        for (const { table_name } of tables) {
          const rows = await t.db.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
          for (const { row } of rows) {
            expect(row, table_name).not.toContain(SECRET);
            promptSeen ||= row.includes("Acme Corp from John Smith");
          }
        }
        expect(promptSeen).toBe(true);
      }
    });
  });
});
