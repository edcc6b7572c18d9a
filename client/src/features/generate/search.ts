/**
 * The generate page's URL state. Its own module: the route imports it at startup,
 * and it must not pull the preview model (zod, the invoice schema) into the entry chunk.
 */
export interface GenerateSearch {
  promptId?: string;
}

const RAW_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseGenerateSearch(raw: Record<string, unknown>): GenerateSearch {
  // The router parses search values as JSON: an all-digit id arrives as a number.
  const value = typeof raw.promptId === "number" ? String(raw.promptId) : raw.promptId;
  return typeof value === "string" && RAW_ID.test(value) ? { promptId: value } : {};
}
