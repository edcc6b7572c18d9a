/** Pass: the invoice currency (from every amount and currency phrase, the least ambiguous first), and a locale hint. */
import { CODE_SRC, CURRENCY_WORDS, currencyAfter, currencyBefore, ISO_CODES, SYMBOL_SRC, symbolCode, wordCode, WORDS_SRC } from "./currency-vocabulary.ts";
import { NUM_TOKEN_SRC, WINDOW } from "./number-vocabulary.ts";
import type { Lang } from "./normalise.ts";
import { collapse, word } from "./text.ts";
import type { Work } from "./work.ts";

export function passCurrency(w: Work): string | null {
  const hits: Array<{ code: string; rank: number; pos: number }> = [];
  const re = new RegExp(NUM_TOKEN_SRC, "gu");
  for (let m = re.exec(w.text); m !== null; m = re.exec(w.text)) {
    const end = m.index + m[0].length;
    if (/^\s*%/.test(w.text.slice(end, end + 4))) continue;
    const hit =
      currencyBefore(w.text.slice(Math.max(0, m.index - WINDOW), m.index)) ?? currencyAfter(w.text.slice(end, end + WINDOW));
    if (hit) hits.push({ code: hit.code, rank: hit.rank, pos: m.index });
  }
  // "in euros", "currency: CAD", "(CHF)", "prices in €".
  const contextRe = new RegExp(
    String.raw`(?:\b(?:in|currency|paid[ \t]+in|billed[ \t]+in|invoice[ \t]+in|devise|moneda|währung|en)[ \t]*:?[ \t]+|\()(${CODE_SRC}|${SYMBOL_SRC}|${WORDS_SRC})(?![\p{L}])`,
    "giu",
  );
  for (let m = contextRe.exec(w.text); m !== null; m = contextRe.exec(w.text)) {
    const token = collapse(m[1] ?? "");
    const looksLikeCode = /^[A-Za-z]{3}$/.test(token) && !wordCode(token);
    const hit = looksLikeCode ? (ISO_CODES.includes(token) ? symbolCode(token) : null) : (symbolCode(token) ?? wordCode(token));
    if (hit) hits.push({ code: hit.code, rank: hit.rank, pos: m.index });
  }
  const qualified = new RegExp(
    CURRENCY_WORDS.filter(([, , rank]) => rank === 1)
      .map(([src]) => word(src))
      .join("|"),
    "giu",
  );
  for (let m = qualified.exec(w.text); m !== null; m = qualified.exec(w.text)) {
    const hit = wordCode(collapse(m[0]));
    if (hit) hits.push({ code: hit.code, rank: hit.rank, pos: m.index });
  }
  if (hits.length === 0) return null;
  hits.sort((a, b) => a.rank - b.rank || a.pos - b.pos);
  const best = hits[0]!;
  // "$" means the dollar the prompt names elsewhere ("… in CAD").
  return best.code;
}

export function localeHint(lang: Lang, currency: string | null): string | null {
  switch (lang) {
    case "de":
      return currency === "CHF" ? "de-CH" : "de-DE";
    case "fr":
      return currency === "CHF" ? "fr-CH" : currency === "CAD" ? "fr-CA" : "fr-FR";
    case "es":
      return currency === "MXN" ? "es-MX" : currency === "ARS" ? "es-AR" : currency === "USD" ? "es-US" : "es-ES";
    default:
      return null;
  }
}
