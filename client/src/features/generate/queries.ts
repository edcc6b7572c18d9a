import { queryOptions } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { GenerateInvoiceMutation, GenerateInvoiceMutationVariables, LlmProvider } from "../../gql/graphql.ts";
import { execute } from "../../lib/graphql-client.ts";
import { GenerateInvoiceMutation as GenerateInvoiceDocument, SavedPromptQuery, SavedPromptsQuery } from "./documents.ts";
import { GenerationFailure } from "./generation-failure.ts";
import { providerOption } from "./providers.ts";

export type GeneratedInvoice = Extract<GenerateInvoiceMutation["generateInvoice"], { __typename: "GenerateInvoiceSuccess" }>["generatedInvoice"];

/** What the page's controls hold. The key lives in component state only. */
export interface GenerateRequest {
  prompt: string;
  provider: LlmProvider;
  apiKey: string;
  baseUrl: string;
  model: string;
  /** A saved prompt whose text is in `prompt`. */
  promptId: string | null;
}

/**
 * The mutation variables: save: false (a preview, nothing stored); only the fields
 * the chosen provider takes; the key only for providers that use one.
 */
export function buildGenerateVariables(request: GenerateRequest): GenerateInvoiceMutationVariables {
  const kind = providerOption(request.provider).kind;
  const input: GenerateInvoiceMutationVariables["input"] = { provider: request.provider, save: false };
  const prompt = request.prompt.trim();
  if (prompt) input.prompt = prompt;
  if (request.promptId) input.promptId = request.promptId;
  if (kind === "compatible") {
    input.baseUrl = request.baseUrl.trim();
    input.model = request.model.trim();
  }
  const key = request.apiKey.trim();
  return kind !== "offline" && key ? { input, apiKey: key } : { input };
}

/** Runs generateInvoice; typed failures become a GenerationFailure. */
export async function generatePreview(request: GenerateRequest): Promise<GeneratedInvoice> {
  const result = (await execute(GenerateInvoiceDocument, buildGenerateVariables(request))).generateInvoice;
  switch (result.__typename) {
    case "GenerateInvoiceSuccess":
      return result.generatedInvoice;
    case "GenerationError":
      throw new GenerationFailure(result.message, result.__typename, result.code, {
        status: result.status,
        retryAfterSeconds: result.retryAfterSeconds,
        missing: result.missing,
      });
    case "ValidationError":
      throw new GenerationFailure(result.message, result.__typename, result.code, { issues: result.issues });
    default:
      throw new GenerationFailure(result.message, result.__typename, result.code);
  }
}

export type GenerateState =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "success"; data: GeneratedInvoice }
  /** `at`: when the failure arrived (a Retry-After counts from it). */
  | { status: "error"; error: unknown; at: number };

/**
 * The preview call as plain component state rather than a React Query mutation: the
 * request (and so the key) is never kept in a cache. A newer request wins over an
 * older one still in flight.
 */
export function useGeneratePreview(initial: GenerateState = { status: "idle" }) {
  const [state, setState] = useState<GenerateState>(initial);
  const latest = useRef(0);
  const run = useCallback(async (request: GenerateRequest) => {
    const id = ++latest.current;
    setState({ status: "pending" });
    try {
      const data = await generatePreview(request);
      if (id === latest.current) setState({ status: "success", data });
      return data;
    } catch (error) {
      if (id === latest.current) setState({ status: "error", error, at: Date.now() });
      return null;
    }
  }, []);
  const reset = useCallback(() => {
    latest.current++;
    setState({ status: "idle" });
  }, []);
  return { state, run, reset };
}

export function savedPromptsQueryOptions() {
  return queryOptions({
    queryKey: ["prompts", "picker"] as const,
    queryFn: async () => (await execute(SavedPromptsQuery, { first: 50 })).prompts.edges.map((edge) => edge.node),
    staleTime: 60_000,
  });
}

export interface SavedPromptOption {
  id: string;
  rawId: string;
  text: string;
}

/** A saved prompt's Relay global id ("Prompt:<raw id>", base64), as the server's node(id:) takes it. */
export function promptGlobalId(rawId: string): string {
  return btoa(`Prompt:${rawId}`);
}

/** One saved prompt by raw id (null when it does not exist or is another account's). */
export function savedPromptQueryOptions(rawId: string) {
  return queryOptions({
    queryKey: ["prompts", "picker", "one", rawId] as const,
    queryFn: async (): Promise<SavedPromptOption | null> => {
      const node = (await execute(SavedPromptQuery, { id: promptGlobalId(rawId) })).node;
      return node?.__typename === "Prompt" ? { id: node.id, rawId: node.rawId, text: node.text } : null;
    },
    staleTime: 60_000,
  });
}

/** /invoices/generate?promptId=<raw id>: start from that saved prompt (the Prompts page's "Generate from this prompt"). */
