/**
 * A small, real OpenAI-compatible HTTP server for tests (node:http on 127.0.0.1, a
 * free port). It answers POST …/chat/completions under /v1 (OpenAI, openai-compatible)
 * and /v1beta/openai (Google's Gemini endpoint), records every request (headers and
 * JSON body), and replies as scripted: a default reply plus a queue consumed first.
 *
 *   const llm = await startFakeLlmServer();
 *   config: { OPENAI_BASE_URL: llm.openaiBaseUrl, GEMINI_BASE_URL: llm.geminiBaseUrl }
 *   llm.reply(ok(extraction)) / llm.enqueue(malformed(), ok(extraction)) / llm.requests
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (null when it was not JSON). */
  body: any;
  rawBody: string;
}

export type FakeReply =
  /** 200 with `content` (a string as is, anything else JSON-encoded) as the assistant message. */
  | { mode: "ok"; content: unknown; finishReason?: string }
  /** 200 whose message content is not JSON. */
  | { mode: "malformed" }
  /** 200 with a refusal (`message.refusal`, content null). */
  | { mode: "refusal"; refusal: string }
  /** 200 with empty content. */
  | { mode: "empty" }
  /** 200 cut off: finish_reason "length" and half a JSON object. */
  | { mode: "length" }
  /** Any status with an error body in OpenAI's shape (or `body` verbatim). */
  | { mode: "error"; status: number; message?: string; body?: unknown; headers?: Record<string, string> }
  /** Waits `delayMs` before sending anything, then replies `then` (default: ok of {}). */
  | { mode: "slow"; delayMs: number; then?: FakeReply }
  /** Destroys the socket without a response. */
  | { mode: "hangup" };

export const ok = (content: unknown, finishReason = "stop"): FakeReply => ({ mode: "ok", content, finishReason });
export const malformed = (): FakeReply => ({ mode: "malformed" });
export const refusal = (text = "I'm sorry, I can't help with that."): FakeReply => ({ mode: "refusal", refusal: text });
export const empty = (): FakeReply => ({ mode: "empty" });
export const cutOff = (): FakeReply => ({ mode: "length" });
export const unauthorized = (message = "Incorrect API key provided."): FakeReply => ({
  mode: "error",
  status: 401,
  message,
});
export const rateLimited = (retryAfter = "17"): FakeReply => ({
  mode: "error",
  status: 429,
  message: "Rate limit reached for requests",
  headers: { "retry-after": retryAfter },
});
export const serverError = (status = 500): FakeReply => ({ mode: "error", status, message: "The server had an error while processing your request." });
export const slow = (delayMs: number, then?: FakeReply): FakeReply => ({ mode: "slow", delayMs, then });
/** Google's answer to a bad key on its OpenAI-compatible endpoint: HTTP 400, an array body. */
export const geminiBadKey = (): FakeReply => ({
  mode: "error",
  status: 400,
  body: [
    {
      error: {
        code: 400,
        message: "API key not valid. Please pass a valid API key.",
        status: "INVALID_ARGUMENT",
        details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }],
      },
    },
  ],
});

export interface FakeLlmServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** `${url}/v1`: OPENAI_BASE_URL or an openai-compatible baseUrl. */
  openaiBaseUrl: string;
  /** `${url}/v1beta/openai/`: GEMINI_BASE_URL. */
  geminiBaseUrl: string;
  requests: RecordedRequest[];
  /** Every response body sent, in order. */
  responses: string[];
  /** Sets the reply used when the queue is empty. */
  reply(reply: FakeReply): void;
  /** Replies used (in order) before the default one. */
  enqueue(...replies: FakeReply[]): void;
  /** Clears requests, responses and the queue; the default reply becomes ok({}). */
  reset(): void;
  close(): Promise<void>;
}

let counter = 0;

function completion(model: string, message: Record<string, unknown>, finishReason: string) {
  counter += 1;
  return {
    id: `chatcmpl-fake-${counter}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", refusal: null, ...message }, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  const responses: string[] = [];
  const queue: FakeReply[] = [];
  let fallback: FakeReply = ok({});
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    responses.push(text);
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(text);
  };

  const answer = (res: ServerResponse, reply: FakeReply, model: string) => {
    switch (reply.mode) {
      case "ok": {
        const content = typeof reply.content === "string" ? reply.content : JSON.stringify(reply.content);
        return send(res, 200, completion(model, { content }, reply.finishReason ?? "stop"));
      }
      case "malformed":
        return send(res, 200, completion(model, { content: "Sure! Here is the invoice: {items: [oops" }, "stop"));
      case "refusal":
        return send(res, 200, completion(model, { content: null, refusal: reply.refusal }, "stop"));
      case "empty":
        return send(res, 200, completion(model, { content: "" }, "stop"));
      case "length":
        return send(res, 200, completion(model, { content: '{"title": null, "currency": "US' }, "length"));
      case "error":
        return send(
          res,
          reply.status,
          reply.body ?? { error: { message: reply.message ?? "error", type: "fake_error", param: null, code: null } },
          reply.headers,
        );
      case "slow": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) answer(res, reply.then ?? ok({}), model);
        }, reply.delayMs);
        timers.add(timer);
        return;
      }
      case "hangup":
        res.socket?.destroy();
        return;
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: any = null;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = null;
      }
      const path = (req.url ?? "/").split("?")[0]!;
      requests.push({ method: req.method ?? "", path, headers: req.headers, body, rawBody });
      const known = req.method === "POST" && /^\/(v1|v1beta\/openai)\/chat\/completions$/.test(path);
      if (!known) return send(res, 404, { error: { message: `No route ${req.method} ${path}`, type: "not_found" } });
      answer(res, queue.shift() ?? fallback, typeof body?.model === "string" ? body.model : "fake");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    geminiBaseUrl: `${url}/v1beta/openai/`,
    requests,
    responses,
    reply(reply) {
      fallback = reply;
    },
    enqueue(...replies) {
      queue.push(...replies);
    },
    reset() {
      requests.length = 0;
      responses.length = 0;
      queue.length = 0;
      fallback = ok({});
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The canonical prompt of the Invobi API documentation. */
export const CANONICAL_PROMPT =
  "Create an invoice for 10 hours of consulting at $150/hour for Acme Corp from John Smith at Smith LLC. Add 10% tax. Payment due in 30 days to Chase Bank account 1234567890.";

/**
 * What a good model answers for {@link CANONICAL_PROMPT}: a valid InvoiceExtraction
 * (server/modules/generation/extraction.ts). Override any top-level key.
 */
export function canonicalExtraction(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const party = (name: string | null, company: string | null = null) => ({ name, company, email: null, address: null, lines: [] });
  return {
    title: null,
    currency: "USD",
    localeHint: "en-US",
    from: party("John Smith", "Smith LLC"),
    to: party("Acme Corp"),
    items: [{ description: "Consulting", quantity: "10", unit: "hour", unitPrice: "150", discountPercent: null, taxPercent: null }],
    discounts: [],
    taxes: [{ name: "Tax", rate: "10" }],
    issueDate: { kind: "none", date: null, days: null },
    dueDate: { kind: "relative", date: null, days: 30 },
    paymentDetails: [
      { label: "Bank", value: "Chase Bank" },
      { label: "Account", value: "1234567890" },
    ],
    notes: null,
    missing: [],
    ...overrides,
  };
}
