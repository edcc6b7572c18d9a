/** Currencies as prompts write them (symbols, ISO codes, words) and how to read one next to a number. */
import { alternation, collapse, escapeRe } from "./text.ts";

export const ISO_CODES = (
  "USD EUR GBP JPY CNY INR CHF CAD AUD NZD SEK NOK DKK ISK PLN CZK HUF RON BGN RSD UAH RUB TRY ILS AED SAR QAR " +
  "KWD BHD OMR JOD EGP MAD TND ZAR NGN KES GHS BRL MXN ARS CLP COP PEN UYU HKD SGD TWD KRW THB MYR IDR PHP VND PKR BDT LKR"
).split(" ");

/** Symbol → code and rank (1 = unambiguous, 2 = a symbol, 3 = a word that could be something else). */
const SYMBOLS: ReadonlyArray<readonly [string, string, number]> = [
  ["US$", "USD", 1],
  ["CA$", "CAD", 1],
  ["C$", "CAD", 1],
  ["AU$", "AUD", 1],
  ["A$", "AUD", 1],
  ["NZ$", "NZD", 1],
  ["HK$", "HKD", 1],
  ["S$", "SGD", 1],
  ["R$", "BRL", 1],
  ["MX$", "MXN", 1],
  ["CHF", "CHF", 1],
  ["zł", "PLN", 1],
  ["Kč", "CZK", 1],
  ["$", "USD", 2],
  ["€", "EUR", 2],
  ["£", "GBP", 2],
  ["¥", "JPY", 2],
  ["₹", "INR", 2],
  ["₩", "KRW", 2],
  ["₽", "RUB", 2],
  ["₺", "TRY", 2],
  ["₪", "ILS", 2],
  ["₱", "PHP", 2],
  ["₫", "VND", 2],
  ["฿", "THB", 2],
  ["₦", "NGN", 2],
  ["₴", "UAH", 2],
  ["元", "CNY", 2],
  ["Rs.", "INR", 2],
  ["Rs", "INR", 2],
  ["Fr.", "CHF", 2],
  ["kr.", "SEK", 3],
  ["kr", "SEK", 3],
];

/** Currency words (matched case-insensitively), most specific first. */
export const CURRENCY_WORDS: ReadonlyArray<readonly [string, string, number]> = [
  [String.raw`(?:US|U\.S\.|American)\s+dollars?`, "USD", 1],
  [String.raw`Canadian\s+dollars?`, "CAD", 1],
  [String.raw`Australian\s+dollars?`, "AUD", 1],
  [String.raw`New\s+Zealand\s+dollars?`, "NZD", 1],
  [String.raw`Hong\s+Kong\s+dollars?`, "HKD", 1],
  [String.raw`Singapore\s+dollars?`, "SGD", 1],
  [String.raw`Swiss\s+francs?|francs?\s+suisses?|(?:Schweizer\s+)?Franken`, "CHF", 1],
  [String.raw`(?:Swedish\s+)?kronor`, "SEK", 1],
  [String.raw`Norwegian\s+kron(?:er|e)`, "NOK", 1],
  [String.raw`Danish\s+kron(?:er|e)`, "DKK", 1],
  [String.raw`(?:British\s+)?pounds?\s+sterling|British\s+pounds?`, "GBP", 1],
  [String.raw`Mexican\s+pesos?`, "MXN", 1],
  [String.raw`Indian\s+rupees?`, "INR", 1],
  [String.raw`Japanese\s+yen`, "JPY", 1],
  [String.raw`(?:Chinese\s+)?yuan|renminbi|RMB`, "CNY", 1],
  ["usd", "USD", 1],
  ["eur", "EUR", 1],
  ["gbp", "GBP", 1],
  ["chf", "CHF", 1],
  ["cad", "CAD", 1],
  ["aud", "AUD", 1],
  ["nzd", "NZD", 1],
  ["jpy", "JPY", 1],
  ["inr", "INR", 1],
  ["sek", "SEK", 1],
  ["nok", "NOK", 1],
  ["dkk", "DKK", 1],
  [String.raw`dollars?|bucks|d[oó]lares`, "USD", 3],
  [String.raw`euros?`, "EUR", 3],
  [String.raw`pounds?|quid`, "GBP", 3],
  [String.raw`yen`, "JPY", 3],
  [String.raw`rupees?`, "INR", 3],
  [String.raw`francs?`, "CHF", 3],
  [String.raw`pesos?`, "MXN", 3],
  [String.raw`reais`, "BRL", 3],
  [String.raw`z[łl]otys?`, "PLN", 3],
  [String.raw`forints?`, "HUF", 3],
  [String.raw`kroner`, "DKK", 3],
];

export const SYMBOL_SRC = alternation(SYMBOLS.map(([s]) => escapeRe(s)));
export const CODE_SRC = ISO_CODES.join("|");
export const WORDS_SRC = CURRENCY_WORDS.map(([src]) => `(?:${src})`).join("|");

export interface CurrencyHit {
  code: string;
  rank: number;
  /** Characters the currency (and the space joining it to the number) takes. */
  length: number;
}

const PREFIX_RE = new RegExp(String.raw`(?:^|[^\p{L}\p{N}])(${SYMBOL_SRC}|${CODE_SRC})(\s?)$`, "u");
const SUFFIX_SYMBOL_RE = new RegExp(String.raw`^\s?(${SYMBOL_SRC}|${CODE_SRC})(?![\p{L}\p{N}])`, "u");
const SUFFIX_WORD_RE = new RegExp(String.raw`^\s?(${WORDS_SRC})(?![\p{L}\p{N}])`, "iu");

export function symbolCode(symbol: string): CurrencyHit | null {
  const entry = SYMBOLS.find(([s]) => s === symbol);
  if (entry) return { code: entry[1], rank: entry[2], length: 0 };
  if (ISO_CODES.includes(symbol)) return { code: symbol, rank: 1, length: 0 };
  return null;
}

export function wordCode(text: string): CurrencyHit | null {
  for (const [src, code, rank] of CURRENCY_WORDS) {
    if (new RegExp(`^(?:${src})$`, "iu").test(text)) return { code, rank, length: 0 };
  }
  return null;
}

/** A currency written right before a number ("$", "EUR ", "CHF "), from the text before it. */
export function currencyBefore(before: string): CurrencyHit | null {
  const m = PREFIX_RE.exec(before);
  if (!m?.[1]) return null;
  const hit = symbolCode(m[1]);
  if (!hit) return null;
  return { ...hit, length: m[1].length + (m[2] ?? "").length };
}

/** A currency written right after a number (" €", " EUR", " euros", "$"), from the text after it. */
export function currencyAfter(after: string): CurrencyHit | null {
  const s = SUFFIX_SYMBOL_RE.exec(after);
  if (s?.[1]) {
    const hit = symbolCode(s[1]);
    if (hit) return { ...hit, length: s[0].length };
  }
  const w = SUFFIX_WORD_RE.exec(after);
  if (w?.[1]) {
    const hit = wordCode(collapse(w[1]));
    if (hit) return { ...hit, length: w[0].length };
  }
  return null;
}
