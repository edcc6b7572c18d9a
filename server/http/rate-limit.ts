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
 */
import type { Context, Next } from "hono";
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
  consume(key: string): Promise<RateLimitDecision>;
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
  const memory = () => new RateLimiterMemory({ points, duration, keyPrefix });
  let limiter: RateLimiterAbstract;
  let owned: Redis | null = null;
  let client: Redis | null = null;
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
    async consume(key) {
      try {
        const res = await limiter.consume(key, 1);
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

function clientAddress(c: Context<AppEnv>): string {
  try {
    const bindings = (c.env as { server?: unknown; incoming?: unknown } | undefined) ?? {};
    const incoming = ((bindings as { server?: { incoming?: unknown } }).server ?? bindings) as {
      incoming?: { socket?: { remoteAddress?: string } };
    };
    return incoming.incoming?.socket?.remoteAddress ?? "unknown";
  } catch {
    return "unknown";
  }
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
    const decision = await limiter.consume(rateLimitKey(c));
    if (!decision.allowed) {
      const retryAfter = Math.max(1, Math.ceil(decision.msBeforeReset / 1000));
      const message = `Rate limit exceeded: ${decision.limit} requests per ${limiter.windowSeconds} seconds; retry in ${retryAfter} s`;
      setHeaders(c, limiter, decision);
      c.header("Retry-After", String(retryAfter));
      return c.json(
        options.graphql ? { error: message, errors: [{ message, extensions: { code: "RATE_LIMITED" } }] } : { error: message },
        429,
      );
    }
    await next();
    setHeaders(c, limiter, decision);
  };
}
