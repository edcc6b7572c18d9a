/**
 * Ports the REST layer calls but does not implement: the AI invoice generator
 * (server/modules/generation/) and the PDF renderer (common/pdf/). createApp takes
 * them as optional dependencies (AppServices.generateInvoice / renderInvoicePdf);
 * when one is absent its endpoint answers 501.
 */
import type { RequestContext } from "../context.ts";
import { ValidationError } from "../errors.ts";
import type { InvoiceWithLines } from "../modules/invoices/invoices.service.ts";

/** The `llm_provider` values the API accepts (Invobi API v1 + the self-hosted extras). */
export const LLM_PROVIDERS = [
  "gemini-25-flash",
  "gemini-25-flash-lite",
  "gemini-25-pro",
  "gemini-20-flash",
  "gemini-20-flash-lite",
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4-turbo",
  "gpt-41",
  "gpt-41-mini",
  "openai-compatible",
  "offline",
] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** Providers that work without an API key: the rule-based extractor and self-hosted OpenAI-compatible servers. */
export const KEYLESS_PROVIDERS: readonly LlmProvider[] = ["offline", "openai-compatible"];

export interface GenerateInvoiceRequest {
  prompt: string;
  provider: string;
  /** Never logged, stored or echoed. */
  apiKey?: string;
  /** openai-compatible: the server's base URL. */
  baseUrl?: string;
  /** Overrides the provider's default model (openai-compatible). */
  model?: string;
  /** true: build the invoice without storing it (return `document`, `invoice: null`). */
  preview: boolean;
  /** The saved prompt the request came from, recorded as the invoice's origin. */
  promptId?: string;
  /**
   * The request's idempotency key (requestKeyOf): pass it to createInvoice. When the
   * request already stored its invoice (a retry after a crash), return that one.
   */
  requestKey?: string;
}

export interface GenerateInvoiceResult {
  /** The stored invoice; null for a preview. */
  invoice: InvoiceWithLines | null;
  /** The previewed invoice (an InvoiceDocument from common/invoice/types.ts). */
  document?: unknown;
}

export type GenerateInvoiceFn = (ctx: RequestContext, req: GenerateInvoiceRequest) => Promise<GenerateInvoiceResult>;

export type RenderInvoicePdfFn = (ctx: RequestContext, invoice: InvoiceWithLines) => Promise<Uint8Array>;

/**
 * What a generator throws for a failure the caller should see as such (bad LLM key,
 * provider down, prompt that does not describe an invoice). REST answers `status`
 * with {"error": message}; the message must not contain the API key.
 */
export class GenerationFailedError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 422 | 429 | 502 | 503 | 504 = 502,
    /** 429: the provider's Retry-After, passed through to the caller. */
    readonly retryAfterSeconds: number | null = null,
    /** 422: what the prompt did not say. */
    readonly missing: readonly string[] = [],
  ) {
    super(message);
    this.name = "GenerationFailedError";
  }
}

/** GenerateInvoiceRequest's field names as the REST body spells them. */
const REST_FIELDS: Record<string, string> = {
  provider: "llm_provider",
  apiKey: "llm_api_key",
  baseUrl: "llm_base_url",
  model: "llm_model",
  promptId: "prompt_id",
};

/**
 * A generator's ValidationError (paths in GenerateInvoiceRequest's names, e.g.
 * ["baseUrl"]) with the paths a REST caller wrote: "llm_base_url: resolves to …".
 */
export function restGenerationValidationError(error: ValidationError): ValidationError {
  if (!error.issues.length) return error;
  return ValidationError.fromIssues(
    error.issues.map((issue) => {
      const renamed = typeof issue.path[0] === "string" ? REST_FIELDS[issue.path[0]] : undefined;
      return renamed ? { path: [renamed, ...issue.path.slice(1)], message: issue.message } : issue;
    }),
  );
}
