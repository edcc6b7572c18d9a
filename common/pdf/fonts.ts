/**
 * Font helpers for the PDF renderer that run the same in Node and in the browser:
 *
 * - {@link fontCoverage} reads a TrueType font's cmap (formats 4 and 12) so the
 *   renderer can swap characters the font lacks for ones it has (￥ → ¥).
 * - {@link createSubsetter} drives HarfBuzz's subsetter, compiled to WebAssembly
 *   (harfbuzzjs/dist/harfbuzz-subset.wasm, the engine behind the subset-font
 *   package). The wasm module imports nothing, so the caller loads its bytes the
 *   way it loads the fonts (fs on the server, fetch of a Vite asset in the SPA)
 *   and the same bytes run in both places. WebAssembly integer code is
 *   deterministic, so equal inputs give byte-identical subsets everywhere.
 *   subset-font itself is Node-only (fs.readFile, Buffer), hence this thin wrapper
 *   over the same C API calls.
 */

/** A compiled subsetter, or the bytes of harfbuzz-subset.wasm. */
export type SubsetterWasm = Uint8Array | ArrayBuffer | WebAssembly.Module;

export interface FontSubsetter {
  /** A TrueType font holding just the glyphs for `codePoints` (plus .notdef and composite parts). */
  subset(font: Uint8Array, codePoints: Iterable<number>): Uint8Array;
}

interface HarfbuzzSubsetExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
/**
 * jsPDF neither shapes nor kerns, and re-encodes only glyf/loca/cmap/hmtx/hhea/
 * maxp/post/name/head/OS-2 from the font it is given: everything else is ballast.
 */
const DROPPED_TABLES = ["GSUB", "GPOS", "GDEF", "kern", "hdmx", "VDMX", "LTSH", "fpgm", "prep", "cvt ", "gasp", "FFTM", "DSIG", "MATH"];

function tag(text: string): number {
  let value = 0;
  for (let i = 0; i < 4; i++) value = value * 256 + text.charCodeAt(i);
  return value;
}

const subsetters = new WeakMap<object, Promise<FontSubsetter>>();

/**
 * The subsetter for these wasm bytes (or module), instantiated once and reused:
 * subset() is synchronous, so calls never interleave, and every call frees what
 * it allocated. HarfBuzz's output depends only on the font and the code points,
 * never on where in wasm memory they sit.
 */
export function createSubsetter(wasm: SubsetterWasm): Promise<FontSubsetter> {
  let subsetter = subsetters.get(wasm);
  if (subsetter === undefined) {
    subsetter = instantiateSubsetter(wasm);
    subsetters.set(wasm, subsetter);
    subsetter.catch(() => subsetters.delete(wasm));
  }
  return subsetter;
}

async function instantiateSubsetter(wasm: SubsetterWasm): Promise<FontSubsetter> {
  // Copy into a fresh ArrayBuffer: a Node Buffer may be a view into a shared pool.
  const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm instanceof Uint8Array ? wasm.slice() : new Uint8Array(wasm.slice(0)));
  const instance = await WebAssembly.instantiate(module, {});
  const hb = instance.exports as unknown as HarfbuzzSubsetExports;
  hb._initialize();
  const heap = (): Uint8Array => new Uint8Array(hb.memory.buffer);

  return {
    subset(font, codePoints) {
      const input = hb.hb_subset_input_create_or_fail();
      if (input === 0) throw new Error("harfbuzz: hb_subset_input_create_or_fail failed");
      const fontPointer = hb.malloc(font.byteLength);
      heap().set(font, fontPointer);
      const blob = hb.hb_blob_create(fontPointer, font.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
      const face = hb.hb_face_create(blob, 0);
      hb.hb_blob_destroy(blob);
      try {
        // No layout features: no glyph closure over ligatures/alternates nobody draws.
        hb.hb_set_clear(hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
        const dropTables = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
        for (const name of DROPPED_TABLES) hb.hb_set_add(dropTables, tag(name));
        hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_HINTING);
        const unicodes = hb.hb_subset_input_unicode_set(input);
        for (const codePoint of codePoints) hb.hb_set_add(unicodes, codePoint);

        const subsetFace = hb.hb_subset_or_fail(face, input);
        if (subsetFace === 0) throw new Error("harfbuzz: hb_subset_or_fail failed (corrupt font?)");
        const result = hb.hb_face_reference_blob(subsetFace);
        const offset = hb.hb_blob_get_data(result, 0);
        const length = hb.hb_blob_get_length(result);
        const bytes = heap().slice(offset, offset + length);
        hb.hb_blob_destroy(result);
        hb.hb_face_destroy(subsetFace);
        if (length === 0) throw new Error("harfbuzz: empty subset (corrupt font?)");
        return bytes;
      } finally {
        hb.hb_subset_input_destroy(input);
        hb.hb_face_destroy(face);
        hb.free(fontPointer);
      }
    },
  };
}

const coverageCache = new WeakMap<Uint8Array, ReadonlySet<number>>();

/** Every code point the font's Unicode cmap subtables map to a glyph. */
export function fontCoverage(font: Uint8Array): ReadonlySet<number> {
  const cached = coverageCache.get(font);
  if (cached) return cached;
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = view.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16;
    if (view.getUint32(record) === tag("cmap")) cmap = view.getUint32(record + 8);
  }
  if (cmap < 0) throw new Error("font has no cmap table");
  const covered = new Set<number>();
  const subtables = view.getUint16(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const platform = view.getUint16(cmap + 4 + i * 8);
    const encoding = view.getUint16(cmap + 6 + i * 8);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const start = cmap + view.getUint32(cmap + 8 + i * 8);
    const format = view.getUint16(start);
    if (format === 4) readFormat4(view, start, covered);
    else if (format === 12) readFormat12(view, start, covered);
  }
  coverageCache.set(font, covered);
  return covered;
}

function readFormat4(view: DataView, start: number, into: Set<number>): void {
  const segCountX2 = view.getUint16(start + 6);
  const ends = start + 14;
  const starts = ends + segCountX2 + 2;
  const deltas = starts + segCountX2;
  const rangeOffsets = deltas + segCountX2;
  for (let segment = 0; segment < segCountX2 / 2; segment++) {
    const end = view.getUint16(ends + segment * 2);
    const first = view.getUint16(starts + segment * 2);
    const delta = view.getUint16(deltas + segment * 2);
    const rangeOffsetAt = rangeOffsets + segment * 2;
    const rangeOffset = view.getUint16(rangeOffsetAt);
    for (let code = first; code <= end && code !== 0xffff; code++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (code + delta) & 0xffff;
      else {
        const glyphAt = rangeOffsetAt + rangeOffset + (code - first) * 2;
        glyph = view.getUint16(glyphAt);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) into.add(code);
    }
  }
}

function readFormat12(view: DataView, start: number, into: Set<number>): void {
  const groups = view.getUint32(start + 12);
  for (let group = 0; group < groups; group++) {
    const record = start + 16 + group * 12;
    const first = view.getUint32(record);
    const last = view.getUint32(record + 4);
    const glyph = view.getUint32(record + 8);
    for (let code = first; code <= last; code++) if (glyph + (code - first) !== 0) into.add(code);
  }
}

/** Look-alikes for characters Intl emits that common fonts (DejaVu Sans among them) lack. */
const SUBSTITUTES: ReadonlyMap<number, string> = new Map([
  [0xffe5, "\u00a5"], // fullwidth yen (ja-JP JPY) → ¥
  [0xffe0, "\u00a2"], // fullwidth cent → ¢
  [0xffe1, "\u00a3"], // fullwidth pound → £
  [0xffe6, "\u20a9"], // fullwidth won → ₩
  [0xffe3, "\u00af"], // fullwidth macron
  [0x3000, " "], // ideographic space
  [0x2009, " "], // thin space
]);

/**
 * `text` with every character the font cannot draw replaced by a look-alike it can
 * (fullwidth forms → their ASCII/Latin-1 twins), else by `fallback` (default
 * U+FFFD �, so the reader sees that something could not be printed; jsPDF
 * would otherwise draw nothing at all).
 */
export function substituteMissing(text: string, covered: ReadonlySet<number>, fallback = "\ufffd"): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (covered.has(code) || code < 0x20) {
      out += char;
      continue;
    }
    out += lookAlike(code, covered) ?? fallback;
  }
  return out;
}

function lookAlike(code: number, covered: ReadonlySet<number>): string | null {
  let replacement = SUBSTITUTES.get(code);
  if (replacement === undefined && code >= 0xff01 && code <= 0xff5e) replacement = String.fromCharCode(code - 0xfee0);
  return replacement !== undefined && [...replacement].every((c) => covered.has(c.codePointAt(0) ?? 0)) ? replacement : null;
}

/**
 * A formatted amount the font can print: look-alikes first, then any remaining
 * run of unprintable characters (a currency sign the font lacks, e.g. ₼ or ₾)
 * becomes the ISO code: "4,75 ₼" → "4,75 AZN".
 */
export function printableMoney(text: string, currency: string, covered: ReadonlySet<number>): string {
  const marked = substituteMissing(text, covered, "\u0000");
  if (!marked.includes("\u0000")) return marked;
  return marked.replace(/\u0000+/g, (_run, offset: number, whole: string) => {
    const before = /\d/.test(whole.charAt(offset - 1)) ? "\u00a0" : "";
    const after = /\d/.test(whole.charAt(offset + _run.length)) ? "\u00a0" : "";
    return before + currency + after;
  });
}
