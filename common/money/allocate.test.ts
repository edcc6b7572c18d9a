import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { allocateProportionally } from "./allocate.ts";

const sum = (values: readonly bigint[]) => values.reduce((total, value) => total + value, 0n);

describe("allocateProportionally", () => {
  it("splits proportionally, leftovers to the largest remainders", () => {
    expect(allocateProportionally(1000n, [3333n, 3333n, 3334n])).toEqual([333n, 333n, 334n]);
    expect(allocateProportionally(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocateProportionally(1500n, [10000n, 5000n])).toEqual([1000n, 500n]);
    expect(allocateProportionally(0n, [1n, 2n])).toEqual([0n, 0n]);
    expect(allocateProportionally(0n, [])).toEqual([]);
  });

  it("breaks exact ties by larger weight, then by tie key, then by position", () => {
    expect(allocateProportionally(1n, [1n, 1n], ["b", "a"])).toEqual([0n, 1n]);
    expect(allocateProportionally(1n, [1n, 1n])).toEqual([1n, 0n]);
  });

  it("the leftover unit goes to the largest remainder, not the largest weight (issue 21)", () => {
    // Shares of 3 over 500 / 200: 2.142857 and 0.857143 → 2 + 0, leftover to the 0.857 remainder.
    expect(allocateProportionally(3n, [500n, 200n])).toEqual([2n, 1n]);
    expect(allocateProportionally(3n, [200n, 500n])).toEqual([1n, 2n]);
  });

  it("an exact remainder tie goes to the larger |weight| whatever the order or the keys (issue 21)", () => {
    // 2 over 1 / 3: shares 0.5 and 1.5, both remainders ½ → the weight-3 piece rounds up.
    expect(allocateProportionally(2n, [1n, 3n])).toEqual([0n, 2n]);
    expect(allocateProportionally(2n, [3n, 1n])).toEqual([2n, 0n]);
    expect(allocateProportionally(2n, [1n, 3n], ["a", "b"])).toEqual([0n, 2n]);
    // |−3| > 1: shares 0.5, −1.5, 2 → the −1.5 piece takes the unit (−2 + 1), not the 0.5 one.
    expect(allocateProportionally(1n, [1n, -3n, 4n])).toEqual([0n, -1n, 2n]);
    expect(allocateProportionally(1n, [-3n, 1n, 4n])).toEqual([-1n, 0n, 2n]);
  });

  it("equal weights tie by key (smaller first), and only equal keys fall back to position (issue 21)", () => {
    expect(allocateProportionally(1n, [1n, 1n], ["a", "b"])).toEqual([1n, 0n]);
    expect(allocateProportionally(1n, [1n, 1n], ["b", "a"])).toEqual([0n, 1n]);
    expect(allocateProportionally(1n, [1n, 1n], ["a", "a"])).toEqual([1n, 0n]);
    expect(allocateProportionally(2n, [1n, 1n, 1n], ["c", "a", "b"])).toEqual([0n, 1n, 1n]);
    // A missing key counts as "" and sorts first.
    expect(allocateProportionally(1n, [1n, 1n], ["b"])).toEqual([0n, 1n]);
    expect(allocateProportionally(1n, [1n, 1n], ["A"])).toEqual([0n, 1n]);
    expect(allocateProportionally(2n, [1n, 1n, 1n], ["B", "A"])).toEqual([0n, 1n, 1n]);
  });

  it("splits over weights with a negative total", () => {
    // 10 over −3 / −7: shares 3 and 7; 1 over −1 / −2: ⅓ and ⅔ → the larger remainder.
    expect(allocateProportionally(10n, [-3n, -7n])).toEqual([3n, 7n]);
    expect(allocateProportionally(1n, [-1n, -2n])).toEqual([0n, 1n]);
    expect(allocateProportionally(-1n, [-1n, -2n])).toEqual([0n, -1n]);
    // Mixed signs, negative total: 5 over 2 / −7 (total −5) → −2 and 7.
    expect(allocateProportionally(5n, [2n, -7n])).toEqual([-2n, 7n]);
  });

  it("handles negative weights and amounts symmetrically", () => {
    expect(allocateProportionally(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocateProportionally(100n, [-1n, -1n, -1n])).toEqual([34n, 33n, 33n]);
    expect(sum(allocateProportionally(10n, [30n, -10n]))).toBe(10n);
  });

  it("refuses to split a non-zero amount over weights summing to zero", () => {
    expect(() => allocateProportionally(1n, [1n, -1n])).toThrow(RangeError);
    expect(() => allocateProportionally(-1n, [1n, -1n])).toThrow("cannot split a non-zero amount over weights summing to 0");
    expect(() => allocateProportionally(1n, [])).toThrow(RangeError);
    // Nothing to split is fine even then.
    expect(allocateProportionally(0n, [1n, -1n])).toEqual([0n, 0n]);
  });

  it("pieces sum exactly and each is within one unit of its exact share (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), { minLength: 1, maxLength: 30 }),
        (amount, weights) => {
          const total = sum(weights);
          fc.pre(total !== 0n);
          const pieces = allocateProportionally(amount, weights);
          expect(sum(pieces)).toBe(amount);
          pieces.forEach((piece, index) => {
            // |piece − amount·w/total| < 1  ⇔  |piece·total − amount·w| < |total|
            const error = piece * total - amount * weights[index]!;
            expect((error < 0n ? -error : error) < (total < 0n ? -total : total)).toBe(true);
          });
          expect(allocateProportionally(-amount, weights)).toEqual(pieces.map((piece) => -piece));
        },
      ),
    );
  });
});
