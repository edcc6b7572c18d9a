/**
 * A customer's logo URL is user input: the server fetches it for the PDF only through the
 * SSRF guard (server/net/guarded-fetch.ts), so no spelling of a loopback address reaches a
 * listener on this machine. The guard's own cases are in guarded-fetch.test.ts.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchLogo } from "../../../common/pdf/assets.node.ts";
import { sampleLogo } from "../../../common/pdf/testing.ts";
import { fetchInvoiceLogo } from "./invoice-pdf.ts";

describe("the server's logo fetch for PDFs", () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((_request, response) => response.writeHead(200, { "content-type": "image/png" }).end(sampleLogo()));
    server.on("connection", () => connections++);
    // "::" answers IPv4 and IPv6 loopback alike, so every spelling below would reach it unguarded.
    await new Promise<void>((done) => server.listen(0, "::", done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("never reaches a loopback listener, whatever the spelling", async () => {
    // Control: the same listener serves the logo to an unguarded fetch.
    expect((await fetchLogo(`http://127.0.0.1:${port}/logo.png`, 2_000, { fetch: globalThis.fetch }))?.type).toBe("png");
    connections = 0;
    for (const host of ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "2130706433", "0x7f.1", "127.1"]) {
      expect(await fetchInvoiceLogo(`http://${host}:${port}/logo.png`), host).toBeNull();
    }
    expect(connections).toBe(0);
  });

  it("refuses the cloud metadata address without waiting for it", async () => {
    expect(await fetchInvoiceLogo("http://169.254.169.254/latest/meta-data/")).toBeNull();
  });
});
