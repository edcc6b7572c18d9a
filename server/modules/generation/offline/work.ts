/**
 * The work text the passes read: the normalised prompt, its unconsumed ("masked") copy,
 * and what passes leave for later ones (party mentions, contact lines, payment lines).
 */
import type { DetailLineExtraction } from "../extraction.ts";
import { parseNumberText, type DecimalStyle } from "../numbers.ts";
import { detectLanguage, detectStyle, type Lang } from "./normalise.ts";

export interface OfflineExtractOptions {
  /**
   * Today as "YYYY-MM-DD". Only used to give a year to a date written without one
   * ("due March 17"); without it such a date is left unread (and listed missing).
   */
  today?: string;
}

export type Role = "from" | "to";

export const MASK = "\u0000";

export interface Pending {
  pos: number;
  kind: "email" | "address" | "line";
  label: string;
  value: string;
}

export class Work {
  readonly text: string;
  masked: string;
  readonly lang: Lang;
  readonly style: DecimalStyle;
  readonly usDates: boolean;
  readonly today: { year: number; month: number; day: number } | null;
  readonly mentions: Array<{ role: Role; pos: number }> = [];
  readonly pending: Pending[] = [];
  readonly payment: Array<{ pos: number; line: DetailLineExtraction }> = [];
  readonly toLines: DetailLineExtraction[] = [];
  taxWithoutRate = false;

  constructor(text: string, options: OfflineExtractOptions) {
    this.text = text;
    this.masked = text;
    this.lang = detectLanguage(text);
    this.style = detectStyle(text, this.lang);
    this.usDates =
      this.lang === "en" && /\$|USD|dollar/i.test(text) && !/[€£₹]|\b(?:EUR|GBP|INR|AUD|NZD|CAD|ZAR)\b/.test(text);
    const t = options.today ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(options.today) : null;
    this.today = t ? { year: Number(t[1]), month: Number(t[2]), day: Number(t[3]) } : null;
  }

  consume(start: number, end: number): void {
    if (end <= start) return;
    this.masked = this.masked.slice(0, start) + MASK.repeat(end - start) + this.masked.slice(end);
  }

  /**
   * Run a global regex over the unconsumed text. `fn` returns true to consume the
   * whole match, a [start, end] pair to consume part of it, or nothing to leave it.
   */
  each(re: RegExp, fn: (m: RegExpExecArray) => boolean | readonly [number, number] | void): void {
    // Returning false means "not this match, but look again from the next character".
    const global = re.flags.includes("g") ? re : new RegExp(re.source, `${re.flags}g`);
    global.lastIndex = 0;
    const source = this.masked;
    for (let m = global.exec(source); m !== null; m = global.exec(source)) {
      if (m[0] === "") {
        global.lastIndex++;
        continue;
      }
      const result = fn(m);
      if (result === true) this.consume(m.index, m.index + m[0].length);
      else if (result === false) global.lastIndex = m.index + 1;
      else if (Array.isArray(result)) this.consume(result[0], result[1]);
    }
  }

  number(raw: string, percent = false): string | null {
    return parseNumberText(raw, { style: this.style, percent });
  }

  /** An amount next to a currency: "€2.500" and "$1,500" are thousands whatever the style. */
  money(raw: string, currency: string | null): string | null {
    const threeDecimals = currency !== null && ["KWD", "BHD", "OMR", "JOD", "TND"].includes(currency);
    return parseNumberText(raw, { style: this.style, money: currency !== null && !threeDecimals });
  }
}
