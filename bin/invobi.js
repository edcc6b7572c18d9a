#!/usr/bin/env node
// The `invobi` CLI entry: runs the built CLI (dist/server/cli.js) in this process,
// building it first (scripts/build-server.ts through tsx) when it is missing or stale.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot, serverBuildDir, serverBuildIsFresh } from "../scripts/server-build-fresh.mjs";

if (!serverBuildIsFresh()) {
  const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
  // The build's messages go to stderr: stdout is the command's output (`TOKEN=$(invobi token create …)`).
  const build = spawnSync(process.execPath, [tsxCli, join(repoRoot, "scripts", "build-server.ts")], { cwd: repoRoot, stdio: ["ignore", 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(pathToFileURL(join(serverBuildDir, "cli.js")).href);
