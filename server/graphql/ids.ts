import { decodeGlobalID } from "@pothos/plugin-relay";

/** Accepts a Relay global ID ("Invoice:…" base64) or the raw id REST uses, for the given type. */
export function rawIdOf(id: string | number, typename: string): string {
  const raw = String(id);
  try {
    const decoded = decodeGlobalID(raw);
    if (decoded.typename === typename && decoded.id) return decoded.id;
  } catch {
    // not a global id: a raw one
  }
  return raw;
}
