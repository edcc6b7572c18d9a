/**
 * PostgreSQL text cannot hold NUL (U+0000) and no invoice needs it: every
 * free-text schema refuses it, so both databases accept exactly the same input.
 */
export const NO_NUL_MESSAGE = "must not contain NUL (\\u0000) characters";

export function hasNoNul(value: string): boolean {
  return !value.includes("\u0000");
}
