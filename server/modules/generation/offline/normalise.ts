/** Pass: normalise the prompt (line ends, quotes, spaces in numbers, "3x"), and read its language and decimal style. */
import type { DecimalStyle } from "../numbers.ts";
import { CODE_SRC } from "./currency-vocabulary.ts";
import { word } from "./text.ts";

export type Lang = "en" | "de" | "fr" | "es";

export function normalizeText(prompt: string): string {
  let s = prompt.replace(/\r\n?/g, "\n").replace(/\t/g, " ").replace(/\u0000/g, " ");
  s = s.replace(/[\u2018\u2019\u201A\u2032]/g, "'").replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"');
  // French-style thousands with (narrow) no-break spaces: "1 234,56".
  s = s.replace(/(\d)[\u00a0\u202f\u2009\u2007](?=\d{3}(?!\d))/g, "$1");
  s = s.replace(/[\u00a0\u202f\u2009\u2007\u200b]/g, " ");
  s = s.replace(/\u2212/g, "-");
  // Ordinary-space thousands, only where unambiguous: before a decimal comma or a currency.
  s = s.replace(
    new RegExp(String.raw`(?<![\d.,])(\d{1,3})((?: \d{3})+)(?=,\d{1,2}(?!\d)|\s?(?:€|(?:EUR|CHF|SEK|NOK|DKK|PLN|CZK|HUF|kr|zł|Kč|Ft)(?![\p{L}])))`, "gu"),
    (_m, head: string, groups: string) => head + groups.replace(/ /g, ""),
  );
  // "3x Widget" / "Widget x3" → "3 x Widget" / "Widget x 3"; "EUR25" → "EUR 25".
  s = s.replace(/(\d)([x×])(?=\s|$|\p{L})/gu, "$1 $2");
  s = s.replace(/(^|[\s(])([x×])(\d)/g, "$1$2 $3");
  s = s.replace(new RegExp(String.raw`(?<![\p{L}])(${CODE_SRC})(\d)`, "gu"), "$1 $2");
  s = s.replace(new RegExp(String.raw`(\d)(${CODE_SRC})(?![\p{L}])`, "gu"), "$1 $2");
  return s;
}

export function detectLanguage(text: string): Lang {
  const count = (src: string) => (text.match(new RegExp(word(src), "giu")) ?? []).length;
  const scores: Record<Lang, number> = {
    en: count(
      "invoice|hours?|days?|the|for|and|with|tax|due|payment|please|create|each|plus|discount|from|weeks?|bill|total",
    ),
    de: count(
      "rechnung|stunden?|std\\.?|mwst|ust|zzgl|inkl|zahlbar|fällig|für|über|tage?n?|beratung|rabatt|innerhalb|und|netto|bitte|erstelle|pauschal|bis|zum|von|einer?|mit",
    ),
    fr: count(
      "facture|heures?|jours?|tva|pour|paiement|sous|remise|ht|ttc|réception|échéance|prestation|développement|avec|une?|les?|la|et|du|des|au|à",
    ),
    es: count("factura|horas?|días?|dias|iva|para|pago|vence|descuento|consultoría|desarrollo|con|una?|el|los|las|y|por|del"),
  };
  let best: Lang = "en";
  for (const lang of ["de", "fr", "es"] as const) {
    if (scores[lang] >= 2 && scores[lang] > scores[best]) best = lang;
  }
  return best;
}

export function detectStyle(text: string, lang: Lang): DecimalStyle {
  if (/\d\.\d{3},\d/.test(text) || /(?<![\d.,])\d+,\d{1,2}(?![\d])/.test(text)) return "comma";
  if (/\d,\d{3}\.\d/.test(text) || /(?<![\d.,])\d+\.\d{1,2}(?![\d.,])/.test(text)) return "dot";
  return lang === "en" ? "dot" : "comma";
}
