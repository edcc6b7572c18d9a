/** Text and regex helpers the passes share. */

export function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** `src` as a whole word: no letter or digit directly before or after (works for "für", "échéance"). */
export function word(src: string): string {
  return String.raw`(?<![\p{L}\p{N}])(?:${src})(?![\p{L}\p{N}])`;
}

export function alternation(sources: readonly string[]): string {
  return [...sources].sort((a, b) => b.length - a.length).join("|");
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Offset of capture group `group` within the subject (requires the "d" flag). */
export function groupStart(m: RegExpExecArray, group: number): number {
  return m.indices?.[group]?.[0] ?? m.index;
}
export function groupEnd(m: RegExpExecArray, group: number): number {
  return m.indices?.[group]?.[1] ?? m.index + m[0].length;
}
