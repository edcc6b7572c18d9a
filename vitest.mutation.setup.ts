// Mutation runs only (vitest.mutation.config.ts): property tests without an explicit run count use 60.
import fc from "fast-check";

fc.configureGlobal({ numRuns: 60 });
