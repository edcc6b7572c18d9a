/**
 * Who reads the words: the built-in extractor (no key, no network, the default),
 * the hosted models (the caller's own API key), or any OpenAI-compatible server.
 * The table is common/llm-providers.ts; this is its picker, on the GraphQL enum's
 * member names (the API value "gemini-25-flash" is GEMINI_25_FLASH).
 */
import {
  HOSTED_MODELS,
  KEYLESS_LABELS,
  LLM_PROVIDERS,
  LLM_VENDORS,
  isKeylessProvider,
  llmProviderEnumName,
  type HostedVendor,
  type LlmProvider as LlmProviderValue,
} from "../../../../common/llm-providers.ts";
import type { LlmProvider } from "../../gql/graphql.ts";

export type ProviderKind = "offline" | "hosted" | "compatible";

export interface ProviderOption {
  value: LlmProvider;
  label: string;
  kind: ProviderKind;
  /** The vendor whose key a hosted model needs. */
  vendor?: HostedVendor;
  recommended?: boolean;
}

export const DEFAULT_PROVIDER: LlmProvider = "OFFLINE";

const enumMember = (value: LlmProviderValue) => llmProviderEnumName(value) as LlmProvider;

const hosted: ProviderOption[] = LLM_PROVIDERS.flatMap((value) => {
  if (isKeylessProvider(value)) return [];
  const model: { vendor: HostedVendor; label: string; recommended?: true } = HOSTED_MODELS[value];
  return [
    {
      value: enumMember(value),
      label: model.recommended ? `${model.label} — recommended` : model.label,
      kind: "hosted" as const,
      vendor: model.vendor,
      ...(model.recommended ? { recommended: true } : {}),
    },
  ];
});

/** The built-in generator first (the default), then the hosted models, then your own server. */
export const PROVIDERS: readonly ProviderOption[] = [
  { value: enumMember("offline"), label: KEYLESS_LABELS.offline, kind: "offline" },
  ...hosted,
  { value: enumMember("openai-compatible"), label: KEYLESS_LABELS["openai-compatible"], kind: "compatible" },
];

export const PROVIDER_GROUPS: readonly { label: string; options: readonly ProviderOption[] }[] = [
  { label: "No key needed", options: PROVIDERS.filter((p) => p.kind === "offline") },
  { label: "Google Gemini — your API key", options: PROVIDERS.filter((p) => p.vendor === "gemini") },
  { label: "OpenAI — your API key", options: PROVIDERS.filter((p) => p.vendor === "openai") },
  { label: "Your own server", options: PROVIDERS.filter((p) => p.kind === "compatible") },
];

export const VENDORS = LLM_VENDORS;

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
