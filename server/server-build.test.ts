/**
 * The server build (scripts/build-server.ts): bundled modules still find repository
 * files relative to their own sources, and the freshness rule bin/invobi.js and the
 * global setup use (scripts/server-build-fresh.mjs) notices changed and missing inputs,
 * also one saved during the build.
 * Builds a one-file probe into a temporary directory (not dist/server, which other
 * test files are running).
 */
import { execFile } from "node:child_process";
import { readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../scripts/build-server.ts";
import { repoRoot, serverBuildIsFresh } from "../scripts/server-build-fresh.mjs";

const PROBE = "server/test/fixtures/import-meta-probe.ts";
// Inside the repository (node_modules must resolve) and deeper than dist/server, so a
// path that only happens to work from dist/server would show.
const outdir = join(repoRoot, "node_modules", ".cache", `invobi-build-test-${process.pid}-${Date.now().toString(36)}`);

describe("the server build", () => {
  beforeAll(async () => {
    await buildServer({ outdir, entries: { probe: PROBE } });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("keeps import.meta.dirname and filename pointing at the source file, import.meta.url at the bundle", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(outdir, "probe.js")], { cwd: outdir });
    expect(JSON.parse(stdout)).toEqual({
      dirname: join(repoRoot, "server", "test", "fixtures"),
      filename: join(repoRoot, PROBE),
      url: pathToFileURL(join(outdir, "probe.js")).href,
    });
  });

  it("lists its inputs: our sources, the build script and the lockfile", () => {
    const { inputs } = JSON.parse(readFileSync(join(outdir, "build-inputs.json"), "utf8")) as { inputs: string[] };
    expect(inputs).toEqual([PROBE, "package-lock.json", "scripts/build-server.ts"].sort());
  });

  it("is fresh until an input is newer than the build or missing", () => {
    const record = join(outdir, "build-inputs.json");
    const original = readFileSync(record, "utf8");
    try {
      expect(serverBuildIsFresh(outdir)).toBe(true);
      // An input changed after the build: the record is older than it.
      utimesSync(record, new Date(0), new Date(0));
      expect(serverBuildIsFresh(outdir)).toBe(false);
      const now = new Date();
      utimesSync(record, now, now);
      expect(serverBuildIsFresh(outdir)).toBe(true);
      // An input that is gone (renamed or deleted since the build).
      writeFileSync(record, JSON.stringify({ inputs: [PROBE, "server/no-such-file.ts"] }));
      expect(serverBuildIsFresh(outdir)).toBe(false);
    } finally {
      writeFileSync(record, original);
    }
    expect(serverBuildIsFresh(join(outdir, "missing"))).toBe(false);
  });

  it("is stale when a source was saved while it was being built", async () => {
    const again = join(outdir, "again");
    const building = buildServer({ outdir: again, entries: { probe: PROBE } });
    // Saved after the build began (esbuild may or may not have read it yet).
    const saved = new Date(Date.now() + 2);
    utimesSync(join(repoRoot, PROBE), saved, saved);
    await building;
    expect(serverBuildIsFresh(again)).toBe(false);
  });
});
