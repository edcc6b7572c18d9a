/** Numbers as prompts write them: digits, number words, units, rates. */
import { alternation } from "./text.ts";

/** Characters around a number that can bear on it (currency, "at", "/hour", "x"). */
export const WINDOW = 48;

/** A written number: grouped ("1,234.56", "1.234,56", "1'250") or plain ("12,5", "150"). */
export const NUM_SRC = String.raw`(?:\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:[,.'’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)`;
export const NUM_TOKEN_SRC = String.raw`(?<![\p{L}\p{N}_.,'’])${NUM_SRC}(?![\p{N}])`;

const SMALL_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
export const WORD_NUMBERS: Record<string, number> = { ...SMALL_NUMBERS, ...TENS };
for (const [ten, tv] of Object.entries(TENS)) {
  for (const [one, ov] of Object.entries(SMALL_NUMBERS)) {
    if (ov < 10) WORD_NUMBERS[`${ten}-${one}`] = tv + ov;
  }
}
export const WORD_NUMBER_SRC = alternation(Object.keys(WORD_NUMBERS));

/** Unit words → the singular English unit the extraction uses. */
const UNITS: ReadonlyArray<readonly [string, string]> = [
  [String.raw`hours?|hrs?\.?|h|std\.?|stunden?|stdn?\.?|heures?|hres?|horas?|uur`, "hour"],
  [String.raw`days?|tage?n?|werktage?n?|jours?|d[ií]as?|giorni`, "day"],
  [String.raw`weeks?|wochen?|semaines?|semanas?`, "week"],
  [String.raw`months?|monate?n?|mois|mes(?:es)?`, "month"],
  [String.raw`years?|jahre?n?|années?|años?`, "year"],
  [String.raw`minutes?|mins?\.?|minuten?`, "minute"],
  [String.raw`nights?|nächte|nuits?|noches?`, "night"],
  [String.raw`words?|wörter|mots?|palabras?`, "word"],
  [String.raw`units?|unités?|unidades?`, "unit"],
  [String.raw`pieces?|pcs\.?|pc\.?|stück|stk\.?|pièces?|items?`, "item"],
];
export const UNIT_SRC = alternation(UNITS.map(([src]) => src).flatMap((src) => src.split("|")));
export const TIME_UNITS = new Set(["hour", "day", "week", "month", "year", "minute", "night"]);

export function unitOf(text: string): string | null {
  const t = text.toLowerCase().replace(/\s+/g, "");
  for (const [src, unit] of UNITS) {
    if (new RegExp(`^(?:${src})$`, "iu").test(t)) return unit;
  }
  return null;
}

export const RATE_SRC = String.raw`\d{1,3}(?:[.,]\d{1,4})?`;
