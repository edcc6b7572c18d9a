/**
 * Exact decimal arithmetic on bigints.
 *
 * A user-typed amount ("33.335", "-2.5") becomes a {@link Decimal}: an integer
 * `units` and a `scale`, meaning units / 10^scale. Products are exact (units
 * multiply, scales add); the only inexact step is an explicit rounding to a
 * target scale, always HALF AWAY FROM ZERO (1.005 → 1.01, -1.005 → -1.01).
 * No JS number ever holds an amount, so 0.1 + 0.2 is 0.3 here.
 */

export type MoneyErrorCode =
  /** Not a plain decimal string ("1e3", "1,5", "", " 1", a number instead of a string). */
  | "invalid_decimal"
  /** More fraction digits than the field allows (e.g. "0.5" yen, a 5-decimal quantity). */
  | "too_many_decimals"
  /** More integer digits than {@link MAX_INTEGER_DIGITS}. */
  | "too_large"
  /** Outside the field's range (negative percentage, percentage above 100, negative fixed discount). */
  | "out_of_range"
  /** Not an upper-case ISO 4217 code this runtime's Intl knows. */
  | "unknown_currency"
  /** Invoice discounts would take the subtotal past zero. */
  | "discount_exceeds_subtotal"
  /** Any other invalid value (unknown discount kind, duplicate tax, bad locale). */
  | "invalid_value";

/**
 * Invalid money input. `field` is a path into the input ("items[2].discountPercent",
 * "discounts[1].value", "taxes[0].rate", "currency") so the API and the SPA can put
 * the message next to the right form field; `message` is "<field>: <reason>".
 */
export class MoneyError extends Error {
  override readonly name = "MoneyError";
  readonly field: string;
  readonly code: MoneyErrorCode;
  /** The message without the field prefix, for showing next to the field itself. */
  readonly reason: string;

  constructor(field: string, code: MoneyErrorCode, reason: string) {
    super(`${field}: ${reason}`);
    this.field = field;
    this.code = code;
    this.reason = reason;
  }
}

/** An exact decimal: `units / 10^scale`. `scale` is a small non-negative integer. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Optional "-", digits, optional "." followed by digits. No "+", exponent, grouping, or spaces. */
export const DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?$/;

/**
 * Integer digits accepted in any input: a quadrillion of anything is not an invoice,
 * and the cap keeps hostile 100k-digit strings from reaching bigint arithmetic.
 */
export const MAX_INTEGER_DIGITS = 15;

export interface ParseDecimalOptions {
  /** Most significant fraction digits allowed (trailing zeros don't count: "1.50000" has 1). */
  maxFractionDigits?: number;
  /** Reject values below zero. Default: negatives allowed. */
  nonNegative?: boolean;
}

const powersOfTen: bigint[] = [1n];

/** 10^n as a bigint (cached: the same few exponents are used over and over). */
export function pow10(n: number): bigint {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pow10: bad exponent ${n}`);
  for (let i = powersOfTen.length; i <= n; i++) powersOfTen.push(powersOfTen[i - 1]! * 10n);
  return powersOfTen[n]!;
}

/** True for strings {@link parseDecimal} would accept syntactically (any precision, any size). */
export function isDecimalString(text: unknown): text is string {
  return typeof text === "string" && DECIMAL_PATTERN.test(text);
}

/**
 * Parse an exact decimal string into its smallest-scale {@link Decimal}
 * ("19.00" → {units: 19n, scale: 0}). Throws {@link MoneyError} naming `field`.
 */
export function parseDecimal(text: unknown, field: string, options: ParseDecimalOptions = {}): Decimal {
  if (typeof text !== "string") {
    throw new MoneyError(field, "invalid_decimal", `must be a decimal string like "12.50", got ${describe(text)}`);
  }
  if (!DECIMAL_PATTERN.test(text)) {
    throw new MoneyError(
      field,
      "invalid_decimal",
      `"${truncate(text)}" is not a plain decimal (digits, optional "-" and "." — no exponent, grouping or spaces)`,
    );
  }
  const negative = text.startsWith("-");
  // Stryker disable next-line StringLiteral: equivalent — split() always yields a first element, so integerPart's default is never used
  const [integerPart = "", fractionPart = ""] = (negative ? text.slice(1) : text).split(".");
  const integerDigits = integerPart.replace(/^0+/, "");
  const fractionDigits = fractionPart.replace(/0+$/, "");

  if (integerDigits.length > MAX_INTEGER_DIGITS) {
    throw new MoneyError(field, "too_large", `has more than ${MAX_INTEGER_DIGITS} digits before the decimal point`);
  }
  const { maxFractionDigits } = options;
  // Stryker disable next-line ConditionalExpression: equivalent — `length > undefined` is false too
  if (maxFractionDigits !== undefined && fractionDigits.length > maxFractionDigits) {
    throw new MoneyError(
      field,
      "too_many_decimals",
      maxFractionDigits === 0
        ? `"${truncate(text)}" must be a whole number`
        : `"${truncate(text)}" has more than ${maxFractionDigits} decimal places`,
    );
  }
  // Stryker disable next-line StringLiteral: equivalent — BigInt("") is 0n as well
  const magnitude = BigInt((integerDigits || "0") + fractionDigits);
  if (negative && magnitude !== 0n && options.nonNegative) {
    throw new MoneyError(field, "out_of_range", `must not be negative, got "${truncate(text)}"`);
  }
  return { units: negative ? -magnitude : magnitude, scale: fractionDigits.length };
}

/** Parse a percentage: 0–100 with at most 4 decimals ("19", "9.975"). */
export function parsePercent(text: unknown, field: string): Decimal {
  const percent = parseDecimal(text, field, { maxFractionDigits: 4, nonNegative: true });
  if (percent.units > 100n * pow10(percent.scale)) {
    throw new MoneyError(field, "out_of_range", `must be between 0 and 100, got "${truncate(String(text))}"`);
  }
  return percent;
}

/** The fraction a percentage denotes (19 → 0.19), exactly, ready to multiply into an amount. */
export function percentToFraction(percent: Decimal): Decimal {
  return { units: percent.units, scale: percent.scale + 2 };
}

/** Exact product: units multiply, scales add. */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** 1 − fraction, exactly (a 15 % discount leaves 0.85 of the amount). */
export function complement(fraction: Decimal): Decimal {
  return { units: pow10(fraction.scale) - fraction.units, scale: fraction.scale };
}

/** numerator / denominator rounded HALF AWAY FROM ZERO (2.5 → 3, -2.5 → -3). */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  // Stryker disable next-line EqualityOperator: equivalent — at numerator 0 the result is 0n = -0n, and the denominator is never 0 here
  const negative = numerator < 0n !== denominator < 0n;
  // Stryker disable next-line EqualityOperator: equivalent — -0n is 0n
  const n = numerator < 0n ? -numerator : numerator;
  // Stryker disable next-line EqualityOperator: equivalent — the denominator is never 0 here
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  // Compare twice the remainder with the divisor: exactly half rounds away from zero.
  const rounded = 2n * (n % d) >= d ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** numerator / denominator rounded toward −∞ (bigint "/" truncates toward zero). */
export function floorDivide(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  const quotient = numerator / denominator;
  const exact = quotient * denominator === numerator;
  // Stryker disable next-line EqualityOperator: equivalent — a zero numerator is exact, and the denominator is never 0 here
  return !exact && numerator < 0n !== denominator < 0n ? quotient - 1n : quotient;
}

/** The value as units of 10^-scale, rounded half away from zero when precision is lost. */
export function roundToScale(value: Decimal, scale: number): bigint {
  // Stryker disable next-line EqualityOperator: equivalent — at equal scales both branches divide or multiply by 10^0
  if (scale >= value.scale) return value.units * pow10(scale - value.scale);
  return divideRoundHalfAwayFromZero(value.units, pow10(value.scale - scale));
}

/** a × b rounded once to `scale` (e.g. quantity × unit price to the currency's minor units). */
export function multiplyToScale(a: Decimal, b: Decimal, scale: number): bigint {
  return roundToScale(multiply(a, b), scale);
}

/** The smallest-scale form of a value ("19.00" and "19" are the same rate). */
export function normalize(value: Decimal): Decimal {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** Canonical string of a value: no trailing fraction zeros, no "-0" ("19.50" → "19.5"). */
export function decimalToString(value: Decimal): string {
  const { units, scale } = normalize(value);
  return minorToDecimal(units, scale);
}

/**
 * Minor units back to a decimal string with exactly `exponent` fraction digits:
 * (165000n, 2) → "1650.00", (1650n, 0) → "1650", (-5n, 2) → "-0.05".
 */
export function minorToDecimal(minor: bigint, exponent: number): string {
  if (!Number.isInteger(exponent) || exponent < 0) throw new RangeError(`minorToDecimal: bad exponent ${exponent}`);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const integerPart = digits.slice(0, digits.length - exponent);
  const fractionPart = digits.slice(digits.length - exponent);
  return (negative ? "-" : "") + integerPart + (exponent > 0 ? `.${fractionPart}` : "");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  // Stryker disable next-line all: unreachable from parseDecimal, which describes only non-strings; kept so describe() is total
  if (typeof value === "string") return `"${truncate(value)}"`;
  return typeof value;
}

/** Keep error messages readable when someone pastes a novel into a number field. */
function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
