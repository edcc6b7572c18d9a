/**
 * Mutation-testing targets (issue 21): the source files mutated, the tests that must
 * notice, and the lowest acceptable mutation score. Read by stryker.config.mjs and
 * vitest.mutation.config.ts; `npm run test:mutation` runs every target in turn.
 */
export const mutationTargets = {
  money: {
    mutate: ["common/money/*.ts", "!common/money/*.test.ts"],
    tests: ["common/money/*.test.ts"],
    breakAt: 95,
  },
  invoice: {
    mutate: ["common/invoice/schema.ts", "common/locale.ts"],
    tests: ["common/invoice/*.test.ts", "common/locale*.test.ts"],
    breakAt: 90,
  },
  generation: {
    mutate: ["server/modules/generation/numbers.ts", "server/modules/generation/resolve.ts"],
    tests: [
      "server/modules/generation/numbers*.test.ts",
      "server/modules/generation/resolve*.test.ts",
      // Pure (no database, no network): they reach numbers.ts through the extractor.
      "server/modules/generation/extraction.test.ts",
      "server/modules/generation/offline/*.test.ts",
    ],
    breakAt: 90,
  },
};
