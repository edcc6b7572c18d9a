/**
 * The generate page's last words, provider, preview and the edits made to it, in memory
 * only, so coming back from the editor ("← Back to the preview") shows them again.
 * Never the API key: it lives in the page's component state (and, only if the user
 * ticks "Remember on this device", in localStorage: see key-storage.ts). The draft the
 * editor opens with ("Edit all fields") is lib/invoice-form/generated-draft.ts.
 */
import type { LlmProvider } from "../../gql/graphql.ts";
import type { InvoiceFormValues } from "../../lib/invoice-form/form-model.ts";
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
  /** The result as edited in the preview; null while unedited. */
  edits: InvoiceFormValues | null;
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
  if (session) session = { ...session, prompt: "", promptId: null, result: null, resultFor: null, edits: null };
}
