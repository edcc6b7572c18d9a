/** Deterministic PDF metadata: creation date and file ID from the invoice alone, document-info strings. */
import type { InvoiceDocument } from "../../invoice/types.ts";

/** PDF date "D:YYYYMMDDHHmmSS+00'00'" from updatedAt (else issuedAt), in UTC. */
export function creationDateOf(invoice: Pick<InvoiceDocument, "updatedAt" | "issuedAt">): string {
  const candidates = [invoice.updatedAt, invoice.issuedAt];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const text = /^\d{4}-\d{2}-\d{2}$/.test(candidate) ? `${candidate}T00:00:00Z` : candidate;
    const time = Date.parse(text);
    if (Number.isNaN(time)) continue;
    const at = new Date(time);
    // jsPDF accepts years 1970–2037 only.
    const year = Math.min(2037, Math.max(1970, at.getUTCFullYear()));
    const two = (n: number): string => String(n).padStart(2, "0");
    return `D:${year}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}+00'00'`;
  }
  return "D:19700101000000+00'00'";
}

/** The PDF file identifier: 128 bits hashed from the invoice id and number (no crypto API needed). */
export function fileIdOf(invoice: Pick<InvoiceDocument, "id" | "number">): string {
  return hash128(`invobi\u0000${invoice.id ?? ""}\u0000${invoice.number}`);
}

/** cyrb128-style 4×32-bit hash of the UTF-8 bytes, as 32 upper-case hex digits. Not cryptographic. */
export function hash128(text: string): string {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (const byte of new TextEncoder().encode(text)) {
    h1 = h2 ^ Math.imul(h1 ^ byte, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ byte, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ byte, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ byte, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, "0")).join("").toUpperCase();
}

/**
 * A document-info string jsPDF writes verbatim: Latin-1 as is, anything else as
 * UTF-16BE with a byte-order mark (PDF 1.7 §7.9.2.2), so "Łukasz" survives.
 */
export function pdfInfoString(text: string): string {
  if (/^[\u0020-\u00ff]*$/.test(text)) return text;
  let out = "\u00fe\u00ff";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out += String.fromCharCode(unit >> 8, unit & 0xff);
  }
  return out;
}
