/**
 * The LLM providers a caller may name (Invobi API v1's `llm_provider` values plus the
 * self-hosted extras) and how each one is reached.
 *
 * - The ten hosted values map to a fixed model id (HOSTED_MODELS in
 *   common/llm-providers.ts) and an OpenAI-compatible endpoint: OpenAI's own API, or
 *   Google's OpenAI-compatible Gemini endpoint. Operators can point either at a proxy
 *   (OPENAI_BASE_URL / GEMINI_BASE_URL). They need the caller's API key.
 * - `openai-compatible`: any server speaking the OpenAI chat-completions API (Ollama,
 *   vLLM, llama.cpp, LM Studio, OpenRouter…). The caller gives the base URL and the
 *   model; the key is optional.
 * - `offline`: the built-in rule-based extractor. No key, no network.
 */
import { HOSTED_MODELS, LLM_PROVIDERS, isLlmProvider, type HostedProvider } from "../../../common/llm-providers.ts";
import type { Config } from "../../config.ts";
import { ValidationError, type FieldIssue } from "../../errors.ts";

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
export const GEMINI_DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta/openai/";

/** How one generation reaches its model. */
export type ProviderTarget =
  | { kind: "offline"; provider: "offline" }
  | {
      kind: "llm";
      provider: HostedProvider | "openai-compatible";
      /** The model id sent in the request body. */
      model: string;
      baseURL: string;
      /** Sent as `Authorization: Bearer <key>`; null → no Authorization header. */
      apiKey: string | null;
      /** Hosted models accept temperature 0; an unknown self-hosted model may not. */
      deterministic: boolean;
    };

export interface ProviderRequest {
  provider: string;
  apiKey?: string | null;
  baseUrl?: string | null;
  model?: string | null;
}

const present = (value: string | null | undefined): value is string => typeof value === "string" && value.trim() !== "";

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * Checks a request's provider choice and says where to send it. Throws a
 * ValidationError (every problem at once) for an unknown provider — listing each
 * supported value — a hosted provider without a key, or openai-compatible without a
 * base URL or model.
 */
export function resolveProvider(request: ProviderRequest, config: Pick<Config, "OPENAI_BASE_URL" | "GEMINI_BASE_URL">): ProviderTarget {
  const provider = request.provider?.trim() ?? "";
  if (!isLlmProvider(provider)) {
    throw ValidationError.fromIssues([
      { path: ["provider"], message: `must be one of: ${LLM_PROVIDERS.join(", ")}` },
    ]);
  }
  const issues: FieldIssue[] = [];
  if (provider === "offline") return { kind: "offline", provider };
  if (provider === "openai-compatible") {
    if (!present(request.baseUrl)) issues.push({ path: ["baseUrl"], message: "is required for openai-compatible (e.g. http://localhost:11434/v1)" });
    else if (!isHttpUrl(request.baseUrl.trim())) issues.push({ path: ["baseUrl"], message: "must be an http(s) URL" });
    if (!present(request.model)) issues.push({ path: ["model"], message: "is required for openai-compatible (the server's model name)" });
    if (issues.length) throw ValidationError.fromIssues(issues);
    return {
      kind: "llm",
      provider,
      model: request.model!.trim(),
      baseURL: request.baseUrl!.trim(),
      apiKey: present(request.apiKey) ? request.apiKey.trim() : null,
      deterministic: false,
    };
  }
  const hosted = HOSTED_MODELS[provider];
  if (!present(request.apiKey)) issues.push({ path: ["apiKey"], message: `is required for ${provider}` });
  if (present(request.baseUrl)) issues.push({ path: ["baseUrl"], message: "is only accepted with openai-compatible" });
  if (present(request.model)) issues.push({ path: ["model"], message: "is only accepted with openai-compatible" });
  if (issues.length) throw ValidationError.fromIssues(issues);
  const baseURL =
    hosted.vendor === "gemini"
      ? (config.GEMINI_BASE_URL ?? GEMINI_DEFAULT_BASE_URL)
      : (config.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL);
  return { kind: "llm", provider, model: hosted.model, baseURL, apiKey: request.apiKey!.trim(), deterministic: true };
}
