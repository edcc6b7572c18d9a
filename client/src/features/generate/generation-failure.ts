/** What a failed generateInvoice call says, for the page: a title, what to change, and whether to suggest the built-in generator. */
import { describeMissing, type MissingNote } from "../../lib/invoice-form/missing.ts";
import type { FieldIssue } from "../../lib/result.ts";

/** A typed failure of generateInvoice (GenerationError, ValidationError, NotFoundError). */
export class GenerationFailure extends Error {
  override readonly name = "GenerationFailure";
  constructor(
    message: string,
    readonly typename: string,
    readonly code: string,
    readonly details: {
      status?: number | null;
      retryAfterSeconds?: number | null;
      missing?: readonly string[];
      issues?: readonly FieldIssue[];
    } = {},
  ) {
    super(message);
  }
}

export type GenerateField = "prompt" | "apiKey" | "baseUrl" | "model" | "promptId";

export interface FailureView {
  title: string;
  /** The server's words, when they add something. */
  message?: string;
  /** What to do next. */
  hint?: string;
  /** Rate limited: when trying again makes sense. */
  retryAfterSeconds?: number | null;
  /** INVOICE_INCOMPLETE: what the words must still say. */
  missing?: MissingNote[];
  /** Validation issues that belong to a control of the page. */
  fields?: Partial<Record<GenerateField, string>>;
  /** Offer the built-in generator instead. */
  suggestOffline?: boolean;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Any error the generate call can throw → what the page shows. `who` names the provider ("Gemini 2.5 Flash"). */
export function describeFailure(error: unknown, who: string): FailureView {
  if (!(error instanceof GenerationFailure)) {
    const message = error instanceof Error ? error.message : String(error);
    return { title: "Could not generate the invoice", message };
  }
  const { code, details } = error;
  switch (code) {
    case "LLM_KEY_REJECTED":
      return {
        title: "The API key was rejected",
        message: error.message,
        hint: `Check that you pasted the whole key and that it is a key for ${who}.`,
        fields: { apiKey: "This key was rejected by the provider" },
      };
    case "LLM_RATE_LIMITED":
      return {
        title: `${capitalize(who)} is rate limiting your key`,
        message: error.message,
        hint:
          details.retryAfterSeconds != null
            ? "Wait a moment, or use the built-in generator meanwhile."
            : "Wait a minute and try again, or use the built-in generator meanwhile.",
        retryAfterSeconds: details.retryAfterSeconds ?? null,
        suggestOffline: true,
      };
    case "LLM_TIMEOUT":
    case "LLM_UNAVAILABLE":
      return {
        title: `${capitalize(who)} is not answering`,
        message: error.message,
        hint: "The provider may be down or unreachable from your Invobi server. Try again in a moment, or use the built-in generator.",
        suggestOffline: true,
      };
    case "LLM_REQUEST_REJECTED":
      return { title: "The provider refused the request", message: error.message, hint: "Check the model name and base URL, or pick another model.", suggestOffline: true };
    case "LLM_REFUSED":
    case "LLM_EMPTY_ANSWER":
    case "LLM_TRUNCATED":
    case "LLM_INVALID_ANSWER":
      return {
        title: "The model's answer could not be used",
        message: error.message,
        hint: "Nothing was saved. Try again, say it a little more plainly, or use another model.",
        suggestOffline: true,
      };
    case "INVOICE_INCOMPLETE":
      return {
        title: "Your description is missing something an invoice needs",
        hint: 'Say what you are billing for and its price, e.g. "10 hours of consulting at $150/hour".',
        missing: (details.missing ?? []).map((path) => describeMissing(path)),
      };
    default:
      break;
  }
  if (error.typename === "ValidationError") {
    const fields: Partial<Record<GenerateField, string>> = {};
    const other: string[] = [];
    for (const issue of details.issues ?? []) {
      const head = issue.path[issue.path.length - 1] ?? "";
      const key = (["prompt", "apiKey", "baseUrl", "model", "promptId"] as const).find((name) => name === head);
      const message = capitalize(issue.message);
      if (key) fields[key] ??= message;
      else other.push(issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message);
    }
    return { title: "Check the highlighted fields", ...(other.length ? { message: other.join("; ") } : {}), fields };
  }
  if (error.typename === "NotFoundError") {
    return { title: "That saved prompt no longer exists", message: error.message, fields: { promptId: "Not found" } };
  }
  return { title: "Could not generate the invoice", message: error.message };
}
