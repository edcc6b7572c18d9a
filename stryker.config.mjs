// @ts-check
/**
 * StrykerJS (9.6, vitest runner) for one target of stryker.targets.mjs, chosen by
 * MUTATION_TARGET: `MUTATION_TARGET=money npx stryker run`. `npm run test:mutation`
 * runs every target; not part of `npm test` (it takes minutes per target).
 * Reports: reports/mutation/<target>.html and .json.
 */
import { mutationTargets } from "./stryker.targets.mjs";

const name = process.env.MUTATION_TARGET ?? "";
const target = mutationTargets[/** @type {keyof typeof mutationTargets} */ (name)];
if (!target) {
  throw new Error(`set MUTATION_TARGET to one of: ${Object.keys(mutationTargets).join(", ")}`);
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  mutate: target.mutate,
  coverageAnalysis: "perTest",
  // Static mutants (module-level constants, schema definitions) would rerun every test per mutant.
  ignoreStatic: true,
  // The machine is shared: one test process at a time.
  concurrency: 1,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  thresholds: { high: target.breakAt, low: target.breakAt - 10, break: target.breakAt },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  // The sandbox needs the sources and configs only, not builds or browser suites.
  ignorePatterns: ["dist", "data", "bench", "e2e", "client", "docs", "reports", "test-results", "coverage", ".vitest-tmp"],
  timeoutMS: 10_000,
};
