import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOSTED_MODELS, KEYLESS_PROVIDERS, LLM_PROVIDERS, LLM_VENDORS, llmProviderEnumName, providerLabel } from "./llm-providers.ts";

/** The API document's provider table: "Google Gemini 2.5 Flashgemini-25-flashGoogle AI Studio" (name, value, where the key comes from). */
const spec = readFileSync(join(import.meta.dirname, "..", "docs", "spec", "invobi-api-v1.txt"), "utf8");
const table = spec.slice(spec.indexOf("ProviderValueGet API Key"), spec.indexOf("💡 Tip:")).trim().split("\n").slice(1);

describe("llm providers", () => {
  it("hosts exactly the models of the API document's table, in its order, with its names and key vendors", () => {
    const keyPages = { gemini: "Google AI Studio", openai: "OpenAI Platform" } as const;
    expect(table).toEqual(Object.entries(HOSTED_MODELS).map(([value, m]) => `${m.title}${value}${keyPages[m.vendor]}`));
    expect(LLM_VENDORS.gemini.name).toBe(keyPages.gemini);
  });

  it("recommends the model the API document recommends, and only that one", () => {
    const recommended = Object.entries(HOSTED_MODELS).filter(([, m]) => "recommended" in m).map(([value]) => value);
    expect(recommended).toEqual(["gemini-25-flash"]);
    expect(spec).toContain(`💡 Tip: ${recommended[0]} offers the best balance`);
  });

  it("lists every value once: the hosted ones, then the keyless ones", () => {
    expect(new Set(LLM_PROVIDERS).size).toBe(LLM_PROVIDERS.length);
    expect([...LLM_PROVIDERS].sort()).toEqual([...Object.keys(HOSTED_MODELS), ...KEYLESS_PROVIDERS].sort());
  });

  it("names every provider and its GraphQL enum member", () => {
    expect(LLM_PROVIDERS.map(providerLabel).every((label) => label.length > 0)).toBe(true);
    expect(providerLabel("gpt-4o-mini")).toBe("GPT-4o mini");
    expect(providerLabel("offline")).toBe("Built-in (offline, no key)");
    expect(llmProviderEnumName("openai-compatible")).toBe("OPENAI_COMPATIBLE");
    expect(llmProviderEnumName("gemini-25-flash-lite")).toBe("GEMINI_25_FLASH_LITE");
  });
});
