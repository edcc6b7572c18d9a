/**
 * "Remember on this device": a provider API key the user chose to keep in this
 * browser's localStorage, one per vendor (a Gemini key is never offered to OpenAI).
 * Nothing is stored unless asked; unticking deletes it at once. A remembered key is
 * still sent only to our own server's generate mutation, with each request.
 * Storage may be unavailable (private windows, blocked storage): then nothing is
 * remembered and nothing breaks.
 */
import type { LlmProvider } from "../../gql/graphql.ts";
import { providerOption } from "./providers.ts";

export type KeySlot = "openai" | "gemini" | "compatible";

const STORAGE_PREFIX = "invobi.llmKey.";

/** Whose key a provider takes; null for the built-in generator (no key). */
export function keySlot(provider: LlmProvider): KeySlot | null {
  const option = providerOption(provider);
  if (option.kind === "offline") return null;
  if (option.kind === "compatible") return "compatible";
  return option.vendor ?? null;
}

function storage(): Storage | null {
  try {
    return typeof window !== "undefined" ? window.localStorage : null;
  } catch {
    return null;
  }
}

export function loadRememberedKey(slot: KeySlot | null): string | null {
  if (!slot) return null;
  try {
    return storage()?.getItem(STORAGE_PREFIX + slot) ?? null;
  } catch {
    return null;
  }
}

/** Stores the key (an empty key removes it). False when the browser would not store it. */
export function rememberKey(slot: KeySlot, key: string): boolean {
  const store = storage();
  if (!store) return false;
  try {
    if (key.trim()) store.setItem(STORAGE_PREFIX + slot, key.trim());
    else store.removeItem(STORAGE_PREFIX + slot);
    return true;
  } catch {
    return false;
  }
}

export function forgetKey(slot: KeySlot): void {
  try {
    storage()?.removeItem(STORAGE_PREFIX + slot);
  } catch {
    // nothing stored, nothing to remove
  }
}
