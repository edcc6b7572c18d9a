/**
 * PostgreSQL text cannot hold NUL (U+0000) and no invoice needs it: every
 * free-text schema refuses it, so both databases accept exactly the same input.
 */
export const NO_NUL_MESSAGE = "must not contain NUL (\\u0000) characters";

export function hasNoNul(value: string): boolean {
  return !value.includes("\u0000");
}

/** An unpaired UTF-16 surrogate: legal in a JS string or a JSON "\ud800" escape, but not Unicode text (Prisma refuses it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const LONE_SURROGATE_MESSAGE = "must be valid Unicode text (it contains an unpaired surrogate)";

/** Why a string cannot be stored as text on both databases, or null. */
export function textProblem(value: string): string | null {
  if (!hasNoNul(value)) return NO_NUL_MESSAGE;
  return LONE_SURROGATE.test(value) ? LONE_SURROGATE_MESSAGE : null;
}

/** No API input needs more levels than this (an invoice body is about 5 deep). */
export const MAX_INPUT_DEPTH = 32;

/**
 * The first string (object keys included) of a parsed JSON value that textProblem
 * refuses, or `tooDeep` once the value nests deeper than maxDepth. Iterative, so a
 * hostile 100,000-level body costs one short walk, not a stack overflow.
 */
export function findTextProblem(
  root: unknown,
  maxDepth: number = MAX_INPUT_DEPTH,
): { path: (string | number)[]; message: string; tooDeep?: true } | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    const key = path.at(-1);
    const keyMessage = typeof key === "string" ? textProblem(key) : null;
    if (keyMessage) return { path, message: keyMessage };
    if (typeof value === "string") {
      const message = textProblem(value);
      if (message) return { path, message };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= maxDepth) return { path, message: `must not nest more than ${maxDepth} levels deep`, tooDeep: true };
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return null;
}
