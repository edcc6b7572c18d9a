/**
 * fast-check run counts. Mutation testing (vitest.mutation.config.ts) reruns these tests
 * once per mutant, so it caps every property at PROPERTY_RUNS_CAP runs; the known-answer
 * tests, not the run count, are what pins the values. Normal runs use the full count.
 */
export function propertyRuns(runs: number): number {
  const cap = Number(process.env.PROPERTY_RUNS_CAP);
  return Number.isInteger(cap) && cap > 0 ? Math.min(runs, cap) : runs;
}
