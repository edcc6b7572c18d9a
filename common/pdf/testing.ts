/**
 * Test helpers for the PDF suite (Node only): poppler wrappers, PNG fixtures and
 * the gray-image comparison behind the golden-image check (PNG via pngjs).
 * Not imported by the renderer.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";

export function hasPoppler(): boolean {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    execFileSync("pdftoppm", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` with the PDF written to a fresh temp dir, removed afterwards. */
export function withPdfFile<T>(pdf: Uint8Array, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "invobi-pdf-"));
  try {
    const path = join(dir, "invoice.pdf");
    writeFileSync(path, pdf);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pdftotext -layout` of every page; pages separated by form feeds. */
export function pdfText(pdf: Uint8Array): string {
  return withPdfFile(pdf, (path) => execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"], { encoding: "utf8" }));
}

export function pdfPages(pdf: Uint8Array): string[] {
  return pdfText(pdf).split("\f").slice(0, -1);
}

export function pdfInfo(pdf: Uint8Array, args: string[] = []): Record<string, string> {
  const out = withPdfFile(pdf, (path) => execFileSync("pdfinfo", [...args, path], { encoding: "utf8" }));
  const info: Record<string, string> = {};
  for (const line of out.split("\n")) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match?.[1]) info[match[1].trim()] = (match[2] ?? "").trim();
  }
  return info;
}

/** Fonts as `pdffonts` lists them: name, type, embedded, subset. */
export function pdfFonts(pdf: Uint8Array): string {
  return withPdfFile(pdf, (path) => execFileSync("pdffonts", [path], { encoding: "utf8" }));
}

export interface Gray {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Page `page` rasterised in 8-bit gray by pdftoppm, as the PNG it wrote. */
export function rasterizePng(pdf: Uint8Array, page: number, dpi: number): Uint8Array {
  return withPdfFile(pdf, (path, dir) => {
    const prefix = join(dir, "page");
    execFileSync("pdftoppm", ["-png", "-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", path, prefix]);
    return new Uint8Array(readFileSync(`${prefix}.png`));
  });
}

/** A PNG decoded to one gray level per pixel (the red channel: the images are gray). */
export function decodeGray(png: Uint8Array): Gray {
  const image = PNG.sync.read(Buffer.from(png));
  const pixels = new Uint8Array(image.width * image.height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = image.data[i * 4] ?? 0;
  return { width: image.width, height: image.height, pixels };
}

export interface ImageDiff {
  /** Pixels whose gray level differs by more than the threshold. */
  differing: number;
  /** differing / all pixels. */
  ratio: number;
  /** Mean absolute difference, 0–255. */
  mean: number;
}

export function compareGray(a: Gray, b: Gray, threshold = 48): ImageDiff {
  if (a.width !== b.width || a.height !== b.height) {
    return { differing: Number.POSITIVE_INFINITY, ratio: 1, mean: 255 };
  }
  let differing = 0;
  let sum = 0;
  for (let i = 0; i < a.pixels.length; i++) {
    const delta = Math.abs((a.pixels[i] ?? 0) - (b.pixels[i] ?? 0));
    sum += delta;
    if (delta > threshold) differing++;
  }
  return { differing, ratio: differing / a.pixels.length, mean: sum / a.pixels.length };
}

/** An RGBA PNG from a pixel function; enough for logo fixtures. */
export function makePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set(pixel(x, y), (y * width + x) * 4);
  }
  return new Uint8Array(PNG.sync.write(png));
}

/** A 240×72 logo: an accent disc with a ring and a word-mark bar, on transparency. */
export function sampleLogo(): Uint8Array {
  return makePng(240, 72, (x, y) => {
    const dx = x - 36;
    const dy = y - 36;
    const r = Math.sqrt(dx * dx + dy * dy);
    if (r < 30 && r > 22) return [31, 95, 107, 255];
    if (r <= 14) return [232, 142, 60, 255];
    if (x >= 80 && x < 228 && y >= 22 && y < 36) return [28, 33, 41, 255];
    if (x >= 80 && x < 180 && y >= 44 && y < 52) return [112, 121, 135, 255];
    return [255, 255, 255, 0];
  });
}
