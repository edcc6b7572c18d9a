import type { DetailLine } from "../../common/invoice/types.ts";

/**
 * Json columns (from/to/payment details, the business profile) hold DetailLine[];
 * anything else — null, or a malformed entry — reads as no line.
 */
export function detailLines(value: unknown): DetailLine[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (l): l is DetailLine => typeof l === "object" && l !== null && typeof l.label === "string" && typeof l.value === "string",
  );
}
