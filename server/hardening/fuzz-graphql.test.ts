/** The GraphQL half of the fuzzing in fuzz.ts (main operations and random documents), and the regression cases. */
import { graphqlFuzzing, regressionCases, reportRunCounts } from "./fuzz.ts";

reportRunCounts();
graphqlFuzzing();
regressionCases();
