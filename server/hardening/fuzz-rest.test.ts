/** The REST half of the fuzzing in fuzz.ts (every endpoint). */
import { reportRunCounts, restFuzzing } from "./fuzz.ts";

reportRunCounts();
restFuzzing();
