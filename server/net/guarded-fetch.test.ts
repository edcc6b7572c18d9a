/**
 * The SSRF guard against real listeners on this machine: every refused case is
 * proved by a listener that would have answered and saw no connection.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { OutboundError, OutboundRefusedError, createGuardedFetch, type OutboundPolicy, type Resolver } from "./guarded-fetch.ts";

interface Listener {
  port: number;
  origin: string;
  /** TCP connections accepted. */
  connections: number;
  requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string; servername?: string | false | null }[];
  close(): Promise<void>;
}

const open: Server[] = [];

async function listen(handler: RequestListener = (_req, res) => res.end("hello"), host = "::", port = 0, server: Server = createServer()): Promise<Listener> {
  const listener: Listener = {
    port: 0,
    origin: "",
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on("connection", () => listener.connections++);
  server.on("request", (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      listener.requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        servername: (req.socket as TLSSocket).servername,
      });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  listener.port = (server.address() as AddressInfo).port;
  listener.origin = `http://${host === "::" ? "127.0.0.1" : host}:${listener.port}`;
  open.push(server);
  return listener;
}

afterEach(async () => {
  await Promise.all(
    open.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

const policy = (overrides: Partial<OutboundPolicy> = {}): OutboundPolicy => ({
  allowPrivate: false,
  timeoutMs: 10_000,
  maxResponseBytes: 1_000_000,
  ...overrides,
});

/** A resolver for made-up names (no real DNS): name → addresses. */
const resolverOf =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw new Error(`ENOTFOUND ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

async function refusal(promise: Promise<unknown>): Promise<OutboundRefusedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundRefusedError);
  return error as OutboundRefusedError;
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe("guardedFetch refuses what is not a public address", () => {
  it("loopback in every spelling, 0.0.0.0 and names resolving to loopback: the listener (on ::, reachable by all of them) sees no connection", async () => {
    const target = await listen();
    // Control: the listener does answer each of these addresses when nothing guards the request.
    expect(await (await fetch(`http://[::ffff:127.0.0.1]:${target.port}/`)).text()).toBe("hello");
    expect(await (await fetch(`http://0x7f.1:${target.port}/`)).text()).toBe("hello");
    target.connections = 0;
    target.requests.length = 0;

    const guarded = createGuardedFetch(policy());
    const cases: [string, string][] = [
      [`http://127.0.0.1:${target.port}/`, "is a loopback address (127.0.0.1)"],
      [`http://[::1]:${target.port}/`, "is a loopback address (::1)"],
      [`http://[::ffff:127.0.0.1]:${target.port}/`, "is a loopback address (127.0.0.1)"],
      [`http://[::ffff:7f00:1]:${target.port}/`, "is a loopback address (127.0.0.1)"],
      [`http://2130706433:${target.port}/`, "is a loopback address (127.0.0.1)"],
      [`http://0x7f.1:${target.port}/`, "is a loopback address (127.0.0.1)"],
      [`http://0x7f000001:${target.port}/`, "is a loopback address (127.0.0.1)"],
      [`http://017700000001:${target.port}/`, "is a loopback address (127.0.0.1)"],
      [`http://127.1:${target.port}/`, "is a loopback address (127.0.0.1)"],
      [`http://127.0.0.2:${target.port}/`, "is a loopback address (127.0.0.2)"],
      [`http://0.0.0.0:${target.port}/`, "is an unspecified address (0.0.0.0)"],
      [`http://[::]:${target.port}/`, "is an unspecified address (::)"],
      [`http://localhost:${target.port}/`, "resolves to a loopback address"],
      [`https://localhost:${target.port}/`, "resolves to a loopback address"],
    ];
    for (const [url, reason] of cases) {
      const error = await refusal(guarded(url));
      expect(error.reason, url).toContain(reason);
      expect(error.allowable, url).toBe(!reason.includes("unspecified"));
    }
    expect(target.connections).toBe(0);
    expect(target.requests).toEqual([]);
  });

  it("private, link-local (cloud metadata), unique-local, NAT64, IPv4-compatible, carrier-grade NAT, multicast, broadcast and reserved addresses", async () => {
    const guarded = createGuardedFetch(policy());
    const cases: [string, string, boolean][] = [
      ["http://10.0.0.5/", "is a private address (10.0.0.5)", true],
      ["http://172.16.0.1/", "is a private address (172.16.0.1)", true],
      ["http://172.31.255.254/", "is a private address (172.31.255.254)", true],
      ["http://192.168.1.1/", "is a private address (192.168.1.1)", true],
      ["http://100.64.0.1/", "is a carrier-grade NAT address (100.64.0.1)", true],
      ["http://169.254.169.254/latest/meta-data/", "is a link-local address (169.254.169.254)", false],
      ["http://[fc00::1]/", "is a unique-local address (fc00::1)", true],
      ["http://[fd12:3456::1]/", "is a unique-local address (fd12:3456::1)", true],
      ["http://[fe80::1]/", "is a link-local address (fe80::1)", false],
      ["http://[64:ff9b::7f00:1]/", "is a NAT64 address (64:ff9b::7f00:1)", false],
      ["http://[64:ff9b::a9fe:a9fe]/", "is a NAT64 address", false],
      ["http://[::7f00:1]/", "is an IPv4-compatible address (::7f00:1)", false],
      ["http://[::ffff:a00:5]/", "is a private address (10.0.0.5)", true],
      ["http://[::ffff:169.254.169.254]/", "is a link-local address (169.254.169.254)", false],
      ["http://[2002:7f00:1::]/", "is a 6to4 address", false],
      ["http://224.0.0.1/", "is a multicast address (224.0.0.1)", false],
      ["http://[ff02::1]/", "is a multicast address (ff02::1)", false],
      ["http://255.255.255.255/", "is a broadcast address (255.255.255.255)", false],
      ["http://192.0.2.1/", "is a reserved address (192.0.2.1)", false],
      ["http://[2001:db8::1]/", "is a reserved address (2001:db8::1)", false],
    ];
    for (const [url, reason, allowable] of cases) {
      const error = await refusal(guarded(url));
      expect(error.reason, url).toContain(reason);
      expect(error.allowable, url).toBe(allowable);
      expect(error.address, url).not.toBeNull();
    }
  });

  it("names that resolve to a private address — every address of the answer is checked", async () => {
    const resolve = resolverOf({
      "metadata.test": ["169.254.169.254"],
      "ten.test": ["10.0.0.5"],
      "mixed.test": ["93.184.215.14", "192.168.0.10"],
      "v6.test": ["2606:4700::1", "::1"],
    });
    const guarded = createGuardedFetch(policy({ resolve }));
    expect((await refusal(guarded("http://metadata.test/latest/meta-data/"))).reason).toBe("resolves to a link-local address (169.254.169.254)");
    expect((await refusal(guarded("http://ten.test/v1"))).reason).toBe("resolves to a private address (10.0.0.5)");
    expect((await refusal(guarded("http://mixed.test/"))).reason).toBe("resolves to a private address (192.168.0.10)");
    expect((await refusal(guarded("http://v6.test/"))).reason).toBe("resolves to a loopback address (::1)");
    expect((await failure(guarded("http://unknown.test/"))).code).toBe("UNRESOLVED");
  });

  it("only http and https", async () => {
    const guarded = createGuardedFetch(policy({ allowPrivate: true }));
    expect((await refusal(guarded("file:///etc/passwd"))).reason).toContain("only http: and https: are allowed");
    const target = await listen();
    const redirecting = await listen((_req, res) => res.writeHead(302, { location: "file:///etc/passwd" }).end());
    expect((await refusal(guarded(`${redirecting.origin}/`))).reason).toContain("only http: and https:");
    expect(target.connections).toBe(0);
  });
});

describe("allowPrivate (ALLOW_PRIVATE_LLM_URLS)", () => {
  it("reaches loopback, but still never 0.0.0.0, link-local, NAT64 or multicast", async () => {
    const target = await listen((req, res) => res.end(`you asked ${req.method} ${req.url}`));
    const guarded = createGuardedFetch(policy({ allowPrivate: true }));
    const res = await guarded(`http://localhost:${target.port}/v1/models?x=1`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("you asked POST /v1/models?x=1");
    expect(target.requests[0]).toMatchObject({ body: "{}", headers: { host: `localhost:${target.port}`, "content-type": "application/json" } });
    expect(await (await guarded(`http://[::1]:${target.port}/`)).text()).toBe("you asked GET /");
    const before = target.connections;
    for (const url of [`http://0.0.0.0:${target.port}/`, `http://[::]:${target.port}/`, "http://169.254.169.254/", "http://[64:ff9b::7f00:1]/", "http://224.0.0.1/"]) {
      expect((await refusal(guarded(url))).allowable, url).toBe(false);
    }
    expect(target.connections).toBe(before);
  });
});

describe("redirects: every hop is checked", () => {
  it("a trusted (public-looking) server that redirects to a loopback one: refused, the second listener never hears of it", async () => {
    const inner = await listen((_req, res) => res.end("secret"));
    const outer = await listen((req, res) => {
      const to = req.url === "/via-name" ? `http://localhost:${inner.port}/secret` : `http://127.0.0.1:${inner.port}/secret`;
      res.writeHead(302, { location: to }).end();
    }, "127.0.0.2");
    const outerOrigin = `http://127.0.0.2:${outer.port}`;
    const guarded = createGuardedFetch(policy({ trustedOrigins: [outerOrigin] }));
    const error = await refusal(guarded(`${outerOrigin}/`));
    expect(error.reason).toBe("redirects to a loopback address (127.0.0.1)");
    expect(error.url).toBe(`http://127.0.0.1:${inner.port}/secret`);
    expect((await refusal(guarded(`${outerOrigin}/via-name`))).reason).toBe("redirects to a loopback address (127.0.0.1)");
    expect(outer.requests.length).toBe(2);
    expect(inner.connections).toBe(0);
  });

  it("allowed hops are followed with fetch's rules: 302 turns POST into GET, 307 keeps it, credentials stay with their origin", async () => {
    const inner = await listen((req, res) => res.end(`${req.method} ${req.url}`));
    const outer = await listen((req, res) => {
      const status = req.url === "/307" ? 307 : 302;
      res.writeHead(status, { location: `http://127.0.0.1:${inner.port}/landed` }).end();
    }, "127.0.0.2");
    const guarded = createGuardedFetch(policy({ allowPrivate: true }));
    const init = { method: "POST", body: "payload", headers: { authorization: "Bearer k", "content-type": "text/plain" } };
    const moved = await guarded(`http://127.0.0.2:${outer.port}/302`, init);
    expect(await moved.text()).toBe("GET /landed");
    expect(moved.redirected).toBe(true);
    expect(moved.url).toBe(`http://127.0.0.1:${inner.port}/landed`);
    const kept = await guarded(`http://127.0.0.2:${outer.port}/307`, init);
    expect(await kept.text()).toBe("POST /landed");
    expect(inner.requests.map((r) => [r.method, r.body, r.headers.authorization, r.headers["content-type"]])).toEqual([
      ["GET", "", undefined, undefined],
      ["POST", "payload", undefined, "text/plain"],
    ]);
    expect(outer.requests.every((r) => r.headers.authorization === "Bearer k")).toBe(true);
  });

  it("a redirect loop stops after maxRedirects", async () => {
    const loop = await listen((_req, res) => res.writeHead(302, { location: "/again" }).end());
    const guarded = createGuardedFetch(policy({ allowPrivate: true, maxRedirects: 3 }));
    expect((await failure(guarded(`${loop.origin}/`))).code).toBe("TOO_MANY_REDIRECTS");
    expect(loop.requests.length).toBe(4);
  });
});

describe("DNS rebinding: resolved once, connected to the checked address", () => {
  it("a name whose second answer differs: the connection goes to the first (checked) address, with the name in Host", async () => {
    const first = await listen((_req, res) => res.end("first"), "127.0.0.1");
    const second = await listen((_req, res) => res.end("second"), "127.0.0.2", first.port);
    let calls = 0;
    const resolve: Resolver = async () => [{ address: ++calls === 1 ? "127.0.0.1" : "127.0.0.2", family: 4 }];
    const guarded = createGuardedFetch(policy({ allowPrivate: true, resolve }));
    const res = await guarded(`http://rebind.test:${first.port}/v1/chat`);
    expect(await res.text()).toBe("first");
    expect(calls).toBe(1);
    expect(first.requests[0]!.headers.host).toBe(`rebind.test:${first.port}`);
    expect(second.connections).toBe(0);
  });

  it("a name whose first answer is private is refused after one resolution, before any connection", async () => {
    const target = await listen(undefined, "127.0.0.1");
    let calls = 0;
    const resolve: Resolver = async () => [{ address: ++calls === 1 ? "127.0.0.1" : "93.184.215.14", family: 4 }];
    const guarded = createGuardedFetch(policy({ resolve }));
    expect((await refusal(guarded(`http://rebind.test:${target.port}/`))).reason).toBe("resolves to a loopback address (127.0.0.1)");
    expect(calls).toBe(1);
    expect(target.connections).toBe(0);
  });

  describe("over TLS", () => {
    const dir = mkdtempSync(join(tmpdir(), "invobi-tls-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    // A certificate for the NAME only: verification passes only if the name is the TLS server name.
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
      "-subj", "/CN=rebind.test", "-addext", "subjectAltName=DNS:rebind.test",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    const cert = readFileSync(join(dir, "cert.pem"), "utf8");
    const key = readFileSync(join(dir, "key.pem"), "utf8");

    it("connects to the checked IP with the name as SNI and certificate name", async () => {
      const target = await listen((_req, res) => res.end("over tls"), "127.0.0.1", 0, createTlsServer({ cert, key }) as unknown as Server);
      const resolve = resolverOf({ "rebind.test": ["127.0.0.1"] });
      const guarded = createGuardedFetch(policy({ allowPrivate: true, resolve, ca: cert }));
      const res = await guarded(`https://rebind.test:${target.port}/v1`);
      expect(await res.text()).toBe("over tls");
      expect(target.requests[0]).toMatchObject({ servername: "rebind.test", headers: { host: `rebind.test:${target.port}` } });
      // The IP itself is not a name the certificate vouches for.
      expect((await failure(guarded(`https://127.0.0.1:${target.port}/v1`))).code).toBe("UNREACHABLE");
    });
  });
});

describe("size and time limits", () => {
  const big = "x".repeat(5_000);

  it("a declared Content-Length over the limit fails before the body is read", async () => {
    const target = await listen((_req, res) => res.writeHead(200, { "content-length": big.length }).end(big));
    const guarded = createGuardedFetch(policy({ allowPrivate: true, maxResponseBytes: 1_000 }));
    const error = await failure(guarded(target.origin));
    expect(error.code).toBe("TOO_LARGE");
  });

  it("a chunked body that grows past the limit fails while it is read", async () => {
    const target = await listen((_req, res) => {
      res.write(big.slice(0, 800));
      res.end(big.slice(800));
    });
    const guarded = createGuardedFetch(policy({ allowPrivate: true, maxResponseBytes: 1_000 }));
    const res = await guarded(target.origin);
    expect((await failure(res.text())).code).toBe("TOO_LARGE");
  });

  it("the limit counts decompressed bytes (a gzip bomb), and a small gzip body is decoded", async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000));
    const small = gzipSync(Buffer.from('{"ok":true}'));
    const target = await listen((req, res) => res.writeHead(200, { "content-encoding": "gzip" }).end(req.url === "/small" ? small : bomb));
    const guarded = createGuardedFetch(policy({ allowPrivate: true, maxResponseBytes: 10_000 }));
    expect(bomb.length).toBeLessThan(10_000);
    expect((await failure((await guarded(`${target.origin}/bomb`)).arrayBuffer())).code).toBe("TOO_LARGE");
    expect(await (await guarded(`${target.origin}/small`)).json()).toEqual({ ok: true });
  });

  it("a server that never answers, or stops mid-body, fails with TIMEOUT", async () => {
    const target = await listen((req, res) => {
      if (req.url === "/mid-body") res.writeHead(200, { "content-length": "100" }).write("partial");
      // otherwise: never answer
    });
    const guarded = createGuardedFetch(policy({ allowPrivate: true, timeoutMs: 300 }));
    expect((await failure(guarded(`${target.origin}/silent`))).code).toBe("TIMEOUT");
    const res = await guarded(`${target.origin}/mid-body`);
    expect((await failure(res.text())).code).toBe("TIMEOUT");
  });

  it("the caller's abort signal is honoured", async () => {
    const target = await listen(() => {});
    const guarded = createGuardedFetch(policy({ allowPrivate: true }));
    const controller = new AbortController();
    const pending = guarded(target.origin, { signal: controller.signal });
    await expect.poll(() => target.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
