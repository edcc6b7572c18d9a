/**
 * Rate limiting for /api/* and /graphql: RATE_LIMIT_PER_MINUTE requests per caller
 * per fixed one-minute window (rate-limiter-flexible).
 *
 * - Caller key: the API token (`token:<id>`), the browser session's account
 *   (`session:<userId>`), or the client IP (`ip:<address>`) for anonymous requests.
 * - One process: RateLimiterMemory. With REDIS_URL: RateLimiterRedis (atomic Lua
 *   increment), so every app process shares one budget per caller. If Redis is not
 *   ready, an in-memory insurance limiter with the same policy takes over rather
 *   than failing requests or letting them through unlimited.
 * - Every response carries X-RateLimit-Limit / -Remaining / -Reset (Unix seconds),
 *   and the IETF draft headers RateLimit-Policy ("100;w=60") and RateLimit
 *   ("limit=100, remaining=N, reset=S", S = seconds until the window resets).
 *   A refused request gets 429, Retry-After and {"error": "Rate limit exceeded: …"}.
 * - The request's point is spent up front; a GraphQL operation holding several
 *   expensive fields spends the rest through ctx.requestBudget (server/graphql/field-cost.ts),
 *   and the headers then show what is left after them.
 * - Other budgets on the same store (sign-in back-off, sign-ups per address) come from
 *   `derive`, so they are shared between processes exactly when this one is.
 * - Anonymous callers are keyed by address: IPv4 as is (IPv4-mapped IPv6 unwrapped),
 *   IPv6 by its /64, since one host usually holds a whole /64.
 */
import type { Context, Next } from "hono";
import ipaddr from "ipaddr.js";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { AppEnv } from "../app.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the caller's window resets. */
  msBeforeReset: number;
}

export interface RateLimiter {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly store: "memory" | "redis";
  /** Spends `points` (default 1) of the caller's budget. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  /**
   * Another limiter on the same store (same Redis connection and in-memory insurance, or
   * memory), its keys under `<keyPrefix>:<name>:`.
   */
  derive(name: string, options: { points: number; windowSeconds: number }): RateLimiterAbstract;
  /** Resolves true once the store is usable (memory: at once; Redis: connected), false after timeoutMs. */
  ready(timeoutMs?: number): Promise<boolean>;
  /** Releases what the limiter owns (a Redis connection it opened itself). */
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Requests per window. */
  points: number;
  /** Window length in seconds (default 60). */
  windowSeconds?: number;
  /** A Redis client (shared, not closed by close()) or URL (owned, closed by close()). Omitted → in memory. */
  redis?: Redis | string;
  /** Namespace of the Redis keys; tests use a unique one so runs do not share budgets. */
  keyPrefix?: string;
  logger?: Logger;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const points = options.points;
  const duration = options.windowSeconds ?? 60;
  const keyPrefix = options.keyPrefix ?? "invobi:rl";
  const memory = (opts = { points, duration, keyPrefix }) => new RateLimiterMemory(opts);
  let limiter: RateLimiterAbstract;
  let owned: Redis | null = null;
  let client: Redis | null = null;
  const derive = (name: string, derived: { points: number; windowSeconds: number }): RateLimiterAbstract => {
    const opts = { points: derived.points, duration: derived.windowSeconds, keyPrefix: `${keyPrefix}:${name}` };
    return client
      ? new RateLimiterRedis({ ...opts, storeClient: client, rejectIfRedisNotReady: true, insuranceLimiter: memory(opts) })
      : memory(opts);
  };
  if (options.redis) {
    client =
      typeof options.redis === "string"
        ? (owned = new Redis(options.redis, { maxRetriesPerRequest: 1, enableOfflineQueue: true }))
        : options.redis;
    if (owned) {
      // Without a listener ioredis reports connection errors as unhandled 'error' events.
      owned.on("error", (error) => options.logger?.warn({ err: { message: error.message } }, "rate limiter: Redis error"));
    }
    limiter = new RateLimiterRedis({
      storeClient: client,
      points,
      duration,
      keyPrefix,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory(),
    });
  } else {
    limiter = memory();
  }

  return {
    limit: points,
    windowSeconds: duration,
    store: options.redis ? "redis" : "memory",
    derive,
    async consume(key, cost = 1) {
      try {
        const res = await limiter.consume(key, cost);
        return { allowed: true, limit: points, remaining: Math.max(0, res.remainingPoints), msBeforeReset: res.msBeforeNext };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, limit: points, remaining: 0, msBeforeReset: rejection.msBeforeNext };
        }
        // Store failure with no insurance left: let the request through rather than take the API down.
        options.logger?.error({ err: rejection }, "rate limiter failed; request allowed");
        return { allowed: true, limit: points, remaining: points, msBeforeReset: duration * 1000 };
      }
    },
    async ready(timeoutMs = 5000) {
      const redis = client;
      if (!redis || redis.status === "ready") return true;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          redis.off("ready", onReady);
          resolve(false);
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve(true);
        };
        redis.once("ready", onReady);
      });
    },
    async close() {
      if (owned) {
        await owned.quit().catch(() => owned?.disconnect());
        owned = null;
      }
    },
  };
}

/** The limiter the configuration asks for: Redis when REDIS_URL is set, memory otherwise. */
export function rateLimiterFromConfig(config: Pick<Config, "RATE_LIMIT_PER_MINUTE" | "REDIS_URL">, logger?: Logger): RateLimiter {
  return createRateLimiter({ points: config.RATE_LIMIT_PER_MINUTE, redis: config.REDIS_URL, logger });
}

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

/** What a GraphQL operation spends beyond its request's point (server/graphql/field-cost.ts). */
export interface RequestBudget {
  /** Spends `points` more of this request's caller budget; the response headers then show the rest. */
  spend(points: number): Promise<RateLimitDecision>;
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
