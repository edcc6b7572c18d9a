/**
 * Turning numbers as people write them ("1.234,56", "1,234.56", "12,5", "1'250.00")
 * into exact decimal strings ("1234.56", "12.5", "1250") by string manipulation only:
 * no amount ever passes through a JS float.
 */

/** Which character a prompt uses as its decimal separator when a number alone can't tell. */
export type DecimalStyle = "dot" | "comma";

export interface ParseNumberOptions {
  /** Resolves "1,234" / "1.234" (one separator, exactly three digits after it). Default "dot". */
  style?: DecimalStyle;
  /**
   * A percentage: one separator is always a decimal separator ("9,975 %" is 9.975),
   * since no rate has thousands.
   */
  percent?: boolean;
  /**
   * An amount of money in a currency with 2 or fewer decimals: "2.500" / "1,500"
   * (one separator, exactly three digits) is then a thousands separator whatever `style`.
   */
  money?: boolean;
}

/** "0150.50" → "150.5", "-0" → "0", "3." → "3"; null for anything that isn't digits[.digits]. */
export function canonicalDecimal(text: string): string | null {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const integer = (m[2] ?? "").replace(/^0+(?=\d)/, "") || "0";
  const fraction = (m[3] ?? "").replace(/0+$/, "");
  const zero = integer === "0" && fraction === "";
  return (m[1] && !zero ? "-" : "") + integer + (fraction ? `.${fraction}` : "");
}

/**
 * Parse a written number into a canonical decimal string, or null when it isn't one.
 *
 * - both "," and "." present: the last one is the decimal separator ("1.234,56", "1,234.56");
 * - one kind repeated: thousands separators ("1,234,567", "1.234.567"), groups of three checked;
 * - a single separator followed by exactly three digits is ambiguous and `style` decides
 *   (unless `percent`); any other single separator is a decimal separator ("12,5", "0.10");
 * - apostrophes and spaces are thousands separators ("1'250.00", "1 234,56").
 */
export function parseNumberText(raw: string, options: ParseNumberOptions = {}): string | null {
  let s = raw.trim().replace(/[\s\u00a0\u202f\u2009'’]/g, "");
  let negative = false;
  if (/^[-−]/.test(s)) {
    negative = true;
    s = s.slice(1);
  }
  if (!/^(?:\d[\d.,]*|[.,]\d+)$/.test(s) || /[.,]$/.test(s)) return null;

  // Indian grouping: "1,20,000" / "12,34,567.50".
  if (/^\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?$/.test(s)) return canonicalDecimal(s.replace(/,/g, ""));

  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  let plain: string;
  if (commas > 0 && dots > 0) {
    const decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
    const grouping = decimal === "," ? "." : ",";
    const [whole = "", fraction, ...rest] = s.split(decimal);
    if (rest.length > 0 || fraction === undefined) return null;
    if (!validGroups(whole.split(grouping))) return null;
    plain = `${whole.split(grouping).join("")}.${fraction}`;
  } else if (commas + dots > 1) {
    const separator = commas > 0 ? "," : ".";
    const groups = s.split(separator);
    if (!validGroups(groups)) return null;
    plain = groups.join("");
  } else if (commas + dots === 1) {
    const separator = commas > 0 ? "," : ".";
    const [whole = "", fraction = ""] = s.split(separator);
    const groupingByStyle =
      options.money || (separator === "," ? (options.style ?? "dot") === "dot" : options.style === "comma");
    const thousands =
      !options.percent && fraction.length === 3 && whole.length >= 1 && whole.length <= 3 && whole !== "0" && groupingByStyle;
    plain = thousands ? whole + fraction : `${whole}.${fraction}`;
  } else {
    plain = s;
  }
  const canonical = canonicalDecimal(plain);
  if (canonical === null) return null;
  return negative && canonical !== "0" ? `-${canonical}` : canonical;
}

/** "1" "234" "567": a leading group of 1–3 digits, then groups of exactly 3. */
function validGroups(groups: string[]): boolean {
  const [first = "", ...rest] = groups;
  return /^\d{1,3}$/.test(first) && rest.every((g) => /^\d{3}$/.test(g));
}

interface Scaled {
  units: bigint;
  scale: number;
}

function toScaled(decimal: string): Scaled {
  const negative = decimal.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? decimal.slice(1) : decimal).split(".");
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

function fromScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return canonicalDecimal((negative ? "-" : "") + text) ?? "0";
}

/**
 * a / b exactly, or null when the quotient needs more than `maxScale` decimals
 * (or b is zero). Both are canonical decimal strings.
 */
export function divideExact(a: string, b: string, maxScale = 4): string | null {
  const x = toScaled(a);
  const y = toScaled(b);
  if (y.units === 0n) return null;
  for (let k = 0; k <= maxScale; k++) {
    // a/b = (x.units / 10^x.scale) / (y.units / 10^y.scale); scaled by 10^k.
    const numerator = x.units * 10n ** BigInt(y.scale + k);
    const denominator = y.units * 10n ** BigInt(x.scale);
    if (numerator % denominator === 0n) return fromScaled(numerator / denominator, k);
  }
  return null;
}

/** a compared with b: -1, 0 or 1 (canonical decimal strings). */
export function compareDecimal(a: string, b: string): number {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  const left = x.units * 10n ** BigInt(scale - x.scale);
  const right = y.units * 10n ** BigInt(scale - y.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}
