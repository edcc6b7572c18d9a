/**
 * LLM calls and the SSRF guard (server/net/guarded-fetch.ts), through REST, GraphQL
 * and the service, against the real fake LLM server on 127.0.0.1:
 * - a caller's openai-compatible llm_base_url must be public unless the operator set
 *   ALLOW_PRIVATE_LLM_URLS=true; a refusal is a 400 naming the address and why, and
 *   nothing reaches the server;
 * - the hosted providers' base URLs are operator config (trusted), but a redirect away
 *   from them is checked;
 * - an upstream error body never reaches our caller; oversized answers fail.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../app.ts";
import { parseConfig, type Config } from "../../config.ts";
import { ValidationError } from "../../errors.ts";
import { CANONICAL_PROMPT, canonicalExtraction, ok, startFakeLlmServer, type FakeLlmServer } from "../../test/fake-llm-server.ts";
import { createAccount, graphql } from "../../test/factories.ts";
import { useTestApp } from "../../test/harness.ts";
import { LLM_MAX_RESPONSE_BYTES, generateInvoice, generateInvoiceForRequest, type GenerationServices } from "./generate.ts";
import { LlmError } from "./generation.port.ts";

const NOW = new Date("2026-03-10T12:00:00Z");
const HINT = "; set ALLOW_PRIVATE_LLM_URLS=true to allow";
const UPSTREAM_TEXT = "UPSTREAM-BODY-7f3a: model 'llama9' not found, try one of /srv/models/*";

describe("LLM calls through the SSRF guard", () => {
  const llmConfig: Partial<Config> = { LLM_TIMEOUT_MS: 5_000 };
  let llm: FakeLlmServer;
  beforeAll(async () => {
    llm = await startFakeLlmServer();
    Object.assign(llmConfig, { OPENAI_BASE_URL: llm.openaiBaseUrl, GEMINI_BASE_URL: llm.geminiBaseUrl });
  });
  afterAll(() => llm.close());
  beforeEach(() => llm.reset());

  // The default configuration: ALLOW_PRIVATE_LLM_URLS unset.
  const t = useTestApp({ config: llmConfig, now: () => NOW, app: { generateInvoice: generateInvoiceForRequest } });

  /** The same app with ALLOW_PRIVATE_LLM_URLS=true, as a self-hoster running Ollama on localhost would start it. */
  const selfHosted = () =>
    createApp({
      db: t.db,
      provider: t.database.provider,
      config: { ...t.config, ...parseConfig({ ALLOW_PRIVATE_LLM_URLS: "true" }), ...llmConfig, SESSION_SECRET: t.config.SESSION_SECRET },
      logger: t.logger,
      now: () => NOW,
      generateInvoice: generateInvoiceForRequest,
    });

  const postTo = (app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, auth: Record<string, string>, body: unknown) =>
    Promise.resolve(
      app.request("/api/v1/invoices", { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) }),
    ).then(async (res) => ({ status: res.status, text: await res.text() }));

  const compatible = (baseUrl: string) => ({ prompt: CANONICAL_PROMPT, llm_provider: "openai-compatible", llm_base_url: baseUrl, llm_model: "llama3.1" });

  it("ALLOW_PRIVATE_LLM_URLS is off unless the environment turns it on", () => {
    expect(parseConfig({}).ALLOW_PRIVATE_LLM_URLS).toBe(false);
    expect(parseConfig({ ALLOW_PRIVATE_LLM_URLS: "true" }).ALLOW_PRIVATE_LLM_URLS).toBe(true);
    expect(() => parseConfig({ ALLOW_PRIVATE_LLM_URLS: "sometimes" })).toThrow(/ALLOW_PRIVATE_LLM_URLS/);
    expect(t.config.ALLOW_PRIVATE_LLM_URLS).toBe(false);
  });

  it("REST: a private llm_base_url is a 400 naming the address and the switch; the server never hears of it", async () => {
    const a = await createAccount(t.db);
    const port = new URL(llm.url).port;
    const cases: [string, string][] = [
      [llm.openaiBaseUrl, `llm_base_url: is a loopback address (127.0.0.1)${HINT}`],
      [`http://localhost:${port}/v1`, `llm_base_url: resolves to a loopback address (127.0.0.1)${HINT}`],
      [`http://[::ffff:127.0.0.1]:${port}/v1`, `llm_base_url: is a loopback address (127.0.0.1)${HINT}`],
      [`http://2130706433:${port}/v1`, `llm_base_url: is a loopback address (127.0.0.1)${HINT}`],
      ["http://10.0.0.5:11434/v1", `llm_base_url: is a private address (10.0.0.5)${HINT}`],
      // Never allowed, so no hint.
      ["http://169.254.169.254/latest/meta-data", "llm_base_url: is a link-local address (169.254.169.254)"],
      [`http://0.0.0.0:${port}/v1`, "llm_base_url: is an unspecified address (0.0.0.0)"],
    ];
    for (const [url, error] of cases) {
      const res = await postTo(t.app, a.auth, compatible(url));
      expect(res, url).toEqual({ status: 400, text: JSON.stringify({ error, issues: [{ path: ["llm_base_url"], message: error.slice("llm_base_url: ".length) }] }) });
    }
    expect(llm.requests).toEqual([]);
    expect(await t.db.invoice.count({ where: { userId: a.user.id } })).toBe(0);
  });

  it("GraphQL: the same refusal is a ValidationError on baseUrl", async () => {
    const a = await createAccount(t.db);
    const res = await graphql(
      t,
      `mutation($input: GenerateInvoiceInput!) { generateInvoice(input: $input) { __typename ... on ValidationError { message issues { path message } } } }`,
      { input: { prompt: CANONICAL_PROMPT, provider: "OPENAI_COMPATIBLE", baseUrl: llm.openaiBaseUrl, model: "llama3.1" } },
      a.auth,
    );
    expect(res.body.data!.generateInvoice).toEqual({
      __typename: "ValidationError",
      message: `baseUrl: is a loopback address (127.0.0.1)${HINT}`,
      issues: [{ path: ["baseUrl"], message: `is a loopback address (127.0.0.1)${HINT}` }],
    });
    expect(llm.requests).toEqual([]);
  });

  it("with ALLOW_PRIVATE_LLM_URLS=true the openai-compatible provider works against the loopback server (link-local stays refused)", async () => {
    const a = await createAccount(t.db);
    llm.reply(ok(canonicalExtraction()));
    const app = selfHosted();
    const created = await postTo(app, a.auth, compatible(llm.openaiBaseUrl));
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text).invoice).toMatchObject({ total: "1650.00", llm_provider: "openai-compatible" });
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]!.body.model).toBe("llama3.1");
    const metadata = await postTo(app, a.auth, compatible("http://169.254.169.254/v1"));
    expect(metadata).toMatchObject({ status: 400, text: expect.stringContaining("llm_base_url: is a link-local address (169.254.169.254)\"") });
    expect(llm.requests).toHaveLength(1);
  });

  it("hosted providers reach the operator's OPENAI_BASE_URL on loopback without the switch (operator config is trusted)", async () => {
    const a = await createAccount(t.db);
    llm.reply(ok(canonicalExtraction()));
    const created = await postTo(t.app, a.auth, { prompt: CANONICAL_PROMPT, llm_provider: "gpt-4o", llm_api_key: "sk-hosted" });
    expect(created.status).toBe(201);
    expect(llm.requests).toHaveLength(1);
  });

  describe("a trusted provider URL that redirects to a private address", () => {
    let redirector: Server;
    let redirectorUrl = "";
    beforeAll(async () => {
      // "Operator-configured" proxy that answers every call with a redirect to the fake LLM on another port.
      redirector = createServer((_req, res) => res.writeHead(307, { location: `${llm.openaiBaseUrl}/chat/completions` }).end());
      await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.2", resolve));
      redirectorUrl = `http://127.0.0.2:${(redirector.address() as AddressInfo).port}/v1`;
    });
    afterAll(() => new Promise<void>((resolve) => redirector.close(() => resolve())));

    it("is refused at the redirect (502, the provider's fault), and the target never hears of it", async () => {
      const a = await createAccount(t.db);
      const services: GenerationServices = { config: { OPENAI_BASE_URL: redirectorUrl, GEMINI_BASE_URL: undefined, LLM_TIMEOUT_MS: 5_000 } };
      const error = await generateInvoice(services, { db: t.db, userId: a.user.id, now: () => NOW }, { prompt: CANONICAL_PROMPT, provider: "gpt-4o", apiKey: "sk-x", preview: true }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LlmError);
      expect(error).toMatchObject({ status: 502, code: "LLM_UNAVAILABLE", message: "The LLM provider redirects to a loopback address (127.0.0.1), which this server does not connect to" });
      expect(llm.requests).toEqual([]);
    });
  });

  describe("upstream failures", () => {
    it("a 4xx body is never reflected: 502 with our words and the upstream status, over REST and the service", async () => {
      const a = await createAccount(t.db);
      llm.reply({ mode: "error", status: 400, message: UPSTREAM_TEXT });
      const viaCompatible = await postTo(selfHosted(), a.auth, compatible(llm.openaiBaseUrl));
      expect(viaCompatible).toEqual({
        status: 502,
        text: JSON.stringify({ error: "The LLM server rejected the request (HTTP 400); check the model name and the server's logs" }),
      });
      llm.reply({ mode: "error", status: 422, body: UPSTREAM_TEXT });
      const viaHosted = await postTo(t.app, a.auth, { prompt: CANONICAL_PROMPT, llm_provider: "gpt-4o", llm_api_key: "sk-hosted" });
      expect(viaHosted.status).toBe(502);
      expect(viaHosted.text).toContain("(HTTP 422)");
      expect(viaHosted.text).not.toContain("UPSTREAM-BODY");
      expect(llm.responses.every((body) => body.includes("UPSTREAM-BODY-7f3a"))).toBe(true);
      expect(t.logs.text()).not.toContain("UPSTREAM-BODY");
    });

    it("an answer larger than LLM_MAX_RESPONSE_BYTES → 502, not read into memory", async () => {
      const a = await createAccount(t.db);
      llm.reply(ok("x".repeat(LLM_MAX_RESPONSE_BYTES + 1)));
      const res = await postTo(t.app, a.auth, { prompt: CANONICAL_PROMPT, llm_provider: "gpt-4o", llm_api_key: "sk-hosted" });
      expect(res).toEqual({ status: 502, text: JSON.stringify({ error: `The LLM provider's answer is larger than ${LLM_MAX_RESPONSE_BYTES} bytes` }) });
      expect(llm.requests).toHaveLength(1);
    });
  });

  it("the service throws a ValidationError (not an LlmError) for a refused base URL", async () => {
    const a = await createAccount(t.db);
    const services: GenerationServices = { config: { OPENAI_BASE_URL: undefined, GEMINI_BASE_URL: undefined, LLM_TIMEOUT_MS: 5_000 } };
    const run = generateInvoice(services, { db: t.db, userId: a.user.id, now: () => NOW }, { prompt: CANONICAL_PROMPT, provider: "openai-compatible", baseUrl: "http://[fd00::1]:11434/v1", model: "m", preview: true });
    await expect(run).rejects.toBeInstanceOf(ValidationError);
    await expect(run).rejects.toMatchObject({ issues: [{ path: ["baseUrl"], message: `is a unique-local address (fd00::1)${HINT}` }] });
  });
});
