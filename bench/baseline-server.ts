/**
 * The raw baseline (bench/baseline.ts) in its own process on node:http, so it gets
 * a core of its own like the app does. Reports its port to the parent over IPC.
 *
 *   BENCH_DB=/tmp/…/bench.db node --import tsx bench/baseline-server.ts
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createBaseline } from "./baseline.ts";

const path = process.env.BENCH_DB;
if (!path) throw new Error("BENCH_DB is required");
const baseline = createBaseline(path);
const server = createServer((req, res) => baseline.handle(req, res));
server.listen(0, "127.0.0.1", () => process.send?.({ ready: true, port: (server.address() as AddressInfo).port }));
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => {
    baseline.close();
    process.exit(0);
  });
});
