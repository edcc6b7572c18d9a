/** Pass: what is left of the prompt, split into line items (description, quantity, unit, unit price). */
import type { ItemExtraction } from "../extraction.ts";
import { divideExact } from "../numbers.ts";
import { type NumberToken, priceScore, quantityScore, STRONG_PRICE_KEYWORDS, tokenize, TOTAL_KEYWORDS } from "./number-tokens.ts";
import { TIME_UNITS, UNIT_SRC, WINDOW, WORD_NUMBER_SRC, WORD_NUMBERS } from "./number-vocabulary.ts";
import { capitalise, collapse, escapeRe } from "./text.ts";
import type { Work } from "./work.ts";

const SENTENCE_ABBREVIATIONS = new Set(
  "std hrs hr h ca approx incl excl inkl zzgl nr no st e.g i.e vs etc pcs pc stk co inc corp ltd mr mrs ms dr min max bzw ggf usw".split(" "),
);

/** Split the unconsumed text into regions: between masks, lines, sentences and semicolons. */
function splitRegions(masked: string): string[] {
  const regions: string[] = [];
  let start = 0;
  const re = /\0+|\n|;|[.!?](?=\s|$|\0)/g;
  for (let m = re.exec(masked); m !== null; m = re.exec(masked)) {
    if (m[0] === "." && /^\s*\d{1,2}$/.test(masked.slice(start, m.index))) continue;
    if (m[0] === ".") {
      const before = /([\p{L}.]+)$/u.exec(masked.slice(Math.max(start, m.index - 12), m.index))?.[1]?.toLowerCase();
      if (before && SENTENCE_ABBREVIATIONS.has(before)) continue;
    }
    regions.push(masked.slice(start, m.index));
    start = m.index + m[0].length;
  }
  regions.push(masked.slice(start));
  return regions.map((r) => r.replace(/^\s*(?:[-*•·–—]|\d{1,2}[.)])\s+/, "").trim()).filter((r) => r !== "");
}

const LEADING_FILLER = new Set(
  (
    "please pls can could would you create make generate draft prepare write issue send produce new invoice invoices bill " +
    "billing an a the for of with including include includes plus and also add additionally then another item items line " +
    "lines charge charging is are it to i we need want like de du des la le les el los las un une una uno für über und et y " +
    "zzgl zzgl. je à at on rechnung facture factura erstelle erstellen eine einen ein crée créer crea crear there should be " +
    "+ & - – — • * : = @ x × ( ) , services: items: item: line: following total it's its that's this which was " +
    "hi hello hey"
  ).split(" "),
);
const TRAILING_FILLER = new Set(
  ("each per apiece ea ea. total in a an the at for of to and plus with is pro je ht net netto excl excl. excluding " +
    "incl incl. including brutto + & - – — : = @ x × ( , /").split(" "),
);

function cleanDescription(text: string): string {
  let tokens = collapse(text.replace(/\(\s*\)/g, " ")).split(" ").filter(Boolean);
  const bare = (t: string) => t.toLowerCase().replace(/[,;]+$/, "");
  while (tokens.length > 0 && (LEADING_FILLER.has(bare(tokens[0]!)) || /^[^\p{L}\p{N}]+$/u.test(tokens[0]!))) tokens.shift();
  while (
    tokens.length > 0 &&
    (TRAILING_FILLER.has(bare(tokens[tokens.length - 1]!)) || /^[^\p{L}\p{N}]+$/u.test(tokens[tokens.length - 1]!))
  ) {
    tokens.pop();
  }
  tokens = tokens.map((t, i) => (i === tokens.length - 1 ? t.replace(/[:,;–—-]+$/, "") : t));
  let out = tokens.join(" ").replace(/^[\s:,;–—-]+|[\s:,;–—-]+$/g, "");
  // "piano lessons: 8 lessons × £35" leaves "piano lessons: lessons".
  const repeated = /^(.+?)\s*[:–—-]\s*([\p{L}-]+)$/u.exec(out);
  if (repeated && new RegExp(`(?<![\\p{L}])${escapeRe(repeated[2] ?? "")}(?![\\p{L}])`, "iu").test(repeated[1] ?? "")) {
    out = repeated[1] ?? out;
  }
  // Unbalanced parentheses left by removed amounts.
  if ((out.match(/\(/g) ?? []).length !== (out.match(/\)/g) ?? []).length) out = out.replace(/[()]/g, "").trim();
  return capitalise(collapse(out));
}

/** "an hour of support" → "1 hour of support"; "two days" → "2 days"; "half a day" → "0.5 day". */
function spellNumbers(text: string): string {
  let s = text.replace(/\bhalf(?:[ \t]+an?|-)?[ \t]*(day|hour)\b/gi, "0.5 $1");
  s = s.replace(
    new RegExp(String.raw`(?<![\p{L}\p{N}$€£¥₹%])(an?|one)[ \t]+(?=(?:${UNIT_SRC})(?![\p{L}]))`, "giu"),
    (match, _w: string, offset: number, whole: string) => {
      const before = whole.slice(Math.max(0, offset - WINDOW), offset);
      if (/(?:[\d€$£¥₹]|\b(?:per|each|pro|par|por))\s*$/i.test(before)) return match;
      return "1 ";
    },
  );
  s = s.replace(
    new RegExp(String.raw`(?<![\p{L}\p{N}-])(${WORD_NUMBER_SRC})(?=[ \t]+[\p{L}])`, "giu"),
    (_m, n: string) => String(WORD_NUMBERS[n.toLowerCase()] ?? n),
  );
  return s;
}

interface ParsedItem {
  item: ItemExtraction;
  currency: string | null;
  hasPrice: boolean;
  hasQuantity: boolean;
  fallbackDescription: boolean;
}

function parseItem(piece: string, w: Work): ParsedItem | null {
  let s = ` ${piece} `;
  let feeLabel: string | null = null;
  s = s.replace(
    /(?<![\p{L}-])((?:[\p{L}-]+[ \t]+){0,3}?)(fee|charge)[ \t]+of(?=[ \t])/iu,
    (_m, adjectives: string, noun: string) => {
      const words = collapse(adjectives)
        .split(" ")
        .filter((t) => t && !LEADING_FILLER.has(t.toLowerCase()));
      feeLabel = capitalise([...words, noun.toLowerCase()].join(" "));
      return " ".repeat(_m.length);
    },
  );
  const tokens = tokenize(s, w).filter((t) => !t.percent);
  if (tokens.length === 0) return null;

  let price: NumberToken | null = null;
  for (const t of tokens) if (priceScore(t) > 0 && (!price || priceScore(t) > priceScore(price))) price = t;
  if (!price && tokens.length === 1 && quantityScore(tokens[0]!) <= 0) price = tokens[0]!;
  let quantity: NumberToken | null = null;
  for (const t of tokens) {
    if (t === price) continue;
    if (quantityScore(t) > 0 && (!quantity || quantityScore(t) > quantityScore(quantity))) quantity = t;
  }
  if (!price && quantity) {
    // "2 x Keyboard 49.99": with a clear count, the remaining plain number is the price.
    const rest = tokens.filter((t) => t !== quantity && priceScore(t) >= 0 && !/^(?:19|20)\d\d$/.test(t.raw));
    price = rest[rest.length - 1] ?? null;
  }
  if (!price && !(quantity && (quantity.unit || quantity.xAfter !== null))) return null;

  const removed: Array<[number, number]> = [];
  if (price) {
    const start = Math.min(price.keyword ? price.keywordStart : price.spanStart, price.xBefore ?? Infinity, price.spanStart);
    removed.push([start, Math.max(price.spanEnd, price.per?.end ?? 0)]);
  }
  if (quantity) {
    removed.push([Math.min(quantity.start, quantity.xBefore ?? Infinity), Math.max(quantity.end, quantity.unit?.end ?? 0, quantity.xAfter ?? 0)]);
  }
  let rest = s;
  for (const [a, b] of removed) rest = rest.slice(0, a) + " ".repeat(b - a) + rest.slice(b);
  let description = cleanDescription(rest);

  let quantityValue: string | null = quantity ? quantity.value : null;
  let unit: string | null = quantity?.unit?.unit ?? price?.per?.unit ?? null;
  let unitPrice: string | null = price ? price.value : null;

  if (!quantity && price) {
    // A rate without a count ("consulting at $150/hour") leaves the quantity missing.
    quantityValue = price.per && !(price.per.unit && ["week", "month", "year"].includes(price.per.unit)) ? null : "1";
  }
  const totalFirst =
    price &&
    quantity &&
    quantity.keyword === "for" &&
    price.spanEnd <= quantity.start &&
    !(price.keyword && STRONG_PRICE_KEYWORDS.has(price.keyword));
  if (
    price &&
    quantity &&
    ((price.keyword && TOTAL_KEYWORDS.has(price.keyword)) || totalFirst) &&
    !price.per &&
    quantity.xAfter === null &&
    quantity.xBefore === null &&
    quantity.value !== "1"
  ) {
    // "10 hours of consulting for $1500": a total, not a rate.
    const each = divideExact(price.value, quantity.value);
    if (each !== null) {
      unitPrice = each;
    } else {
      const unitWord = quantity.unit ? s.slice(quantity.end, quantity.unit.end).trim() : "";
      description = collapse(`${description} (${quantity.raw}${unitWord ? ` ${unitWord}` : ""})`);
      quantityValue = "1";
      unit = null;
    }
  }

  let fallbackDescription = false;
  if (description === "") {
    if (feeLabel) description = feeLabel;
    else {
      fallbackDescription = true;
      const unitWord = quantity?.unit ? collapse(s.slice(quantity.end, quantity.unit.end)).replace(/^-\s*/, "") : "";
      description = unit && !TIME_UNITS.has(unit) && unitWord ? capitalise(unitWord) : unit ? "Services" : "Item";
    }
  }
  return {
    item: { description, quantity: quantityValue, unit, unitPrice, discountPercent: null, taxPercent: null },
    currency: price?.currency?.code ?? null,
    hasPrice: price !== null,
    hasQuantity: quantity !== null,
    fallbackDescription,
  };
}

export function passItems(w: Work): ItemExtraction[] {
  const items: ItemExtraction[] = [];
  const separators = ["and", "plus", "as well as", "also", "\\+", "&"];
  if (w.lang === "de") separators.push("und", "sowie");
  if (w.lang === "fr") separators.push("et");
  if (w.lang === "es") separators.push("y");
  // Item separators, including inline list markers ("1) setup $1,200 2) hosting $300").
  const splitRe = new RegExp(String.raw`(,\s+|\s+(?:${separators.join("|")})\s+|(?<!\()\s+\d{1,2}\)\s+)`, "iu");
  const isListMarker = (sep: string) => /\d/.test(sep);
  const countOnly = (text: string) => {
    const tokens = tokenize(` ${text} `, w).filter((t) => !t.percent);
    return tokens.length === 1 && !tokens[0]!.currency && quantityScore(tokens[0]!) > 0;
  };
  /** A sentence without amounts that names the work ("… for the Q1 retainer?"), for a following item without a description. */
  let context: string | null = null;

  for (const region of splitRegions(w.masked)) {
    const parts = spellNumbers(region).split(splitRe);
    const pieces: Array<{ text: string; sep: string }> = [];
    for (let i = 0; i < parts.length; i += 2) pieces.push({ text: parts[i] ?? "", sep: parts[i - 1] ?? "" });

    // Pieces without any number describe the next one ("Design and development: 10h at $100"),
    // except a heading before a list marker ("for: 1) …").
    const merged: string[] = [];
    let carry = "";
    for (const piece of pieces) {
      const text = carry && !isListMarker(piece.sep) ? carry + piece.sep + piece.text : piece.text;
      if (!/\d/.test(piece.text)) {
        carry = text;
        continue;
      }
      merged.push(text);
      carry = "";
    }
    // A count without a price followed by a price without a count is one item ("10 hours of design and development at $100").
    const joined: string[] = [];
    for (const text of merged) {
      const previous = joined[joined.length - 1];
      if (previous !== undefined) {
        const a = parseItem(previous, w);
        const b = parseItem(text, w);
        const startsWithPrice = /^\s*(?:at|@|à|x|×|per|each|for)(?![\p{L}])/iu.test(text);
        const bPriceOnly = b !== null && b.hasPrice && !b.hasQuantity;
        if (
          (a && !a.hasPrice && a.hasQuantity && (startsWithPrice || bPriceOnly)) ||
          // "consultation, two sessions, $800 each"
          (a === null && countOnly(previous) && bPriceOnly)
        ) {
          joined[joined.length - 1] = `${previous} ${text}`;
          continue;
        }
      }
      joined.push(text);
    }
    let found = false;
    for (const text of joined) {
      const parsed = parseItem(text, w);
      if (!parsed) continue;
      found = true;
      if (parsed.fallbackDescription && context) parsed.item.description = context;
      items.push(parsed.item);
    }
    context = null;
    if (!found && tokenize(` ${region} `, w).length === 0 && /(?:^|\s)(?:for|on)\s/i.test(region)) {
      const described = cleanDescription(region.slice(region.search(/(?:^|\s)(?:for|on)\s/i)));
      context = described || null;
    }
  }
  return items;
}
