/**
 * The rate limiter behind /api/* and /graphql (the middleware is server/http/rate-limit.ts):
 * RATE_LIMIT_PER_MINUTE requests per caller per fixed one-minute window
 * (rate-limiter-flexible).
 *
 * - One process: RateLimiterMemory. With REDIS_URL: RateLimiterRedis (atomic Lua
 *   increment), so every app process shares one budget per caller. If Redis is not
 *   ready, an in-memory insurance limiter with the same policy takes over rather
 *   than failing requests or letting them through unlimited.
 * - Other budgets on the same store (sign-in back-off, sign-ups per address) come from
 *   `derive`, so they are shared between processes exactly when this one is.
 */
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
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

/** What a GraphQL operation spends beyond its request's point (server/graphql/field-cost.ts). */
export interface RequestBudget {
  /** Spends `points` more of this request's caller budget; the response headers then show the rest. */
  spend(points: number): Promise<RateLimitDecision>;
}
