/**
 * Who reads the words: the built-in extractor (no key, no network, the default),
 * the ten hosted models (the caller's own API key), or any OpenAI-compatible server.
 * Mirrors the LlmProvider enum of schema.graphql.
 */
import type { LlmProvider } from "../../gql/graphql.ts";

export type ProviderKind = "offline" | "hosted" | "compatible";

export interface ProviderOption {
  value: LlmProvider;
  label: string;
  kind: ProviderKind;
  /** The vendor whose key a hosted model needs. */
  vendor?: "gemini" | "openai";
  recommended?: boolean;
}

export const DEFAULT_PROVIDER: LlmProvider = "OFFLINE";

export const PROVIDERS: readonly ProviderOption[] = [
  { value: "OFFLINE", label: "Built-in (offline, no key)", kind: "offline" },
  { value: "GEMINI_25_FLASH", label: "Gemini 2.5 Flash — recommended", kind: "hosted", vendor: "gemini", recommended: true },
  { value: "GEMINI_25_FLASH_LITE", label: "Gemini 2.5 Flash Lite", kind: "hosted", vendor: "gemini" },
  { value: "GEMINI_25_PRO", label: "Gemini 2.5 Pro", kind: "hosted", vendor: "gemini" },
  { value: "GEMINI_20_FLASH", label: "Gemini 2.0 Flash", kind: "hosted", vendor: "gemini" },
  { value: "GEMINI_20_FLASH_LITE", label: "Gemini 2.0 Flash Lite", kind: "hosted", vendor: "gemini" },
  { value: "GPT_4O_MINI", label: "GPT-4o mini", kind: "hosted", vendor: "openai" },
  { value: "GPT_4O", label: "GPT-4o", kind: "hosted", vendor: "openai" },
  { value: "GPT_41", label: "GPT-4.1", kind: "hosted", vendor: "openai" },
  { value: "GPT_41_MINI", label: "GPT-4.1 mini", kind: "hosted", vendor: "openai" },
  { value: "GPT_4_TURBO", label: "GPT-4 Turbo", kind: "hosted", vendor: "openai" },
  { value: "OPENAI_COMPATIBLE", label: "OpenAI-compatible (Ollama, LM Studio…)", kind: "compatible" },
];

export const PROVIDER_GROUPS: readonly { label: string; options: readonly ProviderOption[] }[] = [
  { label: "No key needed", options: PROVIDERS.filter((p) => p.kind === "offline") },
  { label: "Google Gemini — your API key", options: PROVIDERS.filter((p) => p.vendor === "gemini") },
  { label: "OpenAI — your API key", options: PROVIDERS.filter((p) => p.vendor === "openai") },
  { label: "Your own server", options: PROVIDERS.filter((p) => p.kind === "compatible") },
];

export const VENDORS = {
  gemini: { name: "Google AI Studio", keyUrl: "https://aistudio.google.com/apikey", placeholder: "AIza…" },
  openai: { name: "OpenAI", keyUrl: "https://platform.openai.com/api-keys", placeholder: "sk-…" },
} as const;

export function providerOption(value: LlmProvider): ProviderOption {
  return PROVIDERS.find((p) => p.value === value) ?? PROVIDERS[0]!;
}

/** "GEMINI_25_FLASH" → "Gemini 2.5 Flash" (without the "recommended" note). */
export function providerName(value: LlmProvider): string {
  const option = providerOption(value);
  if (option.kind === "compatible") return "your OpenAI-compatible server";
  if (option.kind === "offline") return "the built-in generator";
  return option.label.replace(/ — recommended$/, "");
}

/** The API's llm_provider value of an enum member: GEMINI_25_FLASH → "gemini-25-flash", OPENAI_COMPATIBLE → "openai-compatible". */
export function providerValue(provider: LlmProvider): string {
  return provider.toLowerCase().replaceAll("_", "-");
}
