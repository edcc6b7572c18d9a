/**
 * The numbers in an item phrase, each with what surrounds it (currency, "at"/"for",
 * "/hour", a unit, "x"), scored as a likely price (rate) or quantity.
 */
import { currencyAfter, currencyBefore, type CurrencyHit } from "./currency-vocabulary.ts";
import { NUM_TOKEN_SRC, UNIT_SRC, unitOf, WINDOW } from "./number-vocabulary.ts";
import { collapse } from "./text.ts";
import type { Work } from "./work.ts";

export interface NumberToken {
  start: number;
  end: number;
  value: string;
  raw: string;
  percent: boolean;
  currency: CurrencyHit | null;
  spanStart: number;
  spanEnd: number;
  keyword: string | null;
  keywordStart: number;
  per: { unit: string | null; end: number } | null;
  unit: { unit: string; end: number } | null;
  xAfter: number | null;
  xBefore: number | null;
  nounAfter: boolean;
}

export const STRONG_PRICE_KEYWORDS = new Set(["at", "@", "à", "a", "zu", "je", "por", "pour", "costing", "priced at", "rate of", "rate", "=", "cost", "costs", "at a rate of", "hourly rate of", "daily rate of", "weekly rate of", "monthly rate of"]);
const WEAK_PRICE_KEYWORDS = new Set(["for", "of", ":", "-", "–", "—", "(", "for a total of", "totaling", "totalling", "total", "total of", "über"]);
export const TOTAL_KEYWORDS = new Set(["for", "for a total of", "totaling", "totalling", "total", "total of", "costing", "über"]);

const KEYWORD_BEFORE_RE =
  /(?:^|[\s(])(for a total of|at a rate of|priced at|(?:hourly|daily|weekly|monthly)[ \t]+rate[ \t]+of|rate of|total of|totaling|totalling|costing|costs?|total|rate|at|à|a|zu|je|por|pour|for|of|über)\s*$|([@=:(–—-]|\s-)\s*$/iu;
const PER_AFTER_RE = new RegExp(
  String.raw`^\s*(?:(each|apiece|ea\.?|cada[ \t]+un[oa]|chacun|chacune|pro[ \t]+St(?:ück|k\.?)|the[ \t]+piece)(?![\p{L}])|(?:\/|per(?![\p{L}])|pro(?![\p{L}])|par(?![\p{L}])|por(?![\p{L}])|je(?![\p{L}])|la(?![\p{L}])|el(?![\p{L}])|le(?![\p{L}])|an?(?![\p{L}])|the(?![\p{L}]))\s*([\p{L}][\p{L}.]*))`,
  "iu",
);
const UNIT_AFTER_RE = new RegExp(String.raw`^\s*-?\s*(${UNIT_SRC})(?![\p{L}])`, "iu");

export function tokenize(s: string, w: Work): NumberToken[] {
  const tokens: NumberToken[] = [];
  const re = new RegExp(NUM_TOKEN_SRC, "gu");
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const start = m.index;
    const end = start + m[0].length;
    const percent = /^\s*%/.test(s.slice(end, end + 4));
    // Only a short window around a number matters; bounded so long input stays linear.
    const before = s.slice(Math.max(0, start - WINDOW), start);
    const after = s.slice(end, end + WINDOW);
    const prefix = currencyBefore(before);
    const suffix = prefix ? null : currencyAfter(after);
    const currency = prefix ?? suffix;
    const value = currency ? w.money(m[0], currency.code) : w.number(m[0], percent);
    // Not an amount anyone invoices (and beyond what the money module accepts): leave it unread.
    if (value === null || value.split(".")[0]!.replace("-", "").length > 15) continue;
    const spanStart = prefix ? start - prefix.length : start;
    const spanEnd = suffix ? end + suffix.length : end;
    const windowStart = Math.max(0, spanStart - WINDOW);
    const k = KEYWORD_BEFORE_RE.exec(s.slice(windowStart, spanStart));
    const keyword = k ? collapse(k[1] ?? k[2] ?? "").toLowerCase() || "-" : null;
    const keywordStart = k ? windowStart + k.index + (k[0].length - k[0].trimStart().length) : spanStart;
    const rest = s.slice(spanEnd, spanEnd + WINDOW);
    const perMatch = PER_AFTER_RE.exec(rest);
    let per: NumberToken["per"] = null;
    if (perMatch) {
      const unitWord = perMatch[2];
      const article = /^\s*(?:an?|the|la|el|le)\s/i.test(rest);
      const unit = unitWord ? unitOf(unitWord.replace(/\.$/, "")) : null;
      // "a"/"an"/"the"/"la" only make a rate with a unit word ("$80 an hour"), not with any noun.
      if (perMatch[1] || (unitWord && (!article || unit))) {
        per = { unit, end: spanEnd + perMatch[0].length };
      }
    }
    const unitMatch = currency ? null : UNIT_AFTER_RE.exec(after);
    const unit = unitMatch ? { unit: unitOf(unitMatch[1] ?? "") ?? "item", end: end + unitMatch[0].length } : null;
    const xa = /^\s*[x×*](?=\s)/.exec(after);
    const xb = /(?:^|\s)([x×*])\s*$/.exec(s.slice(windowStart, spanStart));
    tokens.push({
      start,
      end,
      value,
      raw: m[0],
      percent,
      currency,
      spanStart,
      spanEnd,
      keyword,
      keywordStart,
      per,
      unit,
      xAfter: xa ? end + xa[0].length : null,
      xBefore: xb ? spanStart - xb[0].length + (xb[0].length - xb[0].trimStart().length) : null,
      nounAfter: !unitMatch && !currency && /^\s+[\p{L}]/u.test(after),
    });
  }
  return tokens;
}

export function priceScore(t: NumberToken): number {
  let score = 0;
  if (t.currency) score += 4;
  if (t.keyword && STRONG_PRICE_KEYWORDS.has(t.keyword)) score += 3;
  else if (t.keyword && WEAK_PRICE_KEYWORDS.has(t.keyword)) score += 2;
  if (t.per) score += 3;
  if (t.xBefore !== null) score += 1;
  if (t.unit) score -= 5;
  if (t.xAfter !== null) score -= 4;
  return score;
}

export function quantityScore(t: NumberToken): number {
  let score = 0;
  if (t.unit) score += 4;
  if (t.xAfter !== null) score += 4;
  if (t.xBefore !== null && !t.currency) score += 2;
  if (t.nounAfter) score += 1;
  if (t.currency) score -= 5;
  if (t.per) score -= 3;
  if (t.keyword && STRONG_PRICE_KEYWORDS.has(t.keyword) && t.keyword !== "a") score -= 3;
  return score;
}
