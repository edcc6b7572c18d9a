/**
 * The vitest config StrykerJS runs (stryker.config.mjs): only the tests of one mutation
 * target, in plain Node, no React plugin, no databases. MUTATION_TARGET picks the target
 * (default: every target's tests). Not used by `npm test`, which runs vite.config.ts.
 */
import { defineConfig } from "vitest/config";
import { mutationTargets, type MutationTargetName } from "./stryker.targets.mjs";

const name = process.env.MUTATION_TARGET as MutationTargetName | undefined;
const targets = name ? [mutationTargets[name]] : Object.values(mutationTargets);
if (targets.some((target) => target === undefined)) {
  throw new Error(`MUTATION_TARGET=${name}: not one of ${Object.keys(mutationTargets).join(", ")}`);
}

export default defineConfig({
  test: {
    root: ".",
    include: targets.flatMap((target) => target.tests),
    environment: "node",
    testTimeout: 60_000,
    // One worker: Stryker already runs its own processes, on a shared 2-core machine.
    maxWorkers: 1,
    // Every mutant reruns the property tests: fewer runs each (test-support/property-runs.ts,
    // fast-check's default); the known-answer tests pin the values.
    env: { PROPERTY_RUNS_CAP: "60" },
    setupFiles: ["./vitest.mutation.setup.ts"],
  },
});
