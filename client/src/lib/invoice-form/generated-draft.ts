/**
 * The hand-over from "Generate from words" to the invoice editor ("Edit all fields"):
 * carried in the router's history state, so it survives a reload and Back/Forward,
 * never reaches the URL, and holds invoice fields only.
 */
import type { InvoiceOriginInput } from "../../gql/graphql.ts";
import type { InvoiceFormValues } from "./form-model.ts";

/** What the invoice editor is prefilled with after "Edit all fields". */
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
