/** What the renderer is given besides the invoice: fonts, subsetter and logo, and the options. */
import type { SubsetterWasm } from "../fonts.ts";

export interface PdfLogo {
  bytes: Uint8Array;
  type: "png" | "jpeg";
}

export interface PdfAssets {
  /** DejaVuSans.ttf (or any TrueType font with the scripts the invoice uses). */
  fontRegular: Uint8Array;
  /** DejaVuSans-Bold.ttf. */
  fontBold: Uint8Array;
  /**
   * harfbuzz-subset.wasm (bytes or a compiled module). With it, each font is cut
   * down to the characters the invoice prints (~10 KB instead of ~55 KB per font
   * after jsPDF's own glyph stripping). Without it the output is still correct,
   * only bigger; Node and browser agree byte for byte as long as both pass it or
   * both leave it out.
   */
  subsetter?: SubsetterWasm | null;
  logo?: PdfLogo | null;
}

export interface RenderOptions {
  /** Accent colour as "#RRGGBB". */
  accentColor?: string;
  /** Paper size; default: US Letter for locales of the Americas that use it, else A4. */
  pageSize?: "a4" | "letter";
}
