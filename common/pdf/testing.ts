/**
 * Test helpers for the PDF suite (Node only): poppler wrappers, a tiny PNG
 * encoder for logo fixtures, and a binary-PGM reader/comparer for the golden image.
 * Not imported by the renderer.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

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

/** Page `page` rasterised in 8-bit gray by pdftoppm. */
export function rasterizeGray(pdf: Uint8Array, page: number, dpi: number): Gray {
  return withPdfFile(pdf, (path, dir) => {
    const prefix = join(dir, "page");
    execFileSync("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", path, prefix]);
    return parsePgm(readFileSync(`${prefix}.pgm`));
  });
}

/** Binary PGM (P5, maxval ≤ 255). */
export function parsePgm(data: Uint8Array): Gray {
  const header: string[] = [];
  let offset = 0;
  while (header.length < 4) {
    while (offset < data.length && /\s/.test(String.fromCharCode(data[offset] ?? 0))) offset++;
    if (data[offset] === 0x23) {
      while (offset < data.length && data[offset] !== 0x0a) offset++;
      continue;
    }
    let token = "";
    while (offset < data.length && !/\s/.test(String.fromCharCode(data[offset] ?? 0))) token += String.fromCharCode(data[offset++] ?? 0);
    header.push(token);
  }
  offset++; // the single whitespace after maxval
  const [magic, width, height, maxval] = header;
  if (magic !== "P5" || Number(maxval) > 255) throw new Error(`not an 8-bit binary PGM: ${header.join(" ")}`);
  const w = Number(width);
  const h = Number(height);
  return { width: w, height: h, pixels: data.slice(offset, offset + w * h) };
}

export function encodePgm(image: Gray): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.pixels.length);
  out.set(header);
  out.set(image.pixels, header.length);
  return out;
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

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An RGBA PNG from a pixel function (filter 0, zlib); enough for logo fixtures. */
export function makePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type: string, data: Uint8Array): Uint8Array => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", new Uint8Array(deflateSync(raw))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
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
