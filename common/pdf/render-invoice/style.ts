/** The page's look: colours, margins, type sizes and leading, and the accent colour helpers. */

export type Rgb = readonly [number, number, number];
export const INK: Rgb = [28, 33, 41];
export const TEXT: Rgb = [55, 62, 74];
export const MUTED: Rgb = [112, 121, 135];
export const RULE: Rgb = [226, 230, 236];
export const PAID: Rgb = [22, 128, 72];
export const VOID: Rgb = [185, 40, 40];
export const DEFAULT_ACCENT = "#1F5F6B";

export const MARGIN_X = 50;
export const MARGIN_TOP = 48;
export const CONTINUATION_TOP = 78;
export const FOOTER_RESERVE = 66;

// Type sizes (pt) and leading.
export const SIZE_HEADING = 24;
export const SIZE_BODY = 9;
export const SIZE_SMALL = 8.5;
export const SIZE_EYEBROW = 7;
export const SIZE_FOOTER = 7.5;
export const LEADING = 1.42;

export function parseHex(hex: string): Rgb {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) throw new Error(`render-invoice: accent colour must be #RRGGBB, got "${hex}"`);
  return [parseInt(match[1] ?? "0", 16), parseInt(match[2] ?? "0", 16), parseInt(match[3] ?? "0", 16)];
}

export function mix(color: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(255 - (255 - (color[i] ?? 0)) * amount)) as unknown as Rgb;
}
