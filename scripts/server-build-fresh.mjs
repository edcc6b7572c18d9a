/**
 * When the server build (dist/server/, made by scripts/build-server.ts) can be used as
 * it is: it exists and none of its inputs — our source files that went into it, the
 * build script, package-lock.json, as listed in dist/server/build-inputs.json — is
 * newer than it. A missing input (deleted or renamed file) counts as newer.
 *
 * Plain JavaScript so bin/invobi.js can ask before any TypeScript tooling is loaded;
 * costs one stat per input (~200, a few milliseconds).
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const serverBuildDir = join(repoRoot, "dist", "server");

export function serverBuildIsFresh(buildDir = serverBuildDir) {
  let builtAt;
  let inputs;
  try {
    builtAt = statSync(join(buildDir, "build-inputs.json")).mtimeMs;
    inputs = JSON.parse(readFileSync(join(buildDir, "build-inputs.json"), "utf8")).inputs;
  } catch {
    return false;
  }
  return inputs.every((input) => {
    try {
      return statSync(join(repoRoot, input)).mtimeMs <= builtAt;
    } catch {
      return false;
    }
  });
}
