/**
 * Who reads the words and how to reach it: the provider, the API key (component state
 * only, unless "Remember on this device" keeps it in localStorage: key-storage.ts), and
 * an OpenAI-compatible server's address and model.
 */
import { useState } from "react";
import type { LlmProvider } from "../../gql/graphql.ts";
import { forgetKey, keySlot, loadRememberedKey, rememberKey } from "./key-storage.ts";
import { providerOption, VENDORS } from "./providers.ts";
import type { GenerateSession } from "./session.ts";

export function useProviderChoice(restored: GenerateSession | null, fallback: LlmProvider) {
  const [provider, setProvider] = useState<LlmProvider>(restored?.provider ?? fallback);
  const [initialKey] = useState(() => loadRememberedKey(keySlot(restored?.provider ?? fallback)));
  const [apiKey, setApiKey] = useState(initialKey ?? "");
  const [rememberOnDevice, setRememberOnDevice] = useState(initialKey !== null);
  const [baseUrl, setBaseUrl] = useState(restored?.baseUrl ?? "");
  const [model, setModel] = useState(restored?.model ?? "");

  const option = providerOption(provider);
  const vendor = option.vendor ? VENDORS[option.vendor] : null;

  const changeProvider = (next: LlmProvider) => {
    setProvider(next);
    // A key belongs to one vendor: do not send a Gemini key to OpenAI. Each vendor's remembered key comes back with it.
    const slot = keySlot(next);
    if (slot !== keySlot(provider)) {
      const remembered = loadRememberedKey(slot);
      setApiKey(remembered ?? "");
      setRememberOnDevice(remembered !== null);
    }
  };

  const changeKey = (key: string) => {
    setApiKey(key);
    const slot = keySlot(provider);
    if (rememberOnDevice && slot) rememberKey(slot, key);
  };

  const changeRemember = (remember: boolean) => {
    setRememberOnDevice(remember);
    const slot = keySlot(provider);
    if (!slot) return;
    if (remember) rememberKey(slot, apiKey);
    else forgetKey(slot);
  };

  return { provider, option, vendor, apiKey, rememberOnDevice, baseUrl, model, changeProvider, changeKey, changeRemember, setBaseUrl, setModel };
}

export type ProviderChoice = ReturnType<typeof useProviderChoice>;
