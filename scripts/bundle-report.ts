/**
 * The SPA's size budget, measured from the build's manifest (dist/client/.vite/manifest.json).
 *
 * "Initial JS" is what a first visit must download before anything renders: the
 * entry chunk and every chunk it imports statically (transitively) — the ones the
 * HTML modulepreloads. Route screens, jsPDF and the fonts are dynamic imports and
 * load on first use. Sizes are gzip level 9 of the emitted files.
 *
 * `npm run build` prints the report (and a warning over the budget; `npm start` must
 * not fail for it); `--check` exits 1 over the budget. e2e/bundle.test.ts enforces it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const INITIAL_JS_BUDGET_BYTES = 150 * 1024;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}

export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  initial: FileSize[];
  initialJsGzipBytes: number;
  initialJsBytes: number;
  initialCss: FileSize[];
  lazy: FileSize[];
}

export function measureBundle(distDir: string): BundleReport {
  const manifest = JSON.parse(readFileSync(join(distDir, ".vite", "manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  const size = (file: string): FileSize => {
    const bytes = readFileSync(join(distDir, file));
    return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  };
  const initialKeys = new Set<string>();
  const visit = (key: string) => {
    if (initialKeys.has(key)) return;
    initialKeys.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

  const initialChunks = [...initialKeys].map((key) => manifest[key]!);
  const initial = initialChunks.filter((chunk) => chunk.file.endsWith(".js")).map((chunk) => size(chunk.file));
  const initialCss = [...new Set(initialChunks.flatMap((chunk) => chunk.css ?? []))].map(size);
  const initialFiles = new Set(initial.map((entry) => entry.file));
  const lazy = [
    ...new Set(
      Object.values(manifest)
        .map((chunk) => chunk.file)
        .filter((file) => file.endsWith(".js") && !initialFiles.has(file)),
    ),
  ].map(size);
  return {
    initial,
    initialJsBytes: initial.reduce((sum, entry) => sum + entry.bytes, 0),
    initialJsGzipBytes: initial.reduce((sum, entry) => sum + entry.gzipBytes, 0),
    initialCss,
    lazy: lazy.sort((a, b) => b.gzipBytes - a.gzipBytes),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatBundleReport(report: BundleReport): string {
  const row = (entry: FileSize) => `  ${entry.file.padEnd(48)} ${kb(entry.bytes).padStart(10)} ${kb(entry.gzipBytes).padStart(10)} gzip`;
  return [
    "Initial (entry + static imports):",
    ...report.initial.map(row),
    ...report.initialCss.map(row),
    `  initial JS: ${kb(report.initialJsBytes)}, ${kb(report.initialJsGzipBytes)} gzip (budget ${kb(INITIAL_JS_BUDGET_BYTES)} gzip)`,
    "Loaded on first use:",
    ...report.lazy.map(row),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = measureBundle(join(import.meta.dirname, "..", "dist", "client"));
  console.log(formatBundleReport(report));
  if (report.initialJsGzipBytes > INITIAL_JS_BUDGET_BYTES) {
    console.warn(`Initial JS is ${kb(report.initialJsGzipBytes)} gzip, over the ${kb(INITIAL_JS_BUDGET_BYTES)} budget.`);
    if (process.argv.includes("--check")) process.exit(1);
  }
}
