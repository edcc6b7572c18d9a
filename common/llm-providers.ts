/**
 * Who may read a prompt: the `llm_provider` values the API accepts (Invobi API v1 plus
 * the self-hosted extras), the hosted model behind each value, and which need no key.
 * The one table: the REST and GraphQL enums, the generator and the SPA's picker all
 * read it. Pure data (no Node imports): the SPA bundles it.
 */

/** The `llm_provider` values, in the API documentation's order. */
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
export const KEYLESS_PROVIDERS = ["offline", "openai-compatible"] as const satisfies readonly LlmProvider[];
export type KeylessProvider = (typeof KEYLESS_PROVIDERS)[number];
export type HostedProvider = Exclude<LlmProvider, KeylessProvider>;

export type HostedVendor = "gemini" | "openai";

/** Where a hosted model's key comes from. */
export const LLM_VENDORS = {
  gemini: { name: "Google AI Studio", keyUrl: "https://aistudio.google.com/apikey", placeholder: "AIza…" },
  openai: { name: "OpenAI", keyUrl: "https://platform.openai.com/api-keys", placeholder: "sk-…" },
} as const satisfies Record<HostedVendor, { name: string; keyUrl: string; placeholder: string }>;

export interface HostedModel {
  vendor: HostedVendor;
  /** The model id the vendor's API takes. */
  model: string;
  /** The picker's name, e.g. "GPT-4o mini". */
  label: string;
  /** The name the API documents (docs/spec/invobi-api-v1.txt, the GraphQL enum), e.g. "OpenAI GPT-4o Mini". */
  title: string;
  recommended?: true;
}

/** Hosted provider value → its vendor and the real model id sent to it. */
export const HOSTED_MODELS = {
  "gemini-25-flash": { vendor: "gemini", model: "gemini-2.5-flash", label: "Gemini 2.5 Flash", title: "Google Gemini 2.5 Flash", recommended: true },
  "gemini-25-flash-lite": { vendor: "gemini", model: "gemini-2.5-flash-lite", label: "Gemini 2.5 Flash Lite", title: "Google Gemini 2.5 Flash Lite" },
  "gemini-25-pro": { vendor: "gemini", model: "gemini-2.5-pro", label: "Gemini 2.5 Pro", title: "Google Gemini 2.5 Pro" },
  "gemini-20-flash": { vendor: "gemini", model: "gemini-2.0-flash", label: "Gemini 2.0 Flash", title: "Google Gemini 2.0 Flash" },
  "gemini-20-flash-lite": { vendor: "gemini", model: "gemini-2.0-flash-lite", label: "Gemini 2.0 Flash Lite", title: "Google Gemini 2.0 Flash Lite" },
  "gpt-4o": { vendor: "openai", model: "gpt-4o", label: "GPT-4o", title: "OpenAI GPT-4o" },
  "gpt-4o-mini": { vendor: "openai", model: "gpt-4o-mini", label: "GPT-4o mini", title: "OpenAI GPT-4o Mini" },
  "gpt-4-turbo": { vendor: "openai", model: "gpt-4-turbo", label: "GPT-4 Turbo", title: "OpenAI GPT-4 Turbo" },
  "gpt-41": { vendor: "openai", model: "gpt-4.1", label: "GPT-4.1", title: "OpenAI GPT-4.1" },
  "gpt-41-mini": { vendor: "openai", model: "gpt-4.1-mini", label: "GPT-4.1 mini", title: "OpenAI GPT-4.1 Mini" },
} as const satisfies Record<HostedProvider, HostedModel>;

/** The picker's names of the keyless providers. */
export const KEYLESS_LABELS = {
  offline: "Built-in (offline, no key)",
  "openai-compatible": "OpenAI-compatible (Ollama, LM Studio…)",
} as const satisfies Record<KeylessProvider, string>;

export function isLlmProvider(value: string): value is LlmProvider {
  return (LLM_PROVIDERS as readonly string[]).includes(value);
}

export function isKeylessProvider(value: LlmProvider): value is KeylessProvider {
  return (KEYLESS_PROVIDERS as readonly LlmProvider[]).includes(value);
}

/** The picker's name of any provider. */
export function providerLabel(provider: LlmProvider): string {
  return isKeylessProvider(provider) ? KEYLESS_LABELS[provider] : HOSTED_MODELS[provider].label;
}

/** The GraphQL enum member of a value: "gpt-4o-mini" → "GPT_4O_MINI". */
export function llmProviderEnumName(provider: LlmProvider): string {
  return provider.toUpperCase().replaceAll("-", "_");
}
