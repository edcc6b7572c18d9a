import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchLogo as fetchAnyLogo, loadPdfAssets, sniffImageType } from "./assets.node.ts";
import { sampleLogo } from "./testing.ts";

const png = sampleLogo();
/** The download and checks alone (the server's SSRF guard is tested with the server's logo fetch). */
const fetchLogo = (url: string, timeoutMs: number) => fetchAnyLogo(url, timeoutMs, { fetch: globalThis.fetch });
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

describe("loadPdfAssets", () => {
  it("reads DejaVu Sans regular + bold and the HarfBuzz subsetter once", async () => {
    const assets = await loadPdfAssets();
    expect(assets.fontRegular.byteLength).toBeGreaterThan(500_000);
    expect(assets.fontBold.byteLength).toBeGreaterThan(500_000);
    expect([...assets.fontRegular.subarray(0, 4)]).toEqual([0, 1, 0, 0]);
    expect(assets.subsetter && "byteLength" in assets.subsetter ? [...new Uint8Array(assets.subsetter).subarray(0, 4)] : []).toEqual([0, 0x61, 0x73, 0x6d]);
    expect(await loadPdfAssets()).toBe(assets);
  });
});

describe("fetchLogo", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((request, response) => {
      switch (request.url) {
        case "/logo.png":
          response.writeHead(200, { "content-type": "image/png" }).end(png);
          return;
        case "/redirect":
          response.writeHead(302, { location: "/logo.png" }).end();
          return;
        case "/loop":
          response.writeHead(302, { location: "/loop" }).end();
          return;
        case "/logo.jpg":
          response.writeHead(200, { "content-type": "image/jpeg" }).end(jpeg);
          return;
        case "/lying.png":
          response.writeHead(200, { "content-type": "image/png" }).end("<svg xmlns='http://www.w3.org/2000/svg'/>");
          return;
        case "/big.png": {
          response.writeHead(200, { "content-type": "image/png" });
          response.write(png);
          response.end(new Uint8Array(2 * 1024 * 1024));
          return;
        }
        case "/slow.png":
          setTimeout(() => response.writeHead(200, { "content-type": "image/png" }).end(png), 3000).unref();
          return;
        case "/trickle.png":
          response.writeHead(200, { "content-type": "image/png" });
          response.write(png.subarray(0, 10));
          setTimeout(() => response.end(png.subarray(10)), 3000).unref();
          return;
        default:
          response.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  });

  it("returns PNG and JPEG logos, typed by their magic bytes", async () => {
    expect(await fetchLogo(`${base}/logo.png`, 2000)).toEqual({ bytes: png, type: "png" });
    expect((await fetchLogo(`${base}/logo.jpg`, 2000))?.type).toBe("jpeg");
  });

  it("follows a few redirects, not endlessly", async () => {
    expect((await fetchLogo(`${base}/redirect`, 2000))?.type).toBe("png");
    expect(await fetchLogo(`${base}/loop`, 2000)).toBeNull();
  });

  it.each([
    ["a 404", "/missing.png"],
    ["a non-image served as image/png", "/lying.png"],
    ["a logo over the size cap", "/big.png"],
  ])("returns null for %s", async (_name, path) => {
    expect(await fetchLogo(`${base}${path}`, 2000)).toBeNull();
  });

  it.each([["a slow server", "/slow.png"], ["a body that trickles in", "/trickle.png"]])("gives up on %s within the timeout", async (_name, path) => {
    const started = performance.now();
    expect(await fetchLogo(`${base}${path}`, 200)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each(["not a url", "file:///etc/passwd", "data:image/png;base64,iVBORw0KGgo=", "ftp://127.0.0.1/x.png"])("refuses %s", async (url) => {
    expect(await fetchLogo(url, 200)).toBeNull();
  });

  it("returns null when the connection is refused", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    expect(await fetchLogo(`http://127.0.0.1:${port}/logo.png`, 1000)).toBeNull();
  });

  it("sniffs only PNG and JPEG", () => {
    expect(sniffImageType(png)).toBe("png");
    expect(sniffImageType(jpeg)).toBe("jpeg");
    expect(sniffImageType(new TextEncoder().encode("GIF89a"))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});
