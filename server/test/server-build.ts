/**
 * The server build (dist/server/, made once per run by the global setup) for tests
 * that start the server or the CLI as processes: plain `node dist/server/<entry>.js`.
 */
import { join } from "node:path";
import { inject } from "vitest";
import { serverBuildDir } from "../../scripts/server-build-fresh.mjs";

export function builtServerFile(entry: "main" | "cli"): string {
  const error = inject("serverBuildError");
  if (error) throw new Error(`The server build (scripts/build-server.ts) failed in the global setup:\n${error}`);
  return join(serverBuildDir, `${entry}.js`);
}
