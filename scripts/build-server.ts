/**
 * Builds the server and the CLI into dist/server/ with esbuild, so production (and the
 * tests that start real processes) run plain `node dist/server/main.js` instead of
 * compiling TypeScript through tsx at every start.
 *
 * - Our code (server/, common/, the generated Prisma clients) and the pure-JavaScript
 *   packages are bundled into one file per entry: loading ~900 separate modules
 *   (graphql-yoga, Pothos, openai, zod, …) was most of the start-up time. Packages
 *   that load files, wasm, native code or worker scripts from their own directory
 *   stay external imports, resolved from node_modules at run time (EXTERNAL_PACKAGES).
 * - `import.meta.dirname` / `filename` keep meaning "this source file": a bundled
 *   module that finds repository files relative to its source (prisma/migrations,
 *   dist/client) still finds them, as under tsx. `import.meta.url` stays the running
 *   file's URL: packages resolve from it, and the PDF pool finds its worker next to the
 *   bundle with it (server/modules/invoices/invoice-pdf.ts).
 * - The PDF worker is its own entry (dist/server/invoice-pdf.worker.js), loaded by file
 *   name from a worker thread.
 * - Files are replaced atomically (write, then rename), so a process starting while a
 *   build runs loads either the old or the new file, never half of one.
 * - dist/server/build-inputs.json (written last, dated when the build began) lists every
 *   source file of ours that went in, plus this script and package-lock.json:
 *   serverBuildIsFresh() (scripts/server-build-fresh.mjs) compares their times with it.
 *
 * `npm run build:server` (part of `npm run build`, so of `npm start`); bin/invobi.js and
 * the vitest global setup (server/test/global-setup.ts) build when the build is not fresh.
 */
import { mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { repoRoot as root, serverBuildDir } from "./server-build-fresh.mjs";

/** Output name (dist/server/<name>.js) → source. */
export const SERVER_ENTRIES: Record<string, string> = {
  main: "server/main.ts",
  cli: "server/cli.ts",
  "invoice-pdf.worker": "server/modules/invoices/invoice-pdf.worker.ts",
};

/**
 * Packages kept out of the bundle, and why: they find files next to their own code.
 * Everything else in node_modules is bundled.
 */
const EXTERNAL_PACKAGES = [
  "@prisma/*", // the generated clients' runtime loads the query-compiler wasm
  "prisma", // the migrate CLI, run as a child process
  "better-sqlite3", // native module
  "pg", // optional pg-native
  "pino", // transports run in worker threads by file name
  "piscina", // worker threads by file name
  "ioredis", // reads its package.json through __dirname
  "jspdf", // optional dynamic imports (html2canvas, dompurify, canvg)
  "jspdf-autotable",
  "harfbuzzjs", // wasm file
  "dejavu-fonts-ttf", // font files
];

/**
 * Rewrites import.meta.dirname/filename in each of our modules to its source file's
 * location, computed relative to the bundle's own URL (so a moved repository still works).
 */
function sourceLocatedImportMeta(outdir: string): Plugin {
  return {
    name: "source-located-import-meta",
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        if (args.path.includes("/node_modules/")) return undefined;
        const source = readFileSync(args.path, "utf8");
        if (!/import\.meta\.(dirname|filename)/.test(source)) return { contents: source, loader: "ts" };
        const file = `__sourceFileURLToPath(new URL(${JSON.stringify(relative(outdir, args.path))}, import.meta.url))`;
        const contents =
          // Prepended imports are hoisted like any other import.
          `import { fileURLToPath as __sourceFileURLToPath } from "node:url";\n` +
          `import { dirname as __sourceDirname } from "node:path";\n` +
          source.replaceAll("import.meta.filename", file).replaceAll("import.meta.dirname", `__sourceDirname(${file})`);
        return { contents, loader: "ts" };
      });
    },
  };
}

/** Writes `contents` to `path` via a temporary file and a rename (atomic on one filesystem). */
function writeAtomically(path: string, contents: Uint8Array | string) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

export interface BuildServerOptions {
  /** Default dist/server. */
  outdir?: string;
  /** Output name → source path relative to the repository; default SERVER_ENTRIES. */
  entries?: Record<string, string>;
}

export async function buildServer(options: BuildServerOptions = {}): Promise<{ ms: number; outputs: string[] }> {
  const { outdir = serverBuildDir, entries = SERVER_ENTRIES } = options;
  const started = performance.now();
  const startedAt = new Date();
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, source]) => [name, join(root, source)])),
    outdir,
    bundle: true,
    external: EXTERNAL_PACKAGES,
    // Pure-ESM builds where packages ship both, so `graphql` is one copy.
    mainFields: ["module", "main"],
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    metafile: true,
    write: false,
    logLevel: "warning",
    // Bundled CommonJS packages call require() for Node built-ins.
    banner: { js: `import { createRequire as __bundleCreateRequire } from "node:module";\nconst require = __bundleCreateRequire(import.meta.url);` },
    plugins: [sourceLocatedImportMeta(outdir)],
  });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  const ours = Object.keys(result.metafile.inputs).filter((input) => !input.includes("node_modules/"));
  const inputs = [...ours, relative(root, fileURLToPath(import.meta.url)), "package-lock.json"].sort();
  const record = join(outdir, "build-inputs.json");
  writeAtomically(record, `${JSON.stringify({ inputs }, null, 2)}\n`);
  // Dated when the build began: a source saved while esbuild ran (perhaps read before the
  // save) is newer than the build, so the next run rebuilds.
  utimesSync(record, startedAt, startedAt);
  return { ms: Math.round(performance.now() - started), outputs: result.outputFiles.map((file) => relative(root, file.path)) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { ms, outputs } = await buildServer();
  console.log(`server build: ${outputs.filter((file) => file.endsWith(".js")).join(", ")} in ${ms} ms`);
}
