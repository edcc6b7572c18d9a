/**
 * Rate limiting for /api/* and /graphql: every request spends a point of its caller's
 * budget on the limiter (server/http/rate-limiter.ts).
 *
 * - Caller key: the API token (`token:<id>`), the browser session's account
 *   (`session:<userId>`), or the client IP (`ip:<address>`) for anonymous requests.
 * - Every response carries X-RateLimit-Limit / -Remaining / -Reset (Unix seconds),
 *   and the IETF draft headers RateLimit-Policy ("100;w=60") and RateLimit
 *   ("limit=100, remaining=N, reset=S", S = seconds until the window resets).
 *   A refused request gets 429, Retry-After and {"error": "Rate limit exceeded: …"}.
 * - The request's point is spent up front; a GraphQL operation holding several
 *   expensive fields spends the rest through ctx.requestBudget (server/graphql/field-cost.ts),
 *   and the headers then show what is left after them.
 * - Anonymous callers are keyed by address: IPv4 as is (IPv4-mapped IPv6 unwrapped),
 *   IPv6 by its /64, since one host usually holds a whole /64.
 */
import type { Context, Next } from "hono";
import ipaddr from "ipaddr.js";
import type { AppEnv } from "./env.ts";
import type { RateLimitDecision, RateLimiter } from "./rate-limiter.ts";

/** Whose budget a request spends. */
export function rateLimitKey(c: Context<AppEnv>): string {
  const viewer = c.get("ctx")?.viewer;
  if (viewer?.apiTokenId) return `token:${viewer.apiTokenId}`;
  if (viewer) return `session:${viewer.user.id}`;
  return `ip:${clientAddress(c)}`;
}

/** The caller's address as a budget key: "203.0.113.7", "2001:db8:1:2::/64", or "unknown" (no socket: app.request). */
export function clientAddress(c: Context<AppEnv>): string {
  let raw: string | undefined;
  try {
    const bindings = (c.env as { server?: unknown; incoming?: unknown } | undefined) ?? {};
    const incoming = ((bindings as { server?: { incoming?: unknown } }).server ?? bindings) as {
      incoming?: { socket?: { remoteAddress?: string } };
    };
    raw = incoming.incoming?.socket?.remoteAddress;
  } catch {
    raw = undefined;
  }
  return addressKey(raw);
}

export function addressKey(raw: string | undefined): string {
  if (!raw || !ipaddr.isValid(raw)) return "unknown";
  const address = ipaddr.process(raw);
  if (address.kind() === "ipv4") return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...prefix, 0, 0, 0, 0]).toString()}/64`;
}

function setHeaders(c: Context, limiter: RateLimiter, decision: RateLimitDecision) {
  const resetSeconds = Math.max(0, Math.ceil(decision.msBeforeReset / 1000));
  c.header("X-RateLimit-Limit", String(decision.limit));
  c.header("X-RateLimit-Remaining", String(decision.remaining));
  c.header("X-RateLimit-Reset", String(Math.ceil((Date.now() + decision.msBeforeReset) / 1000)));
  c.header("RateLimit-Policy", `${decision.limit};w=${limiter.windowSeconds}`);
  c.header("RateLimit", `limit=${decision.limit}, remaining=${decision.remaining}, reset=${resetSeconds}`);
}

/** Middleware: runs after the context step (it needs the viewer). */
export function rateLimit(limiter: RateLimiter, options: { graphql?: boolean } = {}) {
  return async (c: Context<AppEnv>, next: Next) => {
    const key = rateLimitKey(c);
    let decision = await limiter.consume(key);
    if (!decision.allowed) {
      const retryAfter = Math.max(1, Math.ceil(decision.msBeforeReset / 1000));
      const message = `Rate limit exceeded: ${decision.limit} requests per ${limiter.windowSeconds} seconds; retry in ${retryAfter} s`;
      setHeaders(c, limiter, decision);
      c.header("Retry-After", String(retryAfter));
      return c.json(
        options.graphql ? { error: message, errors: [{ message, extensions: { code: "RATE_LIMITED", retryAfter } }] } : { error: message },
        429,
      );
    }
    const ctx = c.get("ctx");
    ctx.requestBudget = {
      async spend(points) {
        const spent = await limiter.consume(key, points);
        decision = spent;
        return spent;
      },
    };
    await next();
    setHeaders(c, limiter, decision);
  };
}
