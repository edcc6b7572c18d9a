/**
 * `fetch` for URLs a user gave (an openai-compatible llm_base_url, later logo URLs):
 * the one guard against server-side request forgery.
 *
 * - Each hop's host is resolved ONCE; every address it resolves to must pass
 *   address-policy.ts, and the connection goes to that checked address (node:http with
 *   the IP as host, the name in the Host header and as TLS SNI / certificate name), so
 *   a DNS answer that changes between check and connect (rebinding) cannot redirect it.
 * - IP spellings (2130706433, 0x7f.1, 127.1, [::ffff:127.0.0.1]) are normalised by the
 *   WHATWG URL parser before they are judged.
 * - Redirects are followed by hand, each hop checked like the first (fetch semantics:
 *   303 and POST-after-301/302 become GET; credentials are dropped across origins).
 * - One deadline covers the whole exchange (DNS, connect, every hop, the body); bodies
 *   larger than maxResponseBytes (after decompression) fail instead of filling memory.
 *
 * Failures are OutboundError (code) or OutboundRefusedError; a caller's own abort
 * rejects with its signal's reason, as fetch does.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
import { classifyAddress } from "./address-policy.ts";

export type OutboundErrorCode = "REFUSED" | "UNRESOLVED" | "UNREACHABLE" | "TIMEOUT" | "TOO_LARGE" | "TOO_MANY_REDIRECTS";

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OutboundError";
  }
}

/** The URL (or a redirect hop) points where the server must not go. */
export class OutboundRefusedError extends OutboundError {
  constructor(
    /** The refused hop's URL. */
    readonly url: string,
    /** Why, for people: "resolves to a private address (10.0.0.5)". */
    readonly reason: string,
    /** The refused address, when an address was the reason. */
    readonly address: string | null,
    /** true: allowPrivate (ALLOW_PRIVATE_LLM_URLS) would have allowed it. */
    readonly allowable: boolean,
  ) {
    super("REFUSED", `${url} ${reason}`);
    this.name = "OutboundRefusedError";
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Host name → every address it resolves to (the system resolver by default). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Allow loopback, RFC 1918, carrier-grade NAT and unique-local addresses (ALLOW_PRIVATE_LLM_URLS). */
  allowPrivate: boolean;
  /**
   * Origins configured by the operator (e.g. OPENAI_BASE_URL's): their addresses are
   * not checked. Redirects away from them are.
   */
  trustedOrigins?: readonly string[];
  /** The whole exchange: resolution, connection, every redirect, the response body. */
  timeoutMs: number;
  /** The largest response body accepted, in bytes after decompression. */
  maxResponseBytes: number;
  /** Default 5. */
  maxRedirects?: number;
  resolve?: Resolver;
  /** Certificate authorities to trust instead of the system's (a private PKI; tests). */
  ca?: string | Buffer;
}

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];
const CONTENT_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

/** A fetch that only goes where `policy` allows. */
export function createGuardedFetch(policy: OutboundPolicy): typeof fetch {
  return (input, init) => guardedFetch(policy, input, init);
}

/** Cancels everything when the time is up or the caller aborts. */
class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  readonly signal = this.controller.signal;
  constructor(
    ms: number,
    private readonly callerSignal: AbortSignal,
  ) {
    this.timer = setTimeout(() => this.controller.abort(new OutboundError("TIMEOUT", `no complete answer within ${ms} ms`)), ms);
    this.timer.unref();
    if (callerSignal.aborted) this.controller.abort(callerSignal.reason);
    else callerSignal.addEventListener("abort", this.onCallerAbort, { once: true });
  }
  private readonly onCallerAbort = () => this.controller.abort(this.callerSignal.reason);
  finish(): void {
    clearTimeout(this.timer);
    this.callerSignal.removeEventListener("abort", this.onCallerAbort);
  }
  /** `promise`, or the abort reason if that comes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.signal.reason);
      this.signal.addEventListener("abort", onAbort, { once: true });
      promise.then(resolve, reject).finally(() => this.signal.removeEventListener("abort", onAbort));
    });
  }
}

async function guardedFetch(policy: OutboundPolicy, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  // The standard Request normalises every input form (headers, body types, method).
  const request = new Request(input, init);
  const deadline = new Deadline(policy.timeoutMs, request.signal);
  try {
    let body = request.body ? Buffer.from(await deadline.race(request.arrayBuffer())) : null;
    let url = new URL(request.url);
    let method = request.method;
    const headers = new Headers(request.headers);
    for (let hop = 0; ; hop++) {
      const target = await pin(url, policy, hop, deadline);
      const res = await send(url, target, method, headers, body, policy, deadline.signal);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode ?? 0) || location === undefined || request.redirect === "manual") {
        return toResponse(res, url, hop > 0, method, policy, deadline);
      }
      res.destroy();
      if (request.redirect === "error") throw new TypeError(`redirect from ${url.href} refused (redirect: "error")`);
      if (hop >= (policy.maxRedirects ?? 5)) throw new OutboundError("TOO_MANY_REDIRECTS", `more than ${policy.maxRedirects ?? 5} redirects`);
      const next = new URL(location, url);
      const status = res.statusCode!;
      if ((status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST")) {
        method = "GET";
        body = null;
        for (const name of CONTENT_HEADERS) headers.delete(name);
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      url = next;
    }
  } catch (error) {
    deadline.finish();
    throw error;
  }
}

interface PinnedTarget {
  /** The checked address the connection goes to. */
  address: string;
  family: 4 | 6;
  /** The URL's host name without brackets; the TLS name unless it is an IP literal. */
  hostname: string;
  literal: boolean;
}

const article = (range: string) => (/^(unspecified|IPv4)/.test(range) ? "an" : "a");

/** Resolves `url`'s host once and checks every address; the first becomes the connection's target. */
async function pin(url: URL, policy: OutboundPolicy, hop: number, deadline: Deadline): Promise<PinnedTarget> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutboundRefusedError(url.href, `uses ${url.protocol}; only http: and https: are allowed`, null, false);
  }
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await deadline.race((policy.resolve ?? systemResolver)(hostname));
    } catch (error) {
      if (deadline.signal.aborted) throw deadline.signal.reason;
      throw new OutboundError("UNRESOLVED", `could not resolve ${hostname}`, { cause: error });
    }
    if (!addresses.length) throw new OutboundError("UNRESOLVED", `could not resolve ${hostname}`);
  }
  if (!policy.trustedOrigins?.includes(url.origin)) {
    for (const { address } of addresses) {
      const verdict = classifyAddress(address);
      if (verdict.allowed === "always" || (verdict.allowed === "if-private-allowed" && policy.allowPrivate)) continue;
      const verb = hop > 0 ? "redirects to" : literal ? "is" : "resolves to";
      const what = `${article(verdict.range)} ${verdict.range} address (${verdict.address})`;
      throw new OutboundRefusedError(url.href, `${verb} ${what}`, verdict.address, verdict.allowed === "if-private-allowed");
    }
  }
  return { ...addresses[0]!, hostname, literal: literal !== 0 };
}

function send(
  url: URL,
  target: PinnedTarget,
  method: string,
  headers: Headers,
  body: Buffer | null,
  policy: OutboundPolicy,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const secure = url.protocol === "https:";
    const outgoing: http.OutgoingHttpHeaders = {};
    headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    for (const name of ["host", "connection", "keep-alive", "transfer-encoding", "content-length"]) delete outgoing[name];
    outgoing.host = url.host;
    if (body) outgoing["content-length"] = String(body.length);
    const options: https.RequestOptions = {
      host: target.address,
      family: target.family,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method,
      headers: outgoing,
      agent: false,
    };
    if (secure) {
      if (!target.literal) options.servername = target.hostname;
      if (policy.ca) options.ca = policy.ca;
    }
    const req = (secure ? https : http).request(options);
    const onAbort = () => req.destroy(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    req.once("response", (res) => {
      signal.removeEventListener("abort", onAbort);
      resolve(res);
    });
    req.once("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      reject(signal.aborted ? signal.reason : new OutboundError("UNREACHABLE", `could not connect to ${url.host}`, { cause: error }));
    });
    req.end(body ?? undefined);
  });
}

function decoded(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers["content-encoding"] ?? "").trim().toLowerCase();
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? zlib.createGunzip()
      : encoding === "deflate"
        ? zlib.createInflate()
        : encoding === "br"
          ? zlib.createBrotliDecompress()
          : null;
  return decoder ? pipeline(res, decoder, () => {}) : res;
}

/** The body's chunks; `onAbort` (registered by the caller) destroys `res` when the deadline passes. */
async function* limitedChunks(res: http.IncomingMessage, max: number, deadline: Deadline, onAbort: () => void): AsyncGenerator<Uint8Array> {
  const stream = decoded(res);
  let received = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > max) throw new OutboundError("TOO_LARGE", `the answer is larger than ${max} bytes`);
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } catch (error) {
    throw deadline.signal.aborted ? deadline.signal.reason : error;
  } finally {
    deadline.signal.removeEventListener("abort", onAbort);
    res.destroy();
    deadline.finish();
  }
}

function toResponse(
  res: http.IncomingMessage,
  url: URL,
  redirected: boolean,
  method: string,
  policy: OutboundPolicy,
  deadline: Deadline,
): Response {
  const status = res.statusCode ?? 0;
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > policy.maxResponseBytes) {
    res.destroy();
    throw new OutboundError("TOO_LARGE", `the answer is larger than ${policy.maxResponseBytes} bytes (Content-Length ${declared})`);
  }
  if (status < 200 || status > 599) {
    res.destroy();
    throw new OutboundError("UNREACHABLE", `${url.host} answered an invalid HTTP status (${status})`);
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  let body: ReadableStream<Uint8Array> | null = null;
  if (method === "HEAD" || NULL_BODY_STATUSES.has(status)) {
    res.destroy();
    deadline.finish();
  } else {
    // Registered now, not when reading starts: an unread body is still closed at the deadline.
    const onAbort = () => res.destroy(deadline.signal.reason);
    deadline.signal.addEventListener("abort", onAbort, { once: true });
    const chunks = limitedChunks(res, policy.maxResponseBytes, deadline, onAbort);
    body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
  }
  const response = new Response(body, { status, statusText: res.statusMessage ?? "", headers });
  Object.defineProperties(response, { url: { value: url.href }, redirected: { value: redirected } });
  return response;
}
