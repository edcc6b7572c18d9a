/**
 * Imported first by bench/run.ts: the in-process measurements run with
 * NODE_ENV=production like the benchmarked server, because libraries read it once
 * at load time (graphql-js, for one, swaps in a slower development `instanceOf`).
 */
process.env.NODE_ENV ??= "production";
