import type { InvoiceOriginInput } from "../../gql/graphql.ts";
/**
 * Two small hand-offs of the generate flow.
 *
 * - The page's last words, provider and preview, in memory only, so coming back from
 *   the editor ("← Back to preview") shows them again. Never the API key: it lives in
 *   the page's component state and is gone when the page is left.
 * - The draft the editor opens with ("Edit before creating"), carried in the router's
 *   history state: it survives a reload and Back/Forward, never reaches the URL, and
 *   holds invoice fields only.
 */
import type { LlmProvider } from "../../gql/graphql.ts";
import type { InvoiceFormValues } from "../invoices/form-model.ts";
import type { GeneratedInvoice } from "./queries.ts";

export interface GenerateSession {
  prompt: string;
  provider: LlmProvider;
  baseUrl: string;
  model: string;
  promptId: string | null;
  result: GeneratedInvoice | null;
  /** The words and provider the result was generated with. */
  resultFor: { prompt: string; provider: LlmProvider } | null;
}

let session: GenerateSession | null = null;

export function loadGenerateSession(): GenerateSession | null {
  return session;
}

export function saveGenerateSession(next: GenerateSession | null): void {
  session = next ? { ...next } : null;
}

/** After an invoice was created from the preview: start afresh next time, keeping the provider choice. */
export function clearGeneratedResult(): void {
  if (session) session = { ...session, prompt: "", promptId: null, result: null, resultFor: null };
}

/** What the invoice editor is prefilled with after "Edit before creating". */
export interface GeneratedDraft {
  values: InvoiceFormValues;
  /** The preview's `missing` paths, shown again above the form. */
  missing: string[];
  /** The words it was generated from. */
  prompt: string;
  /** Who read them, for the banner ("Read by Gemini 2.5 Flash"). */
  providerName: string;
  /** Recorded on the invoice when it is created: the words, the saved prompt and the provider. */
  origin: InvoiceOriginInput;
}

declare module "@tanstack/history" {
  interface HistoryState {
    generatedDraft?: GeneratedDraft;
  }
}
