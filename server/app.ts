/**
 * The HTTP face: one Hono app serving GraphQL (/graphql), REST (/api/v1 and the
 * basic invoice API at /api/invoices), health, and the built SPA with history
 * fallback. This file only composes; every API request goes through the same
 * context step (server/http/context.ts).
 */
import { Hono } from "hono";
import type { AppServices } from "./context.ts";
import { mountGraphQL } from "./graphql/mount.ts";
import { apiBodyLimit } from "./http/body-limit.ts";
import { withContext } from "./http/context.ts";
import type { AppEnv } from "./http/env.ts";
import { appErrorHandler } from "./http/error-handler.ts";
import { healthCheck } from "./http/health.ts";
import type { IdempotencyOptions } from "./http/idempotency.ts";
import { rateLimiterFromConfig, type RateLimiter } from "./http/rate-limiter.ts";
import { requestLog } from "./http/request-log.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { mountSpa } from "./http/spa.ts";
import { createAuthThrottle, type AuthThrottlePolicy } from "./modules/accounts/auth-throttle.ts";
import { mountRest } from "./rest/mount.ts";
import { jsonError } from "./rest/respond.ts";

export interface CreateAppOptions extends AppServices {
  /** Directory of the built SPA (vite build output); omitted → no SPA routes. */
  spaDir?: string | null;
  /**
   * Rate limiter for /api/* and /graphql. Omitted → built from config (memory, or
   * Redis when REDIS_URL is set); the caller that creates one closes it on shutdown.
   */
  rateLimiter?: RateLimiter;
  /** Sign-in back-off and sign-up limit overrides (tests); defaults in auth-throttle.ts. */
  authThrottle?: Partial<AuthThrottlePolicy>;
  idempotency?: IdempotencyOptions;
}

export function createApp(options: CreateAppOptions) {
  const { config, logger } = options;
  const app = new Hono<AppEnv>();

  // CSP, nosniff, frame and referrer policy on every response, errors and 404s included.
  app.use("*", securityHeaders());
  app.use("*", requestLog(logger));
  app.onError(appErrorHandler(logger));
  app.get("/healthz", healthCheck(options));

  const limiter = options.rateLimiter ?? rateLimiterFromConfig(config, logger);
  // Sign-in back-off and sign-up limits on the limiter's store (memory, or Redis shared by every process).
  const authThrottle = createAuthThrottle(limiter, options.authThrottle);
  const bodyLimit = apiBodyLimit<AppEnv>();

  mountGraphQL(app, {
    config,
    logger,
    limiter,
    context: withContext({ services: options, authThrottle, readsSessionCookie: true }),
    bodyLimit,
  });
  mountRest(app, {
    limiter,
    context: withContext({ services: options, authThrottle, readsSessionCookie: false }),
    bodyLimit,
    idempotency: { leaseMs: config.IDEMPOTENCY_LEASE_MS, ...options.idempotency },
  });
  mountSpa(app, options.spaDir);

  app.notFound((c) => jsonError(c, 404, `Not found: ${c.req.method} ${c.req.path}`));

  return app;
}
