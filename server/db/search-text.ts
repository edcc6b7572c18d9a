/**
 * Case-insensitive substring search that behaves the same on SQLite and
 * PostgreSQL. Prisma's `contains` becomes LIKE '%…%' without escaping, and the
 * two databases differ in LIKE's case rules and escape character. So searchable
 * columns store a normalised copy: lower-cased (in JS, so non-ASCII folds the same
 * everywhere) with LIKE's special characters mapped to private-use code points.
 * The needle gets the same mapping, so a user's "%" or "_" is a literal.
 */
const LIKE_SPECIALS: Record<string, string> = { "%": "\uE000", _: "\uE001", "\\": "\uE002" };

export function searchKey(text: string): string {
  return text.toLowerCase().replace(/[%_\\]/g, (ch) => LIKE_SPECIALS[ch]!);
}
