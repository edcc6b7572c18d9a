/**
 * CORS for the two kinds of API:
 *
 * - /graphql accepts the session cookie, so cross-origin reads are credentialed reads
 *   of a user's data: no CORS headers at all unless the origin is in CORS_ORIGINS
 *   (then credentialed CORS for exactly that origin).
 * - REST (/api/v1, /api/invoices) is Bearer-only and never reads a cookie: any origin
 *   may call it, without credentials, so browser apps elsewhere can use a token.
 */
import type { Env, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { IDEMPOTENCY_HEADER } from "./idempotency.ts";

const RATE_LIMIT_HEADERS = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit", "RateLimit-Policy", "Retry-After"];
/** Preflights are cached by the browser for 10 minutes. */
const PREFLIGHT_MAX_AGE = 600;

/** Credentialed CORS for the allow-list only; everyone else gets no CORS header, so the browser withholds the response. */
export function graphqlCors<E extends Env>(allowedOrigins: readonly string[]): MiddlewareHandler<E> {
  const allowed = new Set(allowedOrigins);
  const forAllowed = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ["GET", "POST"],
    // Explicit: echoing whatever a preflight asks for would let pages set headers such as X-Forwarded-Host.
    allowHeaders: ["Content-Type", "Authorization", "Accept"],
    exposeHeaders: [...RATE_LIMIT_HEADERS, "X-Request-Id"],
    maxAge: PREFLIGHT_MAX_AGE,
  });
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin && allowed.has(origin)) return forAllowed(c, next);
    c.header("Vary", "Origin", { append: true });
    await next();
  };
}

/** Any origin, never credentials: the token in Authorization is the only way in. */
export function bearerApiCors<E extends Env>(): MiddlewareHandler<E> {
  const handler = cors({
    origin: "*",
    credentials: false,
    allowMethods: ["GET", "HEAD", "POST", "PATCH", "DELETE"],
    allowHeaders: ["Authorization", "Content-Type", "Accept", IDEMPOTENCY_HEADER],
    exposeHeaders: [...RATE_LIMIT_HEADERS, "Idempotent-Replayed", "X-Request-Id", "Content-Disposition", "Location"],
    maxAge: PREFLIGHT_MAX_AGE,
  });
  // hono/cors answers every OPTIONS; a plain OPTIONS (no preflight) goes on to the route's 204 + Allow.
  return async (c, next) =>
    c.req.method === "OPTIONS" && !c.req.header("access-control-request-method") ? next() : handler(c, next);
}
