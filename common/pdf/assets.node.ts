/**
 * Server-side assets for renderInvoicePdf: DejaVu Sans regular + bold from the
 * dejavu-fonts-ttf package, HarfBuzz's subsetter wasm (harfbuzzjs; the browser
 * loads the same file), and a logo fetcher that can never hold up a render.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { PdfAssets, PdfLogo } from "./render-invoice/render-invoice.ts";

const require = createRequire(import.meta.url);

export interface PdfFiles {
  fontRegular: string;
  fontBold: string;
  subsetterWasm: string;
}

/** Absolute paths of the font files and the subsetter wasm as installed. */
export function pdfAssetPaths(): PdfFiles {
  return {
    fontRegular: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
    fontBold: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
    subsetterWasm: require.resolve("harfbuzzjs/dist/harfbuzz-subset.wasm"),
  };
}

let cached: Promise<Omit<PdfAssets, "logo">> | undefined;

/** The fonts and subsetter, read once per process. */
export function loadPdfAssets(): Promise<Omit<PdfAssets, "logo">> {
  cached ??= (async () => {
    const paths = pdfAssetPaths();
    const [fontRegular, fontBold, subsetter] = await Promise.all([
      readFile(paths.fontRegular),
      readFile(paths.fontBold),
      readFile(paths.subsetterWasm),
    ]);
    return { fontRegular: bytes(fontRegular), fontBold: bytes(fontBold), subsetter: bytes(subsetter) };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

function bytes(buffer: Buffer): Uint8Array {
  // A plain Uint8Array over its own memory: Buffers may share a pooled ArrayBuffer.
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}

export interface FetchLogoOptions {
  /** Largest logo accepted, in bytes (default 1 MiB). */
  maxBytes?: number;
  /**
   * The network policy. A logo URL is typed by a user, so the server passes its SSRF
   * guard (server/net/guarded-fetch.ts: every hop resolved once, checked and pinned);
   * this module only downloads and checks the image.
   */
  fetch: typeof fetch;
}

const MAX_REDIRECTS = 3;

/** What the image's first bytes say it is: only PNG and JPEG are embedded. */
export function sniffImageType(data: Uint8Array): PdfLogo["type"] | null {
  if (data.length >= 8 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47 && data[4] === 0x0d && data[5] === 0x0a && data[6] === 0x1a && data[7] === 0x0a) {
    return "png";
  }
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "jpeg";
  return null;
}

/**
 * Downloads a logo for the PDF, or null on ANY failure: bad URL, non-http(s)
 * scheme, a host `options.fetch` refuses (on the server: non-public networks), network error,
 * non-2xx, more than 3 redirects, timeout (`timeoutMs` covers everything: DNS,
 * redirects and the body), too large, or not a PNG/JPEG by its magic bytes.
 * Never throws, never waits longer than `timeoutMs`.
 */
export async function fetchLogo(url: string, timeoutMs: number, options: FetchLogoOptions): Promise<PdfLogo | null> {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const doFetch = options.fetch;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(null);
    }, Math.max(0, timeoutMs));
  });

  const download = async (): Promise<PdfLogo | null> => {
    let target = new URL(url);
    let response: Response | undefined;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (target.protocol !== "https:" && target.protocol !== "http:") return null;
      response = await doFetch(target, {
        signal: controller.signal,
        redirect: "manual",
        headers: { accept: "image/png, image/jpeg;q=0.9" },
      });
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) break;
      await response.body?.cancel().catch(() => {});
      response = undefined;
      target = new URL(location, target);
    }
    if (!response?.ok || !response.body) {
      await response?.body?.cancel().catch(() => {});
      return null;
    }
    const declared = Number(response.headers.get("content-length") ?? "NaN");
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body.cancel().catch(() => {});
      return null;
    }
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
    const data = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      data.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const type = sniffImageType(data);
    return type ? { bytes: data, type } : null;
  };

  try {
    return await Promise.race([download().catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
