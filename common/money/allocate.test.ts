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

  it("handles negative weights and amounts symmetrically", () => {
    expect(allocateProportionally(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocateProportionally(100n, [-1n, -1n, -1n])).toEqual([34n, 33n, 33n]);
    expect(sum(allocateProportionally(10n, [30n, -10n]))).toBe(10n);
  });

  it("refuses to split a non-zero amount over weights summing to zero", () => {
    expect(() => allocateProportionally(1n, [1n, -1n])).toThrow(RangeError);
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
