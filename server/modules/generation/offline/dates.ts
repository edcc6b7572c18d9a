/** Pass: the issue and due dates (absolute, relative, "net 30", "upon receipt"), with the month names they use. */
import { daysInMonth, type DateExtraction } from "../extraction.ts";
import { WORD_NUMBER_SRC, WORD_NUMBERS } from "./number-vocabulary.ts";
import { alternation, collapse, escapeRe, word } from "./text.ts";
import type { Work } from "./work.ts";

export const MONTHS: Record<string, number> = {};
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

export function passDates(w: Work): { issue: DateExtraction; due: DateExtraction; dueYearless: boolean } {
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
