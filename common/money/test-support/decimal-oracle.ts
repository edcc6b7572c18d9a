/**
 * An independent model of computeTotals for tests only: the rules of totals.ts's header
 * written again with decimal.js (arbitrary-precision decimals, not our bigint code), so
 * a property test can compare every number computeTotals reports with a second opinion.
 * Its inputs must be valid (it does not reproduce the validation).
 */
import Decimal from "decimal.js";
import type { TotalsInput } from "../../invoice/types.ts";

// 80 significant digits: every product here is exact (≤ ~40 digits); divisions only in the split.
const D = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP });

export interface OracleTotals {
  /** Every amount as a decimal string with exactly the currency's decimals ("12.50"). */
  lines: { gross: string; discount: string; net: string }[];
  subtotal: string;
  discounts: string[];
  discountTotal: string;
  taxable: string;
  /** In first-appearance order: line taxes in line order, then invoice taxes. */
  taxes: { name: string; rate: string; base: string; amount: string }[];
  taxTotal: string;
  total: string;
}

/** Half away from zero (decimal.js ROUND_HALF_UP), to `places` decimals. */
const round = (value: Decimal, places: number) => value.toDecimalPlaces(places, D.ROUND_HALF_UP);

export function oracleTotals(input: TotalsInput, exponent: number): OracleTotals {
  const fmt = (value: Decimal) => value.toFixed(exponent);

  const lines = input.items.map((item) => {
    const gross = new D(item.quantity).times(item.unitPrice);
    const keep = item.discountPercent == null ? new D(1) : new D(1).minus(new D(item.discountPercent).div(100));
    const grossRounded = round(gross, exponent);
    const net = round(gross.times(keep), exponent);
    return { gross: grossRounded, discount: grossRounded.minus(net), net };
  });
  const subtotal = lines.reduce((sum, line) => sum.plus(line.net), new D(0));

  let percentSum = new D(0);
  let percentTaken = new D(0);
  const discounts = input.discounts.map((discount) => {
    if (discount.kind === "fixed") return new D(discount.value);
    percentSum = percentSum.plus(discount.value);
    const cumulative = round(subtotal.times(percentSum).div(100), exponent);
    const amount = cumulative.minus(percentTaken);
    percentTaken = cumulative;
    return amount;
  });
  const discountTotal = discounts.reduce((sum, amount) => sum.plus(amount), new D(0));
  const taxable = subtotal.minus(discountTotal);

  const groupKey = (name: string, rate: string) => `${name.trim() || "Tax"}|${new D(rate).toString()}`;
  const lineKeys = input.items.map((item) =>
    item.taxPercent == null ? "" : groupKey(item.taxName ?? "Tax", item.taxPercent),
  );
  const shares = largestRemainder(discountTotal, lines.map((line) => line.net), lineKeys, exponent);

  const groups = new Map<string, { name: string; rate: string; base: Decimal }>();
  input.items.forEach((item, index) => {
    if (item.taxPercent == null) return;
    const key = lineKeys[index]!;
    const group = groups.get(key) ?? { name: (item.taxName ?? "Tax").trim() || "Tax", rate: new D(item.taxPercent).toString(), base: new D(0) };
    group.base = group.base.plus(lines[index]!.net).minus(shares[index]!);
    groups.set(key, group);
  });
  for (const tax of input.taxes) {
    const key = groupKey(tax.name, tax.rate);
    const group = groups.get(key) ?? { name: tax.name.trim() || "Tax", rate: new D(tax.rate).toString(), base: new D(0) };
    group.base = taxable;
    groups.set(key, group);
  }
  const taxes = [...groups.values()].map((group) => ({
    ...group,
    amount: round(group.base.times(group.rate).div(100), exponent),
  }));
  const taxTotal = taxes.reduce((sum, tax) => sum.plus(tax.amount), new D(0));

  return {
    lines: lines.map((line) => ({ gross: fmt(line.gross), discount: fmt(line.discount), net: fmt(line.net) })),
    subtotal: fmt(subtotal),
    discounts: discounts.map(fmt),
    discountTotal: fmt(discountTotal),
    taxable: fmt(taxable),
    taxes: taxes.map((tax) => ({ name: tax.name, rate: tax.rate, base: fmt(tax.base), amount: fmt(tax.amount) })),
    taxTotal: fmt(taxTotal),
    total: fmt(taxable.plus(taxTotal)),
  };
}

/**
 * Hamilton's method in units of 10^-exponent: each weight's exact share rounded down
 * (toward −∞ for a positive amount; a negative amount mirrors the positive split), the
 * leftover units to the largest fractional parts; ties to the larger |weight|, then the
 * smaller key, then the earlier line.
 */
function largestRemainder(amount: Decimal, weights: Decimal[], keys: string[], exponent: number): Decimal[] {
  const unit = new D(10).pow(-exponent);
  if (amount.isZero()) return weights.map(() => new D(0));
  if (amount.isNegative()) return largestRemainder(amount.neg(), weights, keys, exponent).map((piece) => piece.neg());
  const total = weights.reduce((sum, weight) => sum.plus(weight), new D(0));
  const units = amount.div(unit);
  // Fractional parts as exact integers: (units × w) mod |total| with a sign-adjusted numerator.
  const sign = total.isNegative() ? -1 : 1;
  const magnitude = total.abs().div(unit);
  const pieces = weights.map((weight) => {
    const numerator = units.times(weight.div(unit)).times(sign);
    const floor = numerator.div(magnitude).floor();
    return { floor, remainder: numerator.minus(floor.times(magnitude)) };
  });
  let leftover = units.minus(pieces.reduce((sum, piece) => sum.plus(piece.floor), new D(0)));
  const order = weights
    .map((weight, index) => ({ index, weight: weight.abs(), key: keys[index] ?? "", remainder: pieces[index]!.remainder }))
    .sort(
      (a, b) =>
        b.remainder.comparedTo(a.remainder) ||
        b.weight.comparedTo(a.weight) ||
        (a.key === b.key ? 0 : a.key < b.key ? -1 : 1) ||
        a.index - b.index,
    );
  const result = pieces.map((piece) => piece.floor);
  for (const { index } of order) {
    if (leftover.isZero()) break;
    result[index] = result[index]!.plus(1);
    leftover = leftover.minus(1);
  }
  return result.map((piece) => piece.times(unit));
}
