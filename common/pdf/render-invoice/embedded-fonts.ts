/** The two DejaVu fonts as the PDF embeds them: subset to the characters printed, named with a subset tag. */
import { createSubsetter } from "../fonts.ts";
import { hash128 } from "./metadata.ts";
import type { PdfAssets } from "./types.ts";

export interface FontNames {
  normal: string;
  bold: string;
}

/** Six capital letters naming a subset: a hash of the style and the characters it holds. */
export function subsetTag(style: string, used: ReadonlySet<number>): string {
  const hex = hash128(`${style}:${[...used].sort((a, b) => a - b).join(",")}`);
  return [...hex.slice(0, 6)].map((digit) => String.fromCharCode(65 + parseInt(digit, 16))).join("");
}

export async function subsetFonts(assets: PdfAssets, used: ReadonlySet<number>): Promise<[Uint8Array, Uint8Array]> {
  if (!assets.subsetter) return [assets.fontRegular, assets.fontBold];
  const subsetter = await createSubsetter(assets.subsetter);
  const codes = [...used].sort((a, b) => a - b);
  return [subsetter.subset(assets.fontRegular, codes), subsetter.subset(assets.fontBold, codes)];
}

export function binaryString(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}
