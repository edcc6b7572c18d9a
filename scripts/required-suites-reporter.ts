/**
 * A vitest reporter that fails the run when a suite CI requires did not really
 * run: a required project with no passed tests, or with skipped tests.
 * INVOBI_REQUIRE_SUITES=postgres,redis,browser (set by .ci/run). It also prints
 * the plain closing line CI reads: "Tests: N passed, N failed, N skipped".
 */
import type { Reporter, TestModule } from "vitest/node";

const PROJECT_OF_SUITE: Record<string, string> = { postgres: "server-pg", browser: "browser" };

export default class RequiredSuitesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const required = (process.env.INVOBI_REQUIRE_SUITES ?? "").split(",").filter(Boolean);
    const counts = new Map<string, { passed: number; skipped: number }>();
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      const entry = counts.get(module.project.name) ?? { passed: 0, skipped: 0 };
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") {
          entry.passed++;
          passed++;
        } else if (state === "skipped") {
          entry.skipped++;
          skipped++;
        } else if (state === "failed") {
          failed++;
        }
      }
      // A file that failed to load or errored outside its tests counts as a failure too.
      if (module.state() === "failed" && ![...module.children.allTests()].some((test) => test.result().state === "failed")) failed++;
      counts.set(module.project.name, entry);
    }
    const problems: string[] = [];
    // With suites required (CI), nothing may be skipped: every skipIf in the suite guards a missing service.
    if (required.length && skipped > 0) {
      const where = [...counts].filter(([, c]) => c.skipped > 0).map(([name, c]) => `${name}: ${c.skipped}`);
      problems.push(`${skipped} test(s) skipped (${where.join(", ")})`);
    }
    for (const suite of required) {
      const project = PROJECT_OF_SUITE[suite];
      if (!project) continue;
      const entry = counts.get(project);
      if (!entry || entry.passed === 0) problems.push(`required suite "${suite}" (project ${project}) ran no passing test`);
      else if (entry.skipped > 0) problems.push(`required suite "${suite}" (project ${project}) skipped ${entry.skipped} test(s)`);
    }
    console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    if (problems.length) {
      console.error(`\nRequired suites check failed:\n  - ${problems.join("\n  - ")}`);
      process.exitCode = 1;
    }
  }
}
