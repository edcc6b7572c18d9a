/**
 * Server-side assets for renderInvoicePdf: DejaVu Sans regular + bold from the
 * dejavu-fonts-ttf package, HarfBuzz's subsetter wasm (harfbuzzjs; the browser
 * loads the same file), and a logo fetcher that can never hold up a render.
 */
import { lookup } from "node:dns/promises";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { isIP } from "node:net";
import type { PdfAssets, PdfLogo } from "./render-invoice.ts";

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
   * Allow hosts that are or resolve to loopback, private, link-local or otherwise
   * non-public addresses (default false: a logo URL typed by a user must not make
   * the server probe its own network, e.g. http://169.254.169.254/).
   */
  allowPrivateNetwork?: boolean;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
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

/** Loopback, private, link-local, CGNAT, multicast, unspecified and similar non-public addresses. */
export function isNonPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").toLowerCase();
  const version = isIP(ip);
  if (version === 4) {
    const [a = 0, b = 0] = ip.split(".").map(Number);
    return (
      a === 0 || a === 10 || a === 127 || a >= 224 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19))
    );
  }
  if (version === 6) {
    if (ip === "::" || ip === "::1") return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
    if (mapped?.[1]) return isNonPublicAddress(mapped[1]);
    return /^(fc|fd|fe[89ab]|ff)/.test(ip) || ip.startsWith("64:ff9b:") || ip.startsWith("2001:db8:");
  }
  return true;
}

async function isAllowedHost(url: URL): Promise<boolean> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return !isNonPublicAddress(host);
  if (host === "localhost" || host.endsWith(".localhost")) return false;
  const addresses = await lookup(host, { all: true });
  return addresses.length > 0 && addresses.every((entry) => !isNonPublicAddress(entry.address));
}

/**
 * Downloads a logo for the PDF, or null on ANY failure: bad URL, non-http(s)
 * scheme, a host on a non-public network (unless allowed), network error,
 * non-2xx, more than 3 redirects, timeout (`timeoutMs` covers everything: DNS,
 * redirects and the body), too large, or not a PNG/JPEG by its magic bytes.
 * Never throws, never waits longer than `timeoutMs`.
 */
export async function fetchLogo(url: string, timeoutMs = 1500, options: FetchLogoOptions = {}): Promise<PdfLogo | null> {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const doFetch = options.fetch ?? globalThis.fetch;
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
      if (!options.allowPrivateNetwork && !(await isAllowedHost(target))) return null;
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
