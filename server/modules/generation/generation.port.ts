/**
 * The generator's contract with the APIs: what a caller asks (GenerateRequest), what it
 * gets back (GeneratedInvoice) and how it fails (LlmError). GraphQL calls the engine
 * (generate.ts) directly; REST calls it through the port AppServices.generateInvoice
 * (absent → 501), so its tests can inject a stand-in (server/rest/testing.ts).
 */
import type { InvoiceDocument } from "../../../common/invoice/types.ts";
import type { RequestContext } from "../../context.ts";
import { DomainError, type FieldIssue } from "../../errors.ts";
import type { InvoiceWithLines } from "../invoices/invoices.service.ts";

export interface GenerateRequest {
  /** The words; optional when promptId names a saved prompt. */
  prompt?: string | null;
  /** An `llm_provider` value (common/llm-providers.ts); the generator rejects any other with a ValidationError. */
  provider: string;
  /** Used for this one call only: never logged, stored or echoed. */
  apiKey?: string | null;
  /** openai-compatible only: the server's base URL. */
  baseUrl?: string | null;
  /** openai-compatible only: the model name. */
  model?: string | null;
  /** true: validate and compute, store nothing (`invoice: null`). */
  preview: boolean;
  /** A saved prompt of the account: its text is used unless `prompt` is given, and it is recorded as the origin. */
  promptId?: string | null;
  /**
   * The request's idempotency key (see CreateOptions in the invoice service): the saved
   * invoice carries it; when the account already has the invoice of this key (the
   * same request ran before and its answer was lost), that invoice is the result —
   * without calling the model again.
   */
  requestKey?: string | null;
}

export interface GeneratedInvoice {
  /** The stored invoice; null for a preview. */
  invoice: InvoiceWithLines | null;
  /** The invoice as every face shows it (for a preview: what would be stored, id null). */
  document: InvoiceDocument;
}

export type GenerateInvoiceFn = (ctx: RequestContext, request: GenerateRequest) => Promise<GeneratedInvoice>;

/** The HTTP statuses a generator may fail with; the built-in one answers 400, 422, 429 and 502. */
export type LlmErrorStatus = 400 | 422 | 429 | 502 | 503 | 504;

export type LlmErrorCode =
  /** 400: the provider rejected the caller's API key (401/403, or Gemini's "API key not valid"). */
  | "LLM_KEY_REJECTED"
  /** 429: the provider's rate limit; `retryAfterSeconds` is the provider's Retry-After. */
  | "LLM_RATE_LIMITED"
  /** 502: no answer within LLM_TIMEOUT_MS. */
  | "LLM_TIMEOUT"
  /** 502: the provider failed (5xx), could not be reached, or answered something unreadable. */
  | "LLM_UNAVAILABLE"
  /** 502: the answer was larger than LLM_MAX_RESPONSE_BYTES. */
  | "LLM_ANSWER_TOO_LARGE"
  /** 502: the provider rejected the request for another reason (unknown model, unsupported option…). */
  | "LLM_REQUEST_REJECTED"
  /** 422: the model refused to answer (or a content filter stopped it). */
  | "LLM_REFUSED"
  /** 422: the model answered nothing. */
  | "LLM_EMPTY_ANSWER"
  /** 422: the answer was cut off (finish_reason "length"). */
  | "LLM_TRUNCATED"
  /** 422: the answer did not fit the schema or the invoice rules, even after one retry. */
  | "LLM_INVALID_ANSWER"
  /** 422: the prompt does not say what an invoice needs (items, prices, quantities). */
  | "INVOICE_INCOMPLETE";

/**
 * A generation failure the caller should see as such. REST answers `status` with
 * {"error": message} (plus `missing`, and Retry-After from `retryAfterSeconds`);
 * GraphQL returns it as the GenerationError union member. Messages never contain the
 * caller's API key.
 */
export class LlmError extends DomainError {
  /** Seconds, from the provider's Retry-After (429 only). */
  readonly retryAfterSeconds: number | null;
  /** What the prompt did not say (INVOICE_INCOMPLETE). */
  readonly missing: readonly string[];
  readonly issues: readonly FieldIssue[];

  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly status: LlmErrorStatus,
    details: { retryAfterSeconds?: number | null; missing?: string[]; issues?: FieldIssue[] } = {},
  ) {
    super(message);
    this.name = "LlmError";
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
    this.missing = details.missing ?? [];
    this.issues = details.issues ?? [];
  }
}

/** Removes the key (and provider-masked forms like "sk-ab****yz") from text meant for people. */
export function scrubSecret(text: string, secret: string | null | undefined): string {
  let out = text;
  if (secret) out = out.split(secret).join("[redacted]");
  return out.replace(/\S*\*{3,}\S*/g, "[redacted]");
}
