/**
 * The AI invoice generator: plain words → an extraction (one LLM chat completion
 * with a strict JSON-schema answer, or the offline extractor) → resolved against the
 * account (resolve.ts) → the invoice service, which validates and computes every
 * total. The model never computes money or dates.
 *
 * - A model answer that is not valid JSON for the schema, or whose invoice the service
 *   rejects, is retried ONCE with the problems appended; then 422. Nothing is stored
 *   unless the service accepted the invoice.
 * - Provider failures become an LlmError (generation.port.ts) with the HTTP status the APIs answer,
 *   in our own words: the provider's status code, never its response body.
 * - Every call goes through the SSRF guard (server/net/guarded-fetch.ts), see
 *   {@link outboundPolicyFor}.
 * - The caller's API key is used for this one call: never stored, never logged (no
 *   request options or headers are logged), and scrubbed from every error message.
 */
import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { InvoiceTotals } from "../../../common/invoice/types.ts";
import type { InvoiceCreateInput } from "../../../common/invoice/schema.ts";
import type { LlmProvider } from "../../../common/llm-providers.ts";
import type { Config } from "../../config.ts";
import { serviceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError, ValidationError, formatPath, fromZodError, type FieldIssue } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import { OutboundError, OutboundRefusedError, createGuardedFetch, type OutboundPolicy } from "../../net/guarded-fetch.ts";
import { nowOf, type ServiceContext } from "../../service-context.ts";
import { todayIn } from "../invoices/dates.ts";
import {
  createInvoice,
  findInvoiceByRequestKey,
  invoiceTotals,
  toInvoiceDocument,
  type InvoiceOrigin,
  type InvoiceWithLines,
} from "../invoices/invoices.service.ts";
import { PromptTextSchema } from "../prompts/prompts.schemas.ts";
import { getPrompt } from "../prompts/prompts.service.ts";
import { InvoiceExtraction, extractionJsonSchema, normalizeExtraction } from "./extraction.ts";
import { LlmError, scrubSecret, type GenerateInvoiceFn, type GenerateRequest, type GeneratedInvoice } from "./generation.port.ts";
import { extractOffline } from "./offline/offline-extractor.ts";
import { resolveProvider, type ProviderTarget } from "./providers.ts";
import { resolveExtraction, type AccountDefaults, type ResolvedInvoice } from "./resolve.ts";

// ---------------------------------------------------------------- request

export interface GenerationServices {
  config: Pick<Config, "OPENAI_BASE_URL" | "GEMINI_BASE_URL" | "LLM_TIMEOUT_MS"> & Partial<Pick<Config, "ALLOW_PRIVATE_LLM_URLS">>;
  logger?: Logger;
}

export interface GenerationResult extends GeneratedInvoice {
  totals: InvoiceTotals;
  /** What the prompt did not say and got a default (e.g. "to.name", "dueDate", "currency"). */
  missing: string[];
  provider: LlmProvider;
  /** The model id called; null for offline. */
  model: string | null;
  /** Model calls made (0 offline, 1, or 2 after a retry). */
  attempts: number;
}

export const SYSTEM_PROMPT_RULES = [
  "Extract only what the words say. Never invent a name, price, quantity, date, tax or bank detail: use null (or []) and list the path in \"missing\".",
  "Never compute totals, subtotals, tax amounts or dates: the app computes them.",
  'Use relative dates for "in N days", "within N days", "net N" (kind "relative", days N); use kind "absolute" only for a calendar date written in the request.',
  'Leave currency null when the request names none: the app then uses the account default.',
  'Amounts are decimal strings with "." as decimal separator and no thousands separators or symbols, e.g. "1234.5".',
  "Answer with one JSON object that follows the schema.",
];

/** The system message: today in the account's time zone, the account's defaults, and the rules. */
export function buildSystemPrompt(today: string, account: AccountDefaults): string {
  return [
    "You read a request to create an invoice and extract what it says into JSON, for Invobi, an invoicing app.",
    `Today is ${today} (time zone ${account.timezone}).`,
    `Account defaults, applied by the app when the request does not say: currency ${account.defaultCurrency}, locale ${account.locale}, time zone ${account.timezone}.`,
    "Rules:",
    ...SYSTEM_PROMPT_RULES.map((rule) => `- ${rule}`),
  ].join("\n");
}

/** The chat-completion body sent to the provider (exported for tests and documentation). */
export function buildChatRequest(
  target: Extract<ProviderTarget, { kind: "llm" }>,
  messages: ChatCompletionMessageParam[],
): ChatCompletionCreateParamsNonStreaming {
  return {
    model: target.model,
    messages,
    response_format: {
      type: "json_schema",
      json_schema: { name: "invoice_extraction", strict: true, schema: extractionJsonSchema() },
    },
    ...(target.deterministic ? { temperature: 0 } : {}),
  };
}

function retryMessage(issues: string[]): string {
  return [
    "Your answer cannot be used:",
    ...issues.map((issue) => `- ${issue}`),
    "Answer again with the complete, corrected JSON object. Keep to the rules: extract only what the request says; where it does not say something, use null (or []) and list the path in \"missing\" — never invent a value to fix a problem.",
  ].join("\n");
}

// ---------------------------------------------------------------- provider call

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
function retryAfterSeconds(headers: Headers | undefined, now: Date): number | null {
  const value = headers?.get("retry-after")?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

/** The largest model answer read; a chat completion with an invoice is a few kilobytes. */
export const LLM_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * Where a model call may go. An openai-compatible base URL comes from the caller, so
 * it must resolve to a public address — private ones (a self-hosted Ollama) only with
 * ALLOW_PRIVATE_LLM_URLS. A hosted provider's base URL comes from the operator
 * (OPENAI_BASE_URL / GEMINI_BASE_URL, or the vendor's own): its origin is trusted, even
 * on a private network (a proxy), but a redirect away from it is checked like a
 * caller's URL. Size and time limits apply to both.
 */
export function outboundPolicyFor(target: Extract<ProviderTarget, { kind: "llm" }>, config: GenerationServices["config"]): OutboundPolicy {
  return {
    allowPrivate: config.ALLOW_PRIVATE_LLM_URLS ?? false,
    trustedOrigins: target.provider === "openai-compatible" ? [] : [new URL(target.baseURL).origin],
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxResponseBytes: LLM_MAX_RESPONSE_BYTES,
  };
}

/** The guard's error behind whatever the SDK made of it (it wraps fetch failures in APIConnectionError). */
function outboundCause(error: unknown): OutboundError | null {
  if (error instanceof OutboundError) return error;
  if (error instanceof Error && error.cause instanceof OutboundError) return error.cause;
  return null;
}

/** A refused URL: the caller's base URL is a bad input (400); a hosted provider's redirect is a provider failure. */
function refusedError(refused: OutboundRefusedError, target: Extract<ProviderTarget, { kind: "llm" }>): ValidationError | LlmError {
  if (target.provider !== "openai-compatible") {
    return new LlmError("LLM_UNAVAILABLE", `The LLM provider ${refused.reason}, which this server does not connect to`, 502);
  }
  const hint = refused.allowable ? "; set ALLOW_PRIVATE_LLM_URLS=true to allow" : "";
  return ValidationError.fromIssues([{ path: ["baseUrl"], message: `${refused.reason}${hint}` }]);
}

const KEY_REJECTED = "The LLM provider rejected the API key";

/** Maps anything the SDK threw to an LlmError. Never includes the key. */
function providerError(error: unknown, target: Extract<ProviderTarget, { kind: "llm" }>, body: string | undefined, now: Date): LlmError {
  const who = target.provider === "openai-compatible" ? "The LLM server" : "The LLM provider";
  const outbound = outboundCause(error);
  const aborted = error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError || aborted || outbound?.code === "TIMEOUT") {
    return new LlmError("LLM_TIMEOUT", `${who} did not answer in time`, 502);
  }
  if (outbound?.code === "TOO_LARGE") {
    return new LlmError("LLM_ANSWER_TOO_LARGE", `${who}'s answer is larger than ${LLM_MAX_RESPONSE_BYTES} bytes`, 502);
  }
  if (outbound?.code === "TOO_MANY_REDIRECTS") return new LlmError("LLM_UNAVAILABLE", `${who} redirected too many times`, 502);
  if (error instanceof OpenAI.APIConnectionError) {
    return new LlmError("LLM_UNAVAILABLE", `${who} could not be reached`, 502);
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    // Gemini answers 400 INVALID_ARGUMENT "API key not valid" for a bad key.
    const badKey =
      status === 401 ||
      status === 403 ||
      (status === 400 && /API[_ ]?KEY[_ ]?INVALID|api key not valid|invalid api key/i.test(`${body ?? ""} ${error.message}`));
    if (badKey) return new LlmError("LLM_KEY_REJECTED", `${KEY_REJECTED} (HTTP ${status})`, 400);
    if (status === 429) {
      const seconds = retryAfterSeconds(error.headers, now);
      return new LlmError(
        "LLM_RATE_LIMITED",
        `${who} is rate limiting requests${seconds !== null ? `; retry after ${seconds} s` : ""}`,
        429,
        { retryAfterSeconds: seconds },
      );
    }
    if (status >= 500) return new LlmError("LLM_UNAVAILABLE", `${who} failed (HTTP ${status})`, 502);
    // Never the provider's body: it is the provider's text, not ours (and may quote the request).
    return new LlmError("LLM_REQUEST_REJECTED", `${who} rejected the request (HTTP ${status}); check the model name and the server's logs`, 502);
  }
  return new LlmError("LLM_UNAVAILABLE", `${who} sent an unreadable answer`, 502);
}

interface ModelAnswer {
  content: string;
}

async function callModel(
  services: GenerationServices,
  target: Extract<ProviderTarget, { kind: "llm" }>,
  messages: ChatCompletionMessageParam[],
): Promise<ModelAnswer> {
  const baseFetch = createGuardedFetch(outboundPolicyFor(target, services.config));
  let errorBody: string | undefined;
  // Keeps the body of an error response to classify it (Gemini's bad-key 400 has a shape the SDK does not read); never shown.
  const fetchKeepingErrors: typeof globalThis.fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    if (!response.ok) errorBody = await response.clone().text().catch(() => undefined);
    return response;
  };
  const timeout = services.config.LLM_TIMEOUT_MS;
  const client = new OpenAI({
    // The SDK insists on a credential; a keyless server gets no Authorization header at all.
    apiKey: target.apiKey ?? "no-key",
    ...(target.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    baseURL: target.baseURL,
    timeout,
    maxRetries: 0,
    // Nothing from this server's environment goes to a third party.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    logLevel: "off",
    fetch: fetchKeepingErrors,
  });
  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    // The SDK's timeout stops waiting for headers; the signal also bounds reading the body.
    completion = await client.chat.completions.create(buildChatRequest(target, messages), {
      signal: AbortSignal.timeout(timeout),
    });
  } catch (error) {
    const outbound = outboundCause(error);
    if (outbound instanceof OutboundRefusedError) throw refusedError(outbound, target);
    // Retry-After dates are wall-clock time, whatever "today" the context pins.
    throw providerError(error, target, errorBody, new Date());
  }
  const choice = completion?.choices?.[0];
  const message = choice?.message;
  if (message?.refusal) {
    throw new LlmError("LLM_REFUSED", `The model refused: ${scrubSecret(message.refusal, target.apiKey).slice(0, 300)}`, 422);
  }
  if (choice?.finish_reason === "content_filter") {
    throw new LlmError("LLM_REFUSED", "The model's answer was stopped by the provider's content filter", 422);
  }
  if (choice?.finish_reason === "length") {
    throw new LlmError("LLM_TRUNCATED", "The model's answer was cut off before it was complete (finish_reason length)", 422);
  }
  const content = typeof message?.content === "string" ? message.content.trim() : "";
  if (!content) throw new LlmError("LLM_EMPTY_ANSWER", "The model answered nothing", 422);
  return { content };
}

// ---------------------------------------------------------------- answer → invoice

type Evaluation = { ok: true; resolved: ResolvedInvoice } | { ok: false; issues: FieldIssue[]; incomplete: boolean };

/** Models served without structured output sometimes wrap JSON in a Markdown fence. */
function unfence(text: string): string {
  const m = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text.trim());
  return m ? m[1]! : text;
}

function evaluateAnswer(content: string, context: { today: string; account: AccountDefaults }): Evaluation {
  let json: unknown;
  try {
    json = JSON.parse(unfence(content));
  } catch {
    return { ok: false, incomplete: false, issues: [{ path: [], message: "the answer is not valid JSON" }] };
  }
  const parsed = InvoiceExtraction.safeParse(json);
  if (!parsed.success) {
    return { ok: false, incomplete: false, issues: fromZodError(parsed.error).issues.slice(0, 20) };
  }
  return resolved(resolveExtraction(normalizeExtraction(parsed.data), context));
}

function resolved(result: ResolvedInvoice): Evaluation {
  if (result.problems.length) return { ok: false, incomplete: true, issues: result.problems };
  return { ok: true, resolved: result };
}

function issueText(issue: FieldIssue): string {
  return issue.path.length ? `${formatPath(issue.path)}: ${issue.message}` : issue.message;
}

function failure(evaluation: Extract<Evaluation, { ok: false }>, offline: boolean): LlmError {
  const list = evaluation.issues.map(issueText).join("; ");
  const missing = evaluation.incomplete ? evaluation.issues.map((i) => formatPath(i.path)) : [];
  if (evaluation.incomplete) {
    return new LlmError("INVOICE_INCOMPLETE", `The prompt does not say everything an invoice needs — ${list}`, 422, {
      missing,
      issues: evaluation.issues,
    });
  }
  return new LlmError(
    "LLM_INVALID_ANSWER",
    offline ? `The generated invoice is not valid: ${list}` : `The model's answer is not a valid invoice, even after a retry: ${list}`,
    422,
    { issues: evaluation.issues },
  );
}

class PreviewRollback extends Error {
  constructor(readonly invoice: InvoiceWithLines) {
    super("preview: roll back");
  }
}

/**
 * Runs the real createInvoice — every default, rule, number and total — inside a
 * transaction that is then rolled back, so a preview is exactly what saving would
 * store, and nothing is stored. (createInvoice opens its own transaction; here it
 * joins the outer one.)
 */
async function previewInvoice(ctx: ServiceContext, input: InvoiceCreateInput, origin: InvoiceOrigin): Promise<InvoiceWithLines> {
  try {
    await ctx.db.$transaction(
      async (tx) => {
        const db = new Proxy(tx, {
          get: (target, prop) =>
            prop === "$transaction" ? (fn: (client: typeof tx) => unknown) => fn(target) : Reflect.get(target, prop),
        }) as unknown as Db;
        throw new PreviewRollback(await createInvoice({ ...ctx, db }, input, origin));
      },
      { maxWait: 15_000, timeout: 20_000 },
    );
  } catch (error) {
    if (error instanceof PreviewRollback) return error.invoice;
    throw error;
  }
  throw new Error("preview transaction did not roll back");
}

type BuildOutcome = { ok: true; invoice: InvoiceWithLines } | { ok: false; issues: FieldIssue[] };

async function buildInvoice(
  ctx: ServiceContext,
  input: InvoiceCreateInput,
  origin: InvoiceOrigin,
  preview: boolean,
  requestKey: string | null | undefined,
): Promise<BuildOutcome> {
  try {
    const invoice = preview ? await previewInvoice(ctx, input, origin) : await createInvoice(ctx, input, origin, { requestKey });
    return { ok: true, invoice };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, issues: error.issues.length ? error.issues : [{ path: [], message: error.message }] };
    throw error;
  }
}

// ---------------------------------------------------------------- engine

const present = (value: string | null | undefined): value is string => typeof value === "string" && value.trim() !== "";

async function promptOf(ctx: ServiceContext, request: GenerateRequest): Promise<{ text: string; promptId: string | null }> {
  const saved = present(request.promptId) ? await getPrompt(ctx, request.promptId.trim()) : null;
  const raw = present(request.prompt) ? request.prompt : (saved?.text ?? "");
  const parsed = PromptTextSchema.safeParse(raw);
  if (!parsed.success) {
    throw ValidationError.fromIssues(parsed.error.issues.map((issue) => ({ path: ["prompt"], message: issue.message })));
  }
  return { text: parsed.data, promptId: saved?.id ?? null };
}

/**
 * Generates an invoice from plain words and stores it (or, with `preview`, returns
 * what would be stored). Throws ValidationError (bad request: unknown provider,
 * missing key/base URL/model/prompt), NotFoundError (another account's promptId), or
 * LlmError (see LlmErrorCode in generation.port.ts); never leaves an invoice behind on failure.
 */
export async function generateInvoice(
  services: GenerationServices,
  ctx: ServiceContext,
  request: GenerateRequest,
): Promise<GenerationResult> {
  const started = performance.now();
  const target = resolveProvider(request, services.config);
  // A re-run of a request whose invoice is already stored (its answer was lost): that invoice, no model call.
  const done = request.preview ? null : await findInvoiceByRequestKey(ctx, request.requestKey);
  if (done) {
    services.logger?.info({ provider: target.provider, attempts: 0 }, "invoice generation: already stored by this request");
    return {
      invoice: done,
      document: toInvoiceDocument(done),
      totals: invoiceTotals(done),
      missing: [],
      provider: target.provider,
      model: target.kind === "llm" ? target.model : null,
      attempts: 0,
    };
  }
  const { text, promptId } = await promptOf(ctx, request);
  const user = await ctx.db.user.findUnique({
    where: { id: ctx.userId },
    select: { defaultCurrency: true, locale: true, timezone: true },
  });
  if (!user) throw new NotFoundError("Account");
  const now = () => nowOf(ctx);
  const today = todayIn(user.timezone, now());
  const context = { today, account: user };
  const origin: InvoiceOrigin = { promptId, promptText: text, llmProvider: target.provider };
  const model = target.kind === "llm" ? target.model : null;

  const finish = (invoice: InvoiceWithLines, missing: string[], attempts: number): GenerationResult => {
    const document = toInvoiceDocument(invoice);
    if (request.preview) {
      document.id = null;
      document.updatedAt = null;
    }
    services.logger?.info(
      { provider: target.provider, model, attempts, preview: request.preview, ms: Math.round(performance.now() - started) },
      "invoice generated",
    );
    return {
      invoice: request.preview ? null : invoice,
      document,
      totals: invoiceTotals(invoice),
      missing,
      provider: target.provider,
      model,
      attempts,
    };
  };

  const fail = (error: LlmError, attempts: number): LlmError => {
    // Deliberately no message, prompt, key or request options: codes and counts only.
    services.logger?.warn(
      { provider: target.provider, model, attempts, code: error.code, status: error.status, ms: Math.round(performance.now() - started) },
      "invoice generation failed",
    );
    return error;
  };

  if (target.kind === "offline") {
    const evaluation = resolved(resolveExtraction(normalizeExtraction(extractOffline(text, { today })), context));
    if (!evaluation.ok) throw fail(failure(evaluation, true), 0);
    const built = await buildInvoice(ctx, evaluation.resolved.input, origin, request.preview, request.requestKey);
    if (!built.ok) throw fail(failure({ ok: false, incomplete: false, issues: built.issues }, true), 0);
    return finish(built.invoice, evaluation.resolved.missing, 0);
  }

  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: buildSystemPrompt(today, user) },
    { role: "user", content: text },
  ];
  const MAX_ATTEMPTS = 2;
  for (let attempt = 1; ; attempt++) {
    let answer: ModelAnswer;
    try {
      answer = await callModel(services, target, messages);
    } catch (error) {
      throw error instanceof LlmError ? fail(error, attempt) : error;
    }
    let evaluation = evaluateAnswer(answer.content, context);
    if (evaluation.ok) {
      const built = await buildInvoice(ctx, evaluation.resolved.input, origin, request.preview, request.requestKey);
      if (built.ok) return finish(built.invoice, evaluation.resolved.missing, attempt);
      evaluation = { ok: false, incomplete: false, issues: built.issues };
    }
    if (attempt >= MAX_ATTEMPTS) throw fail(failure(evaluation, false), attempt);
    messages.push(
      { role: "assistant", content: answer.content },
      { role: "user", content: retryMessage(evaluation.issues.map(issueText)) },
    );
  }
}

/** The REST port (generation.port.ts): `createApp({ generateInvoice: generateInvoiceForRequest })`. */
export const generateInvoiceForRequest: GenerateInvoiceFn = async (ctx, req) => {
  const result = await generateInvoice(ctx, serviceContext(ctx), req);
  return { invoice: result.invoice, document: result.document };
};
