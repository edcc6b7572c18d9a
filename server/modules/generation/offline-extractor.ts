/**
 * The built-in, rule-based extractor: no key, no network, deterministic.
 *
 * It reads a plain-words invoice request into an {@link InvoiceExtraction} in small
 * named passes over one "work" text. Each pass finds its phrases with regexes and
 * CONSUMES them (masks them out, keeping offsets), so a later pass never reads a
 * phrase twice: "to Chase Bank account 1234567890" is payment, not a customer; "30
 * days" in "due in 30 days" is a due date, not a quantity; "10% tax" is not a
 * discount. What is left at the end is split into line items.
 *
 *   normalise → payment → notes/title → references → emails → contact lines → dates
 *   → taxes → discounts → parties → items → currency → locale → missing
 *
 * Amounts stay exact decimal strings throughout (see numbers.ts). Nothing is
 * invented: what the prompt doesn't say is null and listed in `missing`.
 */
import {
  completeMissing,
  daysInMonth,
  type DateExtraction,
  type DetailLineExtraction,
  type DiscountExtraction,
  type InvoiceExtraction,
  type ItemExtraction,
  type PartyExtraction,
  type TaxExtraction,
} from "./extraction.ts";
import { compareDecimal, divideExact, parseNumberText, type DecimalStyle } from "./numbers.ts";

export interface OfflineExtractOptions {
  /**
   * Today as "YYYY-MM-DD". Only used to give a year to a date written without one
   * ("due March 17"); without it such a date is left unread (and listed missing).
   */
  today?: string;
}

type Lang = "en" | "de" | "fr" | "es";
type Role = "from" | "to";

const MASK = "\u0000";
/** Characters around a number that can bear on it (currency, "at", "/hour", "x"). */
const WINDOW = 48;

// ───────────────────────────── regex helpers ─────────────────────────────

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** `src` as a whole word: no letter or digit directly before or after (works for "für", "échéance"). */
function word(src: string): string {
  return String.raw`(?<![\p{L}\p{N}])(?:${src})(?![\p{L}\p{N}])`;
}

function alternation(sources: readonly string[]): string {
  return [...sources].sort((a, b) => b.length - a.length).join("|");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

// ───────────────────────────── vocabulary: currency ─────────────────────────────

const ISO_CODES = (
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
const CURRENCY_WORDS: ReadonlyArray<readonly [string, string, number]> = [
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

const SYMBOL_SRC = alternation(SYMBOLS.map(([s]) => escapeRe(s)));
const CODE_SRC = ISO_CODES.join("|");
const WORDS_SRC = CURRENCY_WORDS.map(([src]) => `(?:${src})`).join("|");

interface CurrencyHit {
  code: string;
  rank: number;
  /** Characters the currency (and the space joining it to the number) takes. */
  length: number;
}

const PREFIX_RE = new RegExp(String.raw`(?:^|[^\p{L}\p{N}])(${SYMBOL_SRC}|${CODE_SRC})(\s?)$`, "u");
const SUFFIX_SYMBOL_RE = new RegExp(String.raw`^\s?(${SYMBOL_SRC}|${CODE_SRC})(?![\p{L}\p{N}])`, "u");
const SUFFIX_WORD_RE = new RegExp(String.raw`^\s?(${WORDS_SRC})(?![\p{L}\p{N}])`, "iu");

function symbolCode(symbol: string): CurrencyHit | null {
  const entry = SYMBOLS.find(([s]) => s === symbol);
  if (entry) return { code: entry[1], rank: entry[2], length: 0 };
  if (ISO_CODES.includes(symbol)) return { code: symbol, rank: 1, length: 0 };
  return null;
}

function wordCode(text: string): CurrencyHit | null {
  for (const [src, code, rank] of CURRENCY_WORDS) {
    if (new RegExp(`^(?:${src})$`, "iu").test(text)) return { code, rank, length: 0 };
  }
  return null;
}

/** A currency written right before a number ("$", "EUR ", "CHF "), from the text before it. */
function currencyBefore(before: string): CurrencyHit | null {
  const m = PREFIX_RE.exec(before);
  if (!m?.[1]) return null;
  const hit = symbolCode(m[1]);
  if (!hit) return null;
  return { ...hit, length: m[1].length + (m[2] ?? "").length };
}

/** A currency written right after a number (" €", " EUR", " euros", "$"), from the text after it. */
function currencyAfter(after: string): CurrencyHit | null {
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

// ───────────────────────────── vocabulary: numbers, units ─────────────────────────────

/** A written number: grouped ("1,234.56", "1.234,56", "1'250") or plain ("12,5", "150"). */
const NUM_SRC = String.raw`(?:\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:[,.'’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)`;
const NUM_TOKEN_SRC = String.raw`(?<![\p{L}\p{N}_.,'’])${NUM_SRC}(?![\p{N}])`;

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
const WORD_NUMBERS: Record<string, number> = { ...SMALL_NUMBERS, ...TENS };
for (const [ten, tv] of Object.entries(TENS)) {
  for (const [one, ov] of Object.entries(SMALL_NUMBERS)) {
    if (ov < 10) WORD_NUMBERS[`${ten}-${one}`] = tv + ov;
  }
}
const WORD_NUMBER_SRC = alternation(Object.keys(WORD_NUMBERS));

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
const UNIT_SRC = alternation(UNITS.map(([src]) => src).flatMap((src) => src.split("|")));
const TIME_UNITS = new Set(["hour", "day", "week", "month", "year", "minute", "night"]);

function unitOf(text: string): string | null {
  const t = text.toLowerCase().replace(/\s+/g, "");
  for (const [src, unit] of UNITS) {
    if (new RegExp(`^(?:${src})$`, "iu").test(t)) return unit;
  }
  return null;
}

// ───────────────────────────── vocabulary: dates ─────────────────────────────

const MONTHS: Record<string, number> = {};
const monthNames: ReadonlyArray<readonly [number, string]> = [
  [1, "january jan januar jänner janvier janv enero"],
  [2, "february feb februar février fevrier févr fevr febrero"],
  [3, "march mar märz maerz mars marzo"],
  [4, "april apr avril avr abril"],
  [5, "may mai mayo"],
  [6, "june jun juni juin junio"],
  [7, "july jul juli juillet juil julio"],
  [8, "august aug août aout agosto"],
  [9, "september sep sept septembre septiembre setiembre"],
  [10, "october oct oktober okt octobre octubre"],
  [11, "november nov novembre noviembre"],
  [12, "december dec dezember dez décembre decembre déc diciembre"],
];
for (const [n, names] of monthNames) for (const name of names.split(" ")) MONTHS[name] = n;
const MONTH_SRC = alternation(Object.keys(MONTHS).map(escapeRe));
const ORDINAL = String.raw`(?:st|nd|rd|th|er|\.|º|°)?`;

const DATE_SRC = [
  String.raw`\d{4}-\d{1,2}-\d{1,2}(?!\d)`,
  String.raw`\d{4}/\d{1,2}/\d{1,2}(?!\d)`,
  String.raw`(?<![\d.,/-])\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d)(?!\.\d)`,
  String.raw`(?<![\p{L}])(?:${MONTH_SRC})\.?\s+\d{1,2}${ORDINAL}(?![\p{L}\d])(?:,?\s+\d{4}(?!\d))?`,
  String.raw`(?<![\d.,])\d{1,2}${ORDINAL}\s+(?:of\s+|de\s+)?(?:${MONTH_SRC})(?![\p{L}])\.?(?:,?\s+(?:de\s+)?\d{4}(?!\d))?`,
].join("|");

interface ParsedDate {
  year: number | null;
  month: number;
  day: number;
}

function isoOf(d: { year: number; month: number; day: number }): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

function validDay(year: number | null, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year ?? 2024, month);
}

// ───────────────────────────── vocabulary: parties ─────────────────────────────

const NAME_WORD = String.raw`[\p{Lu}][\p{L}\p{M}\p{N}'’.&-]*`;
const NAME_CONNECTOR = String.raw`(?:of|and|&|de|du|des|la|le|van|von|der|den|del|da|di|y|zu|und|et)`;
const NAME_SRC = String.raw`${NAME_WORD}(?:[ \t]+(?:${NAME_CONNECTOR}[ \t]+)?${NAME_WORD}){0,5}`;

const COMPANY_SUFFIX =
  /(?:^|\s)(?:Inc|Incorporated|Corp|Corporation|LLC|L\.L\.C|Ltd|Limited|GmbH|gGmbH|AG|KG|OHG|UG|e\.K|e\.V|SA|S\.A|SARL|SAS|S\.A\.S|SL|S\.L|SpA|S\.p\.A|Srl|S\.r\.l|BV|B\.V|NV|N\.V|Pty|PLC|LLP|LP|Co|Company|Group|Holdings|Partners|Associates|Studio|Studios|Agency|Labs|Solutions|Technologies|Systems|Industries|Enterprises|Ventures|Media|Sons|Bros)\.?$/;

/** Words that cannot start a party name (sentence starters, months, invoice vocabulary). */
const NOT_NAME_START = new Set(
  (
    "this that these my our your his her their a an invoice invoices payment payments please pay net due tax taxes vat " +
    "total each per hours hour days day add plus thanks thank note notes bank account iban swift bic item items " +
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday q1 q2 q3 q4 i we it " +
    "discount subtotal client customer from to for and with rechnung facture factura bitte merci gracias " +
    Object.keys(MONTHS).join(" ")
  ).split(" "),
);

/** Words that end a party name when they appear in it ("for Acme Corp Payment due …"). */
const NAME_STOP = new Set(
  ("add plus payment payments please pay net due tax vat total thanks thank note notes invoice bank account iban swift " +
    "bic discount the a an i we it include including with and for from to at by on in of").split(" "),
);

/** Words that describe work rather than name a party ("invoice for Website Design"). */
const ITEM_WORDS = new Set(
  (
    "consulting consultancy design designs development dev services service work hosting support maintenance website " +
    "websites web site logo marketing training translation translations photography photos photo video videos editing " +
    "writing copywriting coaching repairs repair cleaning installation setup labor labour materials software app apps " +
    "mobile seo branding audit research project projects redesign content strategy management licenses license " +
    "subscription consultation session sessions lessons lesson tutoring beratung entwicklung gestaltung prestation " +
    "développement conseil consultoría desarrollo diseño january february march april may june july august september " +
    "october november december q1 q2 q3 q4 the my our your new"
  ).split(" "),
);

// ───────────────────────────── the work text ─────────────────────────────

interface Pending {
  pos: number;
  kind: "email" | "address" | "line";
  label: string;
  value: string;
}

class Work {
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

/** Offset of capture group `group` within the subject (requires the "d" flag). */
function groupStart(m: RegExpExecArray, group: number): number {
  return m.indices?.[group]?.[0] ?? m.index;
}
function groupEnd(m: RegExpExecArray, group: number): number {
  return m.indices?.[group]?.[1] ?? m.index + m[0].length;
}

// ───────────────────────────── pass: normalise ─────────────────────────────

function normalizeText(prompt: string): string {
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

function detectLanguage(text: string): Lang {
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

function detectStyle(text: string, lang: Lang): DecimalStyle {
  if (/\d\.\d{3},\d/.test(text) || /(?<![\d.,])\d+,\d{1,2}(?![\d])/.test(text)) return "comma";
  if (/\d,\d{3}\.\d/.test(text) || /(?<![\d.,])\d+\.\d{1,2}(?![\d.,])/.test(text)) return "dot";
  return lang === "en" ? "dot" : "comma";
}

// ───────────────────────────── pass: payment details ─────────────────────────────

const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25,
  QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29, VG: 24, XK: 20,
};

/** ISO 13616 check: move the first four characters to the end, letters → numbers, mod 97 = 1. */
export function ibanChecksumValid(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const EMAIL_SRC = String.raw`(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`;
const BANK_NAME_SRC = String.raw`(?<![\p{L}&'.-])(?:[\p{Lu}][\p{L}&'.-]*[ \t]+){0,3}?(?:Bank|Banking|Bancorp|Credit[ \t]+Union|Sparkasse|Volksbank|Raiffeisenbank|Banque|Banco)(?:[ \t]+(?:of|de|du)[ \t]+[\p{Lu}][\p{L}]*(?:[ \t]+[\p{Lu}][\p{L}]*)?)?|Bank[ \t]+of[ \t]+[\p{Lu}][\p{L}]*(?:[ \t]+[\p{Lu}][\p{L}]*)?`;
const GENERIC_BANK_SRC = String.raw`(?<![\p{L}&'.-])[\p{Lu}][\p{L}&'.-]*(?:[ \t]+[\p{Lu}][\p{L}&'.-]*){0,2}`;
const ACCOUNT_WORD = String.raw`(?:[Aa]ccount|ACCOUNT|[Aa]cct\.?|[Aa]\/[Cc]|[Kk]onto(?:nummer)?|[Cc]ompte|[Cc]uenta)`;
const ACCOUNT_NO = String.raw`\d{2,}(?:[ -]\d{2,})*`;
const NUMBER_WORD = String.raw`(?:[ \t]*(?:number|no\.?|nr\.?|num(?:ber|éro)?|#))?`;

function cleanBankName(raw: string): string | null {
  const name = collapse(raw).replace(/\.$/, "");
  if (/^(?:my|our|the|a|your|bank|payment|pay|transfer|wire)$/i.test(name)) return null;
  if (/^(?:Bank|Payment|Pay|Transfer|Wire|Send|The|My|Our)\b/.test(name) && !/^Bank[ \t]+of\b/.test(name)) {
    return /\bBank$/.test(name) && name.split(" ").length > 1 ? name : null;
  }
  return name;
}

function passPayment(w: Work): void {
  const add = (pos: number, label: string, value: string) => {
    const v = collapse(value);
    if (v && !w.payment.some((p) => p.line.label === label && p.line.value === v)) {
      w.payment.push({ pos, line: { label, value: v } });
    }
  };

  // IBAN: validated by country length (and checksum when not labelled "IBAN").
  w.each(/(\b(?:IBAN|iban|Iban)\b[ \t]*(?:no\.?|number|nr\.?|#)?[ \t]*[:#]?[ \t]*)?\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){8,34})/dg, (m) => {
    const labelled = m[1] !== undefined;
    const raw = m[2] ?? "";
    const country = raw.slice(0, 2);
    const length = IBAN_LENGTHS[country];
    if (length === undefined) return;
    let compact = "";
    let used = 0;
    for (const ch of raw) {
      if (compact.length === length) break;
      used++;
      if (ch !== " ") compact += ch;
    }
    if (compact.length !== length) return;
    if (!labelled && !ibanChecksumValid(compact)) return;
    add(groupStart(m, 2), "IBAN", compact.replace(/(.{4})(?=.)/g, "$1 "));
    return [m.index, groupStart(m, 2) + used];
  });

  w.each(
    /\b(SWIFT(?:[ \t]*\/[ \t]*BIC)?|BIC(?:[ \t]*\/[ \t]*SWIFT)?)(?:[ \t-]*code)?[ \t]*(?:no\.?|number)?[ \t]*[:#]?[ \t]*([A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?)\b/dgi,
    (m) => {
      const label = (m[1] ?? "").toUpperCase().replace(/\s+/g, "");
      add(groupStart(m, 2), label, (m[2] ?? "").toUpperCase());
      return true;
    },
  );

  w.each(/\b(?:routing|ABA|RTN)(?:[ \t]*(?:transit)?[ \t]*(?:number|no\.?|#|nr))?[ \t]*[:#]?[ \t]*(\d{9})\b/dgi, (m) => {
    add(groupStart(m, 1), "Routing number", m[1] ?? "");
    return true;
  });
  w.each(/\bsort[ \t]*code[ \t]*[:#]?[ \t]*(\d{2}[- ]?\d{2}[- ]?\d{2})\b/dgi, (m) => {
    add(groupStart(m, 1), "Sort code", m[1] ?? "");
    return true;
  });
  w.each(/\bBSB[ \t]*[:#]?[ \t]*(\d{3}-?\d{3})\b/dgi, (m) => {
    add(groupStart(m, 1), "BSB", m[1] ?? "");
    return true;
  });

  // PayPal / Venmo / Zelle.
  w.each(
    new RegExp(
      String.raw`(?:\b(?:via|by|through|on|using|with)[ \t]+)?\bpay[ \t]?pal\b(?:[ \t]+(?:account|address|email|e-mail))?[ \t]*(?:[:(]|\bto\b|\bat\b|-)?[ \t]*(${EMAIL_SRC}|(?:https?:\/\/)?(?:www\.)?paypal\.me\/[\w-]+)\)?`,
      "dgi",
    ),
    (m) => {
      add(groupStart(m, 1), "PayPal", m[1] ?? "");
      return true;
    },
  );
  w.each(new RegExp(String.raw`(${EMAIL_SRC})[ \t]*\(?[ \t]*(?:on|via)?[ \t]*paypal\)?`, "dgi"), (m) => {
    add(groupStart(m, 1), "PayPal", m[1] ?? "");
    return true;
  });
  w.each(/(?:\b(?:https?:\/\/)?(?:www\.)?paypal\.me\/[\w-]+)/dgi, (m) => {
    add(m.index, "PayPal", m[0]);
    return true;
  });
  w.each(/\bvenmo\b[ \t]*(?:[:(]|\bto\b|\bat\b)?[ \t]*(@[\w-]+)\)?/dgi, (m) => {
    add(groupStart(m, 1), "Venmo", m[1] ?? "");
    return true;
  });
  w.each(new RegExp(String.raw`\bzelle\b[ \t]*(?:[:(]|\bto\b|\bat\b)?[ \t]*(${EMAIL_SRC}|\+?\d[\d ()-]{6,}\d)\)?`, "dgi"), (m) => {
    add(groupStart(m, 1), "Zelle", m[1] ?? "");
    return true;
  });

  // "Bank: Chase Bank" label.
  w.each(/\b(?:bank(?:[ \t]+name)?|banque|bankname|banco)[ \t]*:[ \t]*([^\n\0,;]+?)(?=[ \t]*(?:$|[\n\0,;]|\.(?:\s|$)))/dgim, (m) => {
    add(groupStart(m, 1), "Bank", m[1] ?? "");
    return true;
  });
  // "account holder: Jane Doe".
  w.each(/\b(?:account[ \t]+holder|account[ \t]+name|beneficiary|Kontoinhaber|titulaire)[ \t]*:?[ \t]*([\p{Lu}][^\n\0,;]*?)(?=[ \t]*(?:$|[\n\0,;]|\.(?:\s|$)))/dgimu, (m) => {
    add(groupStart(m, 1), "Account holder", m[1] ?? "");
    return true;
  });

  // "(to|into) Chase Bank account 1234567890".
  w.each(
    new RegExp(
      String.raw`(?:\b(?:to|into|at|with|via|in|through)[ \t]+(?:(?:my|our|the)[ \t]+)?)?(${BANK_NAME_SRC}|${GENERIC_BANK_SRC})[ \t]+${ACCOUNT_WORD}${NUMBER_WORD}[ \t]*[:#]?[ \t]*(${ACCOUNT_NO})`,
      "dgu",
    ),
    (m) => {
      const bank = cleanBankName(m[1] ?? "");
      if (bank) add(groupStart(m, 1), "Bank", bank);
      add(groupStart(m, 2), "Account", m[2] ?? "");
      // Leave a leading "to"/"into" consumed too: it is part of the payment phrase.
      return true;
    },
  );
  // "account (number) 1234567890 (at Chase Bank)".
  w.each(
    new RegExp(
      String.raw`(?:\b(?:bank|Bank)[ \t]+)?${ACCOUNT_WORD}${NUMBER_WORD}[ \t]*[:#]?[ \t]*(${ACCOUNT_NO})(?:[ \t]*(?:at|with|@|bei|chez|en)[ \t]+(${BANK_NAME_SRC}|${GENERIC_BANK_SRC}))?`,
      "dgu",
    ),
    (m) => {
      add(groupStart(m, 1), "Account", m[1] ?? "");
      if (m[2]) {
        const bank = cleanBankName(m[2]);
        if (bank) add(groupStart(m, 2), "Bank", bank);
      }
      return true;
    },
  );
  // A bare bank name: "by transfer to Deutsche Bank".
  w.each(
    new RegExp(String.raw`(?:\b(?:to|into|at|with|via|through)[ \t]+(?:(?:my|our|the)[ \t]+)?)?(${BANK_NAME_SRC})`, "dgu"),
    (m) => {
      const bank = cleanBankName(m[1] ?? "");
      if (!bank || !/\p{Lu}/u.test(bank.charAt(0))) return;
      add(groupStart(m, 1), "Bank", bank);
      return true;
    },
  );
  w.payment.sort((a, b) => a.pos - b.pos);
}

// ───────────────────────────── pass: references, contact lines, emails ─────────────────────────────

function passReferences(w: Work): void {
  // Invoice numbers are assigned by the server: read and drop.
  w.each(
    /\b(?:invoice|rechnung|facture|factura)[ \t]*(?:no\.?|number|nr\.?|num(?:ber|éro)?|n°|#)[ \t]*[:#]?[ \t]*[A-Za-z]*[-/]?\d[\w/-]*/dgi,
    () => true,
  );
  w.each(/(?:^|[ \t(])#\d[\w-]*/dg, (m) => [m.index + (m[0].indexOf("#")), m.index + m[0].length]);
  // Purchase-order numbers belong to the customer's block.
  w.each(/\b(?:PO|P\.O\.|purchase[ \t]+order)(?:[ \t]*(?:no\.?|number|#|nr\.?))?[ \t]*[:#]?[ \t]*([A-Za-z0-9-]*\d[A-Za-z0-9-]*)/dg, (m) => {
    w.toLines.push({ label: "PO", value: m[1] ?? "" });
    return true;
  });
}

function passContactLines(w: Work): void {
  w.each(
    /\b(VAT[ \t]*(?:ID|No\.?|number|reg(?:istration)?\.?(?:[ \t]*(?:no\.?|number))?)|USt-?Id(?:Nr)?\.?|USt-?IdNr\.?|Tax[ \t]*ID|TIN|EIN|ABN|GSTIN|SIRET|SIREN|NIF|CIF|N°[ \t]*TVA)[ \t]*[:#]?[ \t]*([A-Z]{0,3}[ \t]?\d[\d .-]{3,18}\d[A-Z]?)/dgi,
    (m) => {
      w.pending.push({ pos: m.index, kind: "line", label: collapse(m[1] ?? ""), value: collapse(m[2] ?? "") });
      return true;
    },
  );
  w.each(
    /\b(phone|tel\.?|telephone|mobile|cell|telefon|tél\.?|teléfono)[ \t]*[:#]?[ \t]*(\+?\d[\d ()./-]{5,18}\d)/dgi,
    (m) => {
      w.pending.push({ pos: m.index, kind: "line", label: "Phone", value: collapse(m[2] ?? "") });
      return true;
    },
  );
  w.each(
    /\b(?:address|adresse|anschrift|dirección|direccion)(?:[ \t]+is)?[ \t]*:?[ \t]+([^\n\0;]+?)(?=[ \t]*(?:$|[\n\0;]|\.\s+\p{Lu}|,?[ \t]+(?:e-?mail|phone|tel|vat|and[ \t]+(?:e-?mail|phone))\b))/dgimu,
    (m) => {
      const value = collapse(m[1] ?? "").replace(/[\s,;:]+$/, "");
      if (value) w.pending.push({ pos: m.index, kind: "address", label: "Address", value });
      return true;
    },
  );
}

function passEmails(w: Work): void {
  w.each(new RegExp(EMAIL_SRC, "g"), (m) => {
    w.pending.push({ pos: m.index, kind: "email", label: "Email", value: m[0] });
    return true;
  });
}

// ───────────────────────────── pass: notes, title ─────────────────────────────

const DIRECTIVE = /\b(?:due|pay|payment|tax|vat|gst|discount|net\s*\d|bank|iban|invoice|bill|charge|add|plus)\b|%|\d/i;

function passNotes(w: Work): string | null {
  const notes: string[] = [];
  w.each(
    /\b(?:notes?|memo|message|comment|remarks?|hinweis|anmerkung|bemerkung|remarque|nota)[ \t]*:[ \t]*([^\n\0]+)/dgi,
    (m) => {
      const rest = m[1] ?? "";
      // Keep sentences until one that reads like another instruction.
      let keptEnd = rest.length;
      const boundary = /[.!?]\s+/g;
      for (let b = boundary.exec(rest); b !== null; b = boundary.exec(rest)) {
        const next = rest.slice(b.index + b[0].length, b.index + b[0].length + 400).split(/(?<=[.!?])\s+/)[0] ?? "";
        if (DIRECTIVE.test(next)) {
          keptEnd = b.index + 1;
          break;
        }
      }
      const note = collapse(rest.slice(0, keptEnd)).replace(/^["']|["']$/g, "");
      if (note) notes.push(note);
      return [m.index, groupStart(m, 1) + keptEnd];
    },
  );
  w.each(
    /\b(?:add|include|with|put)[ \t]+(?:a|the)?[ \t]*note[ \t]*(?:saying|that says|reading|:)?[ \t]*"([^"\n\0]+)"/dgi,
    (m) => {
      notes.push(collapse(m[1] ?? ""));
      return true;
    },
  );
  w.each(
    /\b(?:thank(?:s| you)(?:[ \t]+(?:so|very)[ \t]+much)?[ \t]+for[ \t]+(?:your|the)[ \t]+(?:business|order|trust|cooperation|support|work|patronage|purchase)|vielen[ \t]+dank[ \t]+für[ \t]+ihr(?:en)?[ \t]+(?:auftrag|vertrauen|einkauf)|merci[ \t]+pour[ \t]+votre[ \t]+(?:confiance|commande)|gracias[ \t]+por[ \t]+su[ \t]+(?:confianza|compra|preferencia))[!.]?/dgi,
    (m) => {
      notes.push(collapse(m[0]));
      return true;
    },
  );
  return notes.length > 0 ? notes.join("\n") : null;
}

function passTitle(w: Work): string | null {
  let title: string | null = null;
  w.each(
    /\b(?:titled|entitled|called|named|with[ \t]+(?:the[ \t]+)?title|title[ \t]*:|subject[ \t]*:|project[ \t]*:)[ \t]*"([^"\n\0]{1,100})"/dgi,
    (m) => {
      title ??= collapse(m[1] ?? "");
      return true;
    },
  );
  w.each(/(?:^|\n)[ \t]*(?:title|subject|project|titel|betreff|objet|asunto)[ \t]*:[ \t]*([^\n\0"]{1,100})/dgi, (m) => {
    title ??= collapse(m[1] ?? "");
    return [groupStart(m, 0) + m[0].search(/\S/), m.index + m[0].length];
  });
  return title;
}

// ───────────────────────────── pass: dates ─────────────────────────────

function parseDateText(raw: string, w: Work): ParsedDate | null {
  const s = collapse(raw);
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (m) {
    const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    return validDay(d.year, d.month, d.day) ? d : null;
  }
  m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
    let day = a;
    let month = b;
    if (a > 12 && b <= 12) [day, month] = [a, b];
    else if (b > 12 && a <= 12) [day, month] = [b, a];
    else if (m[2] !== "." && w.usDates) [day, month] = [b, a];
    return validDay(year, month, day) ? { year, month, day } : null;
  }
  const monthMatch = new RegExp(`(?<![\\p{L}])(${MONTH_SRC})(?![\\p{L}])`, "iu").exec(s);
  if (!monthMatch) return null;
  const month = MONTHS[monthMatch[1]!.toLowerCase()];
  if (month === undefined) return null;
  const yearMatch = /(?<!\d)(\d{4})(?!\d)/.exec(s);
  const dayMatch = /(?<!\d)(\d{1,2})(?!\d)/.exec(s.replace(/(?<!\d)\d{4}(?!\d)/, ""));
  if (!dayMatch) return null;
  const year = yearMatch ? Number(yearMatch[1]) : null;
  const day = Number(dayMatch[1]);
  return validDay(year, month, day) ? { year, month, day } : null;
}

/** Give a year to a year-less date: the first such date on or after `after`. */
function resolveYear(d: ParsedDate, after: { year: number; month: number; day: number } | null): string | null {
  if (d.year !== null) return isoOf({ year: d.year, month: d.month, day: d.day });
  if (!after) return null;
  let year = after.year;
  if (d.month < after.month || (d.month === after.month && d.day < after.day)) year++;
  if (!validDay(year, d.month, d.day)) return null;
  return isoOf({ year, month: d.month, day: d.day });
}

const NONE_DATE: DateExtraction = { kind: "none", date: null, days: null };

const PERIOD_UNIT_SRC = String.raw`(?:business[ \t]+days?|working[ \t]+days?|calendar[ \t]+days?|days?|weeks?|months?|Tagen?|Werktagen?|Wochen?|Monate?n?|jours?|semaines?|mois|d[ií]as?|semanas?|mes(?:es)?)`;
const PERIOD_NUMBER_SRC = String.raw`(?:\d{1,3}|${WORD_NUMBER_SRC}|an?|one|a[ \t]+single)`;
const DUE_KW_SRC = String.raw`due|payable|pay|payment|paid|terms?|within|zahlbar|zahlungsziel|zahlung|fällig|innerhalb|binnen|paiement|règlement|échéance|sous|pago|vence|vencimiento|plazo|dentro`;
const BETWEEN_ALLOWED = new Set(
  ("is are will be must should shall due payable made in within the next after of at terms term net required " +
    "innerhalb von binnen zahlbar fällig ist sous dans à a en de dentro del plazo est es payment please").split(" "),
);

function periodDays(numberText: string, unitText: string): number | null {
  const n = /^\d+$/.test(numberText)
    ? Number(numberText)
    : /^(?:an?|one|a\s+single)$/i.test(collapse(numberText))
      ? 1
      : WORD_NUMBERS[numberText.toLowerCase()];
  if (n === undefined) return null;
  const u = unitText.toLowerCase();
  if (/^(?:weeks?|wochen?|semaines?|semanas?)$/.test(u)) return n * 7;
  if (/^(?:months?|monate?n?|mois|mes(?:es)?)$/.test(u)) return n * 30;
  return n;
}

function passDates(w: Work): { issue: DateExtraction; due: DateExtraction; dueYearless: boolean } {
  let due: DateExtraction | null = null;
  let issue: DateExtraction | null = null;
  let dueYearless = false;
  const setDue = (d: DateExtraction) => {
    due ??= d;
  };

  // Issue dates first when explicitly labelled, so "Invoice date: …, due …" keeps both.
  const ISSUE_KW = String.raw`dated|issued(?:[ \t]+on)?|issue[ \t]+date|invoice[ \t]+date|date[ \t]+of[ \t]+issue|invoiced[ \t]+on|rechnungsdatum|datum|vom|date[ \t]+de[ \t]+facturation|date[ \t]+de[ \t]+la[ \t]+facture|datée?[ \t]+du|fecha[ \t]+de[ \t]+emisi[oó]n|emitida[ \t]+el`;
  const issueDates: Array<{ parsed: ParsedDate | null; relative: number | null }> = [];
  w.each(
    new RegExp(
      String.raw`${word(ISSUE_KW)}[ \t]*[:,]?[ \t]*(?:(?:on|the|le|el|am|du)[ \t]+)?(?:(${DATE_SRC})|(${word("today|heute|aujourd'hui|hoy|yesterday|gestern|hier|ayer")}))`,
      "dgiu",
    ),
    (m) => {
      if (m[1]) {
        const parsed = parseDateText(m[1], w);
        if (!parsed) return;
        issueDates.push({ parsed, relative: null });
      } else {
        issueDates.push({ parsed: null, relative: /^(?:yesterday|gestern|hier|ayer)$/i.test(m[2] ?? "") ? -1 : 0 });
      }
      return true;
    },
  );

  // Due immediately / upon receipt.
  w.each(
    new RegExp(
      [
        String.raw`(?:(?:payment|invoice|balance|amount|it)[ \t]+(?:is[ \t]+)?)?(?:due|payable)[ \t]+(?:up)?on[ \t]+receipt`,
        String.raw`(?:(?:payment|invoice|balance|amount|it)[ \t]+(?:is[ \t]+)?)?(?:due|payable)[ \t]+(?:immediately|now|today|at[ \t]+once|on[ \t]+delivery)`,
        String.raw`(?:payment[ \t]+)?(?:up)?on[ \t]+receipt`,
        String.raw`immediate[ \t]+payment`,
        String.raw`(?:sofort|umgehend)[ \t]+(?:fällig|zahlbar)|(?:fällig|zahlbar)[ \t]+(?:sofort|umgehend|bei[ \t]+erhalt)`,
        String.raw`(?:payable[ \t]+)?(?:à|dès)[ \t]+réception`,
        String.raw`pago[ \t]+inmediato|pagadero[ \t]+a[ \t]+la[ \t]+vista`,
        String.raw`net[ \t]*0(?![\d]|[.,]\d)`,
      ]
        .map(word)
        .join("|"),
      "giu",
    ),
    () => {
      setDue({ kind: "relative", date: null, days: 0 });
      return true;
    },
  );

  // "net 30", "Net-15", "30 days net".
  w.each(/(?:\b(?:payment[ \t]+)?terms?[ \t]*:?[ \t]*)?\bnet(?:to)?[ \t]*[-–]?[ \t]*(\d{1,3})(?![\d%]|[.,]\d)(?:[ \t]*days?)?/dgi, (m) => {
    setDue({ kind: "relative", date: null, days: Number(m[1]) });
    return true;
  });
  w.each(/\b(\d{1,3})[ \t]*days?[ \t]+net\b/dgi, (m) => {
    setDue({ kind: "relative", date: null, days: Number(m[1]) });
    return true;
  });

  // "due in 30 days", "payment within 14 days", "zahlbar innerhalb von 14 Tagen", "paiement à 30 jours".
  const tail = String.raw`(?:[ \t]+(?:of|from|after|upon|following)[ \t]+(?:the[ \t]+)?(?:invoice(?:[ \t]+date)?|issue(?:[ \t]+date)?|receipt|issuance|today|now|date[ \t]+of[ \t]+(?:the[ \t]+)?invoice|delivery))?(?:[ \t]+net)?`;
  w.each(
    new RegExp(
      String.raw`${word(DUE_KW_SRC)}((?:[ \t:,-]+[\p{L}]+){0,6}?)[ \t:,-]*(${PERIOD_NUMBER_SRC})[ \t]*-?[ \t]*(${PERIOD_UNIT_SRC})(?![\p{L}])${tail}`,
      "dgiu",
    ),
    (m) => {
      const between = collapse((m[1] ?? "").replace(/[:,-]/g, " ")).toLowerCase();
      if (between && !between.split(" ").every((t) => BETWEEN_ALLOWED.has(t))) return false;
      const days = periodDays(collapse(m[2] ?? ""), collapse(m[3] ?? "").replace(/^(?:business|working|calendar)\s+/i, ""));
      if (days === null) return;
      setDue({ kind: "relative", date: null, days });
      return true;
    },
  );
  // "30 days payment terms", "14-day terms", "30 days to pay".
  w.each(
    new RegExp(
      String.raw`(?<![\p{L}\p{N}])(${PERIOD_NUMBER_SRC})[ \t]*-?[ \t]*(${PERIOD_UNIT_SRC})[ \t]+(?:payment[ \t]+terms?|terms|to[ \t]+pay|credit|zahlungsziel)\b`,
      "dgiu",
    ),
    (m) => {
      const days = periodDays(collapse(m[1] ?? ""), collapse(m[2] ?? ""));
      if (days === null) return;
      setDue({ kind: "relative", date: null, days });
      return true;
    },
  );
  w.each(
    new RegExp(word(String.raw`(?:due|payable)[ \t]+(tomorrow|next[ \t]+week|in[ \t]+a[ \t]+fortnight)`), "dgiu"),
    (m) => {
      const what = (m[1] ?? "").toLowerCase();
      setDue({ kind: "relative", date: null, days: what === "tomorrow" ? 1 : what.includes("fortnight") ? 14 : 7 });
      return true;
    },
  );

  // "due on 2026-03-17", "due March 17, 2026", "pay by 17.03.2026", "fällig am 17.03.2026".
  const DUE_ABS_KW = String.raw`due(?:[ \t]+date)?|payable|pay(?:ment)?(?:[ \t]+(?:is[ \t]+)?due)?|deadline|fällig(?:keit)?|zahlbar|zahlungsziel|échéance|date[ \t]+d'échéance|vence|vencimiento|fecha[ \t]+de[ \t]+vencimiento|pagar|payer`;
  w.each(
    new RegExp(
      String.raw`${word(DUE_ABS_KW)}[ \t:,]*(?:(?:on|by|before|until|no[ \t]+later[ \t]+than|the|am|bis(?:[ \t]+zum)?|zum|spätestens|le|el|avant[ \t]+le|avant|antes[ \t]+del?|hasta[ \t]+el|el[ \t]+d[ií]a)[ \t:,]+)*(${DATE_SRC})`,
      "dgiu",
    ),
    (m) => {
      const parsed = parseDateText(m[1] ?? "", w);
      if (!parsed) return true; // "due 2026-02-30": not a date, and not an amount either
      const issueAbs = issueDates.find((d) => d.parsed?.year != null)?.parsed;
      const iso = resolveYear(
        parsed,
        w.today ?? (issueAbs?.year != null ? { year: issueAbs.year, month: issueAbs.month, day: issueAbs.day } : null),
      );
      if (iso) setDue({ kind: "absolute", date: iso, days: null });
      else if (!due) dueYearless = true;
      return true;
    },
  );

  // A bare "Date: …" line is the issue date.
  w.each(new RegExp(String.raw`(?:^|\n)[ \t]*date[ \t]*:[ \t]*(${DATE_SRC})`, "dgiu"), (m) => {
    const parsed = parseDateText(m[1] ?? "", w);
    if (!parsed) return;
    issueDates.push({ parsed, relative: null });
    return true;
  });

  // Any other written date (a delivery date, "work done on 2026-01-10") is not an amount.
  w.each(
    new RegExp(
      [
        String.raw`\d{4}-\d{1,2}-\d{1,2}(?!\d)`,
        String.raw`(?<![\d.,/-])\d{1,2}[./-]\d{1,2}[./-]\d{4}(?!\d)`,
        String.raw`(?<![\p{L}])(?:${MONTH_SRC})\.?\s+\d{1,2}${ORDINAL},?\s+\d{4}(?!\d)`,
        String.raw`(?<![\d.,])\d{1,2}${ORDINAL}\s+(?:of\s+|de\s+)?(?:${MONTH_SRC})\.?,?\s+(?:de\s+)?\d{4}(?!\d)`,
      ].join("|"),
      "giu",
    ),
    () => true,
  );

  const first = issueDates[0];
  if (first?.parsed) {
    const iso = resolveYear(first.parsed, w.today);
    if (iso) issue = { kind: "absolute", date: iso, days: null };
  } else if (first && first.relative !== null) {
    issue = { kind: "relative", date: null, days: first.relative };
  }
  return { issue: issue ?? NONE_DATE, due: due ?? NONE_DATE, dueYearless };
}

// ───────────────────────────── pass: taxes ─────────────────────────────

const TAX_NAMES: ReadonlyArray<readonly [string, string]> = [
  [String.raw`sales[ \t]+tax`, "Sales tax"],
  [String.raw`state[ \t]+(?:sales[ \t]+)?tax`, "State tax"],
  [String.raw`city[ \t]+tax`, "City tax"],
  [String.raw`local[ \t]+tax`, "Local tax"],
  [String.raw`service[ \t]+tax`, "Service tax"],
  [String.raw`consumption[ \t]+tax`, "Consumption tax"],
  [String.raw`withholding[ \t]+tax`, "Withholding tax"],
  [String.raw`value[- ]added[ \t]+tax`, "VAT"],
  [String.raw`VAT`, "VAT"],
  [String.raw`GST`, "GST"],
  [String.raw`HST`, "HST"],
  [String.raw`PST`, "PST"],
  [String.raw`QST`, "QST"],
  [String.raw`TVQ`, "TVQ"],
  [String.raw`TPS`, "TPS"],
  [String.raw`TVH`, "TVH"],
  [String.raw`TVA`, "TVA"],
  [String.raw`MwSt\.?|MWST\.?|Mehrwertsteuer`, "MwSt"],
  [String.raw`USt\.?|Umsatzsteuer`, "USt"],
  [String.raw`IVA`, "IVA"],
  [String.raw`IGIC`, "IGIC"],
  [String.raw`IGST`, "IGST"],
  [String.raw`CGST`, "CGST"],
  [String.raw`SGST`, "SGST"],
  [String.raw`BTW`, "BTW"],
  [String.raw`moms`, "Moms"],
  [String.raw`KDV`, "KDV"],
  [String.raw`tax(?:es)?`, "Tax"],
  [String.raw`Steuer`, "Steuer"],
  [String.raw`impuestos?`, "Impuesto"],
  [String.raw`taxes?`, "Taxe"],
];
const TAX_NAME_SRC = TAX_NAMES.map(([src]) => `(?:${src})`).join("|");
const RATE_SRC = String.raw`\d{1,3}(?:[.,]\d{1,4})?`;
const LEAD_VERB_SRC = String.raw`(?:(?<![\p{L}\p{N}])(?:add|adding|plus|with|and|apply|applying|charge|charging|incl(?:uding|\.)?|inkl\.?|zzgl\.?|zuzüglich|include|\+)[ \t]+(?:(?:a|an|the)[ \t]+)?)?`;

function taxName(raw: string): string {
  const name = collapse(raw);
  for (const [src, canonical] of TAX_NAMES) {
    if (new RegExp(`^(?:${src})$`, "iu").test(name)) return canonical;
  }
  return capitalise(name);
}

function passTaxes(w: Work): TaxExtraction[] {
  const taxes: TaxExtraction[] = [];
  const add = (name: string, rateText: string): true | undefined => {
    const rate = w.number(rateText, true);
    if (rate === null || compareDecimal(rate, "100") > 0) return undefined;
    if (!taxes.some((t) => t.name === name && t.rate === rate)) taxes.push({ name, rate });
    return true;
  };
  // "10% tax", "19% VAT", "8.875% sales tax", "20 % TVA", "19% German VAT".
  w.each(
    new RegExp(
      String.raw`${LEAD_VERB_SRC}(?<![\p{N}.,])(${RATE_SRC})[ \t]*%[ \t]*(?:(?:of|de|d')[ \t]*)?(?:(${word(TAX_NAME_SRC)})|(?!(?:and|or|plus|with|und|et|y|on|for)(?![\p{L}]))[\p{L}-]+[ \t]+(${word(TAX_NAME_SRC)}))`,
      "dgiu",
    ),
    (m) => add(taxName(m[2] ?? m[3] ?? "Tax"), m[1] ?? ""),
  );
  // "GST 5%", "tax of 10%", "VAT (20%)", "MwSt 19%", "Sales tax: 8.875%", "tax rate 10%".
  w.each(
    new RegExp(
      String.raw`${LEAD_VERB_SRC}(${word(TAX_NAME_SRC)})(?:[ \t]+rate)?[ \t]*(?:(?:of|at|@|:|=|\(|de|von|zu|del|à|rate[ \t]+of)[ \t]*)?(${RATE_SRC})[ \t]*(%)?[ \t]*\)?`,
      "dgiu",
    ),
    (m) => {
      if (!m[3]) {
        // Without "%", accept only a plausible rate not followed by a currency or another digit.
        const after = w.masked.slice(m.index + m[0].length, m.index + m[0].length + 24);
        if (!/^\s*(?:$|[,.;)\n\0]|and\b|plus\b)/i.test(after)) return;
      }
      return add(taxName(m[1] ?? "Tax"), m[2] ?? "");
    },
  );
  // A tax without a rate ("plus tax", "add VAT"): the rate is missing, never guessed.
  w.each(
    new RegExp(
      String.raw`${word(String.raw`(?:add|plus|with|charge|apply|zzgl\.?|zuzüglich|\+)[ \t]+(?:the[ \t]+|applicable[ \t]+)*(?:${TAX_NAME_SRC})`)}`,
      "giu",
    ),
    () => {
      w.taxWithoutRate = true;
      return true;
    },
  );
  if (taxes.length > 0) w.taxWithoutRate = false;
  return taxes;
}

// ───────────────────────────── pass: discounts ─────────────────────────────

const DISCOUNT_SRC = String.raw`discount|rebate|reduction|off|rabatt|nachlass|preisnachlass|skonto|remise|réduction|rabais|descuento|rebaja`;
const DISCOUNT_LEAD_SRC = String.raw`(?:(?<![\p{L}\p{N}])(?:with|and|plus|apply|applying|give|giving|including|less|minus|take|takes|offer|\+)[ \t]+)?(?:(?<![\p{L}\p{N}])(?:a|an|the)[ \t]+)?`;
const MONEY_SRC = String.raw`(?:(?:${SYMBOL_SRC}|${CODE_SRC})[ \t]?)?${NUM_SRC}(?:[ \t]?(?:${SYMBOL_SRC}|${CODE_SRC}|${WORDS_SRC})(?![\p{L}]))?`;
const ADJECTIVE_STOP = new Set("a an the with and of on for total invoice flat fixed extra additional special".split(" "));

/** An amount with its currency from a money phrase ("$50", "20 EUR", "€1.234,56"). */
function readMoney(text: string, w: Work): { value: string; currency: CurrencyHit | null } | null {
  const m = new RegExp(NUM_TOKEN_SRC, "u").exec(text);
  if (!m) return null;
  const end = m.index + m[0].length;
  const currency = currencyBefore(text.slice(Math.max(0, m.index - WINDOW), m.index)) ?? currencyAfter(text.slice(end, end + WINDOW));
  const value = currency ? w.money(m[0], currency.code) : w.number(m[0]);
  if (value === null) return null;
  return { value, currency };
}

function discountDescription(adjectives: string | undefined): string | null {
  const words = collapse(adjectives ?? "")
    .split(" ")
    .filter((t) => t && !ADJECTIVE_STOP.has(t.toLowerCase()));
  return words.length > 0 ? `${capitalise(words.join(" "))} discount` : null;
}

function passDiscounts(w: Work): DiscountExtraction[] {
  const discounts: DiscountExtraction[] = [];
  const lead = DISCOUNT_LEAD_SRC;
  const DISC = word(DISCOUNT_SRC);
  const ADJ = String.raw`(?:(?<![\p{L}-])([\p{L}][\p{L}-]*(?:[ \t]+[\p{L}][\p{L}-]*)?)[ \t]+)?`;
  const scope = String.raw`(?:[ \t]+(?:on|for|off)[ \t]+(?:the[ \t]+)?(?:total|everything|whole[ \t]+invoice|entire[ \t]+invoice|invoice|all|subtotal))?`;

  // "10% discount", "5 % off", "a 15% loyalty discount".
  w.each(new RegExp(String.raw`${lead}(?<![\p{N}.,])(${RATE_SRC})[ \t]*%[ \t]*${ADJ}(${DISC})${scope}`, "dgiu"), (m) => {
    const adjectives = m[2];
    if (adjectives && new RegExp(word(DISCOUNT_SRC), "iu").test(adjectives)) return;
    const value = w.number(m[1] ?? "", true);
    if (value === null) return;
    discounts.push({ description: discountDescription(adjectives), kind: "percent", value });
    return true;
  });
  // "discount of 10%", "Rabatt 5%", "loyalty discount: 10%".
  w.each(
    new RegExp(
      String.raw`${lead}${ADJ}(${DISC})[ \t]*(?:(?:of|:|=|\(|von|de|del)[ \t]*)?(${RATE_SRC})[ \t]*%\)?${scope}`,
      "dgiu",
    ),
    (m) => {
      const value = w.number(m[3] ?? "", true);
      if (value === null) return;
      discounts.push({ description: discountDescription(m[1]), kind: "percent", value });
      return true;
    },
  );
  // "a $50 discount", "minus 20 EUR discount", "$50 off", "20 € Rabatt".
  w.each(new RegExp(String.raw`${lead}(?<![\p{L}\p{N}.,])(${MONEY_SRC})[ \t]*${ADJ}(${DISC})${scope}`, "dgiu"), (m) => {
    const money = readMoney(m[1] ?? "", w);
    if (!money) return;
    discounts.push({ description: discountDescription(m[2]), kind: "fixed", value: money.value });
    return true;
  });
  // "discount of $50", "Rabatt: 20 €".
  w.each(new RegExp(String.raw`${lead}${ADJ}(${DISC})[ \t]*(?:(?:of|:|=|von|de)[ \t]*)?(${MONEY_SRC})`, "dgiu"), (m) => {
    if ((m[2] ?? "").toLowerCase() === "off") return;
    const money = readMoney(m[3] ?? "", w);
    if (!money) return;
    discounts.push({ description: discountDescription(m[1]), kind: "fixed", value: money.value });
    return true;
  });
  // "less $50", "minus €20" (only with a currency, so "minus 2 hours" stays an item).
  w.each(new RegExp(String.raw`${word("less|minus|abzüglich|moins|menos")}[ \t]+(?:(?:a|an)[ \t]+)?(${MONEY_SRC})`, "dgiu"), (m) => {
    const money = readMoney(m[1] ?? "", w);
    if (!money?.currency) return;
    discounts.push({ description: null, kind: "fixed", value: money.value });
    return true;
  });
  return discounts;
}

// ───────────────────────────── pass: parties ─────────────────────────────

interface NameParts {
  name: string;
  /** Offset just past the kept name (relative to the match of the name). */
  length: number;
}

/** Trim a captured name to what is a name: stop words, sentence ends, trailing connectors. */
function cleanName(raw: string): NameParts | null {
  const tokens = raw.split(/([ \t]+)/);
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const token = tokens[i] ?? "";
    const bare = token.replace(/[.,]+$/, "").toLowerCase();
    if (kept.length === 0 && NOT_NAME_START.has(bare)) return null;
    if (kept.length > 0 && (NAME_STOP.has(bare) || MONTHS[bare] !== undefined)) break;
    if (kept.length > 0) kept.push(tokens[i - 1] ?? " ");
    kept.push(token);
    // A word ending in "." ends the name unless it is an initial ("J.") or inner-dotted ("S.A.").
    const title = /^(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Sra|Hr|Fr|Mme|Mlle|M)\.$/.test(token);
    if (/\.$/.test(token) && !title && !/^\p{Lu}\.$/u.test(token) && !/\..+\.$/.test(token)) break;
  }
  while (kept.length > 0) {
    const last = (kept[kept.length - 1] ?? "").toLowerCase();
    if (/^[ \t]+$/.test(last) || /^(?:of|and|&|de|du|des|la|le|van|von|der|den|del|da|di|y|zu|und|et)$/.test(last)) kept.pop();
    else break;
  }
  if (kept.length === 0) return null;
  const length = kept.join("").length;
  let name = kept.join("").replace(/[,;:]+$/, "");
  if (/\.$/.test(name) && !/\.\S+\.$/.test(name.split(" ").pop() ?? "")) name = name.replace(/\.$/, "");
  name = collapse(name);
  if (!name) return null;
  const words = name.toLowerCase().split(" ");
  if (!COMPANY_SUFFIX.test(name) && words.every((t) => ITEM_WORDS.has(t.replace(/[.,]$/, "")) || NAME_STOP.has(t))) {
    return null;
  }
  return { name, length };
}

function isCompany(name: string): boolean {
  return COMPANY_SUFFIX.test(name);
}

interface PartyHit {
  role: Role;
  pos: number;
  labelled: boolean;
  name: string;
  company: string | null;
  start: number;
  end: number;
}

function passParties(w: Work, from: PartyExtraction, to: PartyExtraction): void {
  const hits: PartyHit[] = [];
  const ci = (kw: string) => kw.replace(/^(\p{L})/u, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
  const toKeywords = ["for", "to", "bill", "billed to", "bill to", "invoice", "invoicing", "charge", "charging", "client", "customer"];
  if (w.lang === "de") toKeywords.push("für", "an");
  if (w.lang === "fr") toKeywords.push("pour", "à");
  if (w.lang === "es") toKeywords.push("para", "a");
  const fromKeywords = ["from", "issued by", "sent by", "billed by", "invoiced by"];
  if (w.lang === "de") fromKeywords.push("von");
  if (w.lang === "fr") fromKeywords.push("de la part de");
  if (w.lang === "es") fromKeywords.push("de parte de");

  const second = String.raw`(?:([ \t]*,[ \t]*|[ \t]+(?:at|of|with|@|c\/o|bei|chez)[ \t]+)(${NAME_SRC}))?`;

  const scan = (role: Role, keywords: string[]) => {
    const kw = alternation(keywords.map((k) => k.split(" ").map(ci).join(String.raw`[ \t]+`)));
    w.each(new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${kw})[ \t]+(${NAME_SRC})${second}`, "dgu"), (m) => {
      const first = cleanName(m[1] ?? "");
      if (!first) return;
      const nameStart = groupStart(m, 1);
      let end = nameStart + first.length;
      let company: string | null = null;
      let name = first.name;
      const firstComplete = first.length >= (m[1] ?? "").replace(/[ \t.,]+$/, "").length - 1;
      if (m[3] && firstComplete) {
        const other = cleanName(m[3]);
        const viaComma = /,/.test(m[2] ?? "");
        if (other && (!viaComma || isCompany(other.name))) {
          company = other.name;
          end = groupStart(m, 3) + other.length;
        }
      }
      if (role === "from" && company === null && isCompany(name)) {
        company = name;
        name = "";
      }
      hits.push({ role, pos: m.index, labelled: false, name, company, start: m.index, end });
    });
  };

  // Labelled lines first: "Client: Acme Corp", "From: Jane Doe".
  const labelled = (role: Role, labels: string) => {
    w.each(
      new RegExp(String.raw`(?<![\p{L}])(?:${labels})[ \t]*:[ \t]*([^\n\0,;(<]+?)(?=[ \t]*(?:$|[\n\0,;(<]|\.(?:\s|$)|[ \t]+-[ \t]))`, "dgimu"),
      (m) => {
        const value = collapse(m[1] ?? "");
        if (!value || /^\d/.test(value)) return;
        const parts = /^(.+?)[ \t]+(?:at|of|from|@)[ \t]+(.+)$/.exec(value);
        let name = value;
        let company: string | null = null;
        if (parts && /^\p{Lu}/u.test(parts[2] ?? "")) {
          name = parts[1] ?? value;
          company = parts[2] ?? null;
        }
        if (role === "from" && company === null && isCompany(name)) {
          company = name;
          name = "";
        }
        hits.push({ role, pos: m.index, labelled: true, name, company, start: m.index, end: m.index + m[0].length });
      },
    );
  };
  labelled("to", "client|customer|bill(?:ed)?[ \t]*to|recipient|kunde|kundin|destinataire|cliente|to");
  labelled("from", "from|sender|seller|supplier|vendor|issuer|absender|émetteur|emisor|freelancer|contractor");
  scan("to", toKeywords);
  scan("from", fromKeywords);
  w.each(new RegExp(String.raw`\b(?:I am|I'm|my name is|this is)[ \t]+(${NAME_SRC})`, "dgiu"), (m) => {
    const first = cleanName(m[1] ?? "");
    if (!first || !/^\p{Lu}/u.test(first.name)) return;
    hits.push({ role: "from", pos: m.index, labelled: false, name: first.name, company: null, start: m.index, end: groupStart(m, 1) + first.length });
  });

  // "bill acme $300", "invoice northwind traders for 7 hours": a lower-case customer right
  // after the opening verb, only when followed by "for" or an amount.
  w.each(
    /^[ \t]*(?:(?:please|pls|can you|could you)[ \t]+)?(?:bill|invoice|charge)[ \t]+([a-z][\w&'.-]*(?:[ \t]+[a-z][\w&'.-]*){0,3}?)(?=[ \t]+(?:for\b|[$€£¥₹]|\d))/dgi,
    (m) => {
      const name = collapse(m[1] ?? "");
      const words = name.toLowerCase().split(" ");
      const stop = /^(?:them|him|her|us|me|it|my|our|the|a|an|for|to|client|customer|someone|somebody)$/;
      if (stop.test(words[0] ?? "") || NOT_NAME_START.has(words[0] ?? "") || words.every((t) => ITEM_WORDS.has(t))) return;
      hits.push({ role: "to", pos: m.index + 1_000_000, labelled: false, name, company: null, start: groupStart(m, 1), end: groupEnd(m, 1) });
    },
  );

  for (const role of ["to", "from"] as const) {
    const candidates = hits
      .filter((h) => h.role === role)
      .sort((a, b) => Number(b.labelled) - Number(a.labelled) || a.pos - b.pos);
    const chosen = candidates.find((h) => !hits.some((o) => o !== h && o.role !== role && o.start <= h.start && h.start < o.end && o.labelled));
    if (!chosen) continue;
    const party = role === "to" ? to : from;
    party.name = chosen.name || null;
    party.company = chosen.company;
    w.mentions.push({ role, pos: chosen.pos });
    w.consume(chosen.start, chosen.end);
  }
}

function attachPending(w: Work, from: PartyExtraction, to: PartyExtraction): void {
  const roleAt = (pos: number): Role => {
    const before = w.mentions.filter((m) => m.pos < pos).sort((a, b) => b.pos - a.pos)[0];
    if (before) return before.role;
    const after = w.mentions.filter((m) => m.pos > pos).sort((a, b) => a.pos - b.pos)[0];
    return after?.role ?? "to";
  };
  for (const item of [...w.pending].sort((a, b) => a.pos - b.pos)) {
    let role = roleAt(item.pos);
    const context = w.text.slice(Math.max(0, item.pos - 25), item.pos).toLowerCase();
    if (/\b(?:send|email|mail)(?:\s+it)?\s+to\s*$/.test(context)) role = "to";
    if (/\b(?:my|our)\s+(?:e-?mail|address|phone)(?:\s+is)?\s*:?\s*$/.test(context)) role = "from";
    const party = role === "to" ? to : from;
    const other = role === "to" ? from : to;
    if (item.kind === "email") {
      if (party.email === null) party.email = item.value;
      else if (other.email === null) other.email = item.value;
    } else if (item.kind === "address") {
      if (party.address === null) party.address = item.value;
      else if (other.address === null) other.address = item.value;
    } else {
      party.lines.push({ label: item.label, value: item.value });
    }
  }
  to.lines.push(...w.toLines);
}

// ───────────────────────────── pass: items ─────────────────────────────

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

interface NumberToken {
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

const STRONG_PRICE_KEYWORDS = new Set(["at", "@", "à", "a", "zu", "je", "por", "pour", "costing", "priced at", "rate of", "rate", "=", "cost", "costs", "at a rate of", "hourly rate of", "daily rate of", "weekly rate of", "monthly rate of"]);
const WEAK_PRICE_KEYWORDS = new Set(["for", "of", ":", "-", "–", "—", "(", "for a total of", "totaling", "totalling", "total", "total of", "über"]);
const TOTAL_KEYWORDS = new Set(["for", "for a total of", "totaling", "totalling", "total", "total of", "costing", "über"]);

const KEYWORD_BEFORE_RE =
  /(?:^|[\s(])(for a total of|at a rate of|priced at|(?:hourly|daily|weekly|monthly)[ \t]+rate[ \t]+of|rate of|total of|totaling|totalling|costing|costs?|total|rate|at|à|a|zu|je|por|pour|for|of|über)\s*$|([@=:(–—-]|\s-)\s*$/iu;
const PER_AFTER_RE = new RegExp(
  String.raw`^\s*(?:(each|apiece|ea\.?|cada[ \t]+un[oa]|chacun|chacune|pro[ \t]+St(?:ück|k\.?)|the[ \t]+piece)(?![\p{L}])|(?:\/|per(?![\p{L}])|pro(?![\p{L}])|par(?![\p{L}])|por(?![\p{L}])|je(?![\p{L}])|la(?![\p{L}])|el(?![\p{L}])|le(?![\p{L}])|an?(?![\p{L}])|the(?![\p{L}]))\s*([\p{L}][\p{L}.]*))`,
  "iu",
);
const UNIT_AFTER_RE = new RegExp(String.raw`^\s*-?\s*(${UNIT_SRC})(?![\p{L}])`, "iu");

function tokenize(s: string, w: Work): NumberToken[] {
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

function priceScore(t: NumberToken): number {
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

function quantityScore(t: NumberToken): number {
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

function passItems(w: Work): ItemExtraction[] {
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

// ───────────────────────────── pass: currency, locale ─────────────────────────────

function passCurrency(w: Work): string | null {
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

function localeHint(lang: Lang, currency: string | null): string | null {
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

// ───────────────────────────── entry point ─────────────────────────────

function emptyParty(): PartyExtraction {
  return { name: null, company: null, email: null, address: null, lines: [] };
}

/**
 * Read an invoice request in plain words into an {@link InvoiceExtraction}, with rules
 * only (no network, no key, same output for the same input).
 */
export function extractOffline(prompt: string, options: OfflineExtractOptions = {}): InvoiceExtraction {
  const w = new Work(normalizeText(prompt), options);
  const from = emptyParty();
  const to = emptyParty();

  passPayment(w);
  const notes = passNotes(w);
  const title = passTitle(w);
  passReferences(w);
  passEmails(w);
  passContactLines(w);
  const dates = passDates(w);
  const taxes = passTaxes(w);
  const discounts = passDiscounts(w);
  passParties(w, from, to);
  attachPending(w, from, to);
  const items = passItems(w);
  const currency = passCurrency(w);

  const extraction: InvoiceExtraction = {
    title,
    currency,
    localeHint: localeHint(w.lang, currency),
    from,
    to,
    items,
    discounts,
    taxes,
    issueDate: dates.issue,
    dueDate: dates.due,
    paymentDetails: w.payment.map((p) => p.line),
    notes,
    missing: [],
  };
  // An item read without words of its own gets a generic description ("Services" for
  // time, the counted noun, else "Item"): a label, not a fact, so it is not "missing".
  const missing = completeMissing(extraction);
  if (w.taxWithoutRate) missing.push("taxes");
  extraction.missing = missing;
  return extraction;
}
