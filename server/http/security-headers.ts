/**
 * Security headers on every response (hono/secure-headers):
 *
 * - Content-Security-Policy for the SPA: scripts only from this origin and never
 *   inline; 'wasm-unsafe-eval' because the PDF download compiles HarfBuzz's font
 *   subsetter (WebAssembly) in the browser; fonts and the .wasm are fetched from
 *   'self'. connect-src also allows http(s) URLs for one reason: the browser fetches
 *   the customer's logo (any http(s) URL the user typed) to draw it into the PDF,
 *   exactly as the server does. No workers, frames, objects or <base>.
 * - frame-ancestors 'none' and X-Frame-Options: DENY (no clickjacking),
 *   X-Content-Type-Options: nosniff, Referrer-Policy: same-origin.
 * - No Strict-Transport-Security: the TLS-terminating proxy owns that decision
 *   (includeSubDomains on a self-hosted box can lock out a whole domain).
 *
 * The GraphiQL page (development default) is the one HTML page we do not build: it
 * loads from unpkg and runs two inline scripts, so it gets its own policy that
 * allows exactly those scripts by hash (graphiqlCsp).
 */
import { createHash } from "node:crypto";
import type { Env, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

export const SPA_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  styleSrc: ["'self'"],
  // data: for the select arrow drawn as an inline SVG in styles.css.
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'", "https:", "http:"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Every response: the SPA's policy unless a handler set its own (the GraphiQL page). */
export function securityHeaders<E extends Env>(): MiddlewareHandler<E> {
  return secureHeaders({
    contentSecurityPolicy: SPA_CSP,
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    xContentTypeOptions: true,
    strictTransportSecurity: false,
    // Keep a Content-Security-Policy a handler chose (only graphiqlCsp does).
    overwrite: false,
  });
}

const GRAPHIQL_CDN = "https://unpkg.com";

/** The GraphiQL page's policy: its inline scripts by SHA-256, its bundle and styles from unpkg, Monaco's blob: workers. */
export function graphiqlCsp(html: string): string {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (match) => `'sha256-${createHash("sha256").update(match[1]!, "utf8").digest("base64")}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${GRAPHIQL_CDN} ${hashes.join(" ")}`,
    // Monaco and GraphiQL set styles at run time.
    `style-src ${GRAPHIQL_CDN} 'unsafe-inline'`,
    `font-src ${GRAPHIQL_CDN} data:`,
    `img-src 'self' data: ${GRAPHIQL_CDN} https://raw.githubusercontent.com`,
    // The page fetches the editor workers' source from unpkg and queries /graphql.
    `connect-src 'self' ${GRAPHIQL_CDN}`,
    "worker-src blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
