/**
 * REST on the app: /api/v1 and the basic invoice API at /api/invoices, behind Bearer-only
 * CORS, the context step (no session cookie), the rate limit, the body limit, the UTF-8
 * check and idempotency keys; every other /api/* path is a JSON 404.
 */
import type { Hono, MiddlewareHandler } from "hono";
import { bearerApiCors } from "../http/cors.ts";
import type { AppEnv } from "../http/env.ts";
import { idempotency, type IdempotencyOptions } from "../http/idempotency.ts";
import { rateLimit } from "../http/rate-limit.ts";
import type { RateLimiter } from "../http/rate-limiter.ts";
import { INVALID_UTF8_MESSAGE, utf8Body } from "../http/utf8-body.ts";
import { createBasicInvoiceApi } from "../modules/invoices/basic-invoice-api.rest.ts";
import { jsonError } from "./respond.ts";
import { createRestV1 } from "./v1.ts";

export interface RestMountOptions {
  limiter: RateLimiter;
  /** The shared context step, not reading the session cookie. */
  context: MiddlewareHandler<AppEnv>;
  bodyLimit: MiddlewareHandler<AppEnv>;
  idempotency: IdempotencyOptions;
}

export function mountRest(app: Hono<AppEnv>, options: RestMountOptions): void {
  app.use(
    "/api/*",
    // Preflights are answered before the caller is resolved: they carry no credentials.
    bearerApiCors(),
    options.context,
    rateLimit(options.limiter),
    options.bodyLimit,
    // Every REST route needs a caller: without one the route's 401 comes first.
    utf8Body<AppEnv>({ applies: (c) => Boolean(c.get("ctx").viewer), refuse: (c) => jsonError(c, 400, INVALID_UTF8_MESSAGE) }),
    idempotency(options.idempotency),
  );
  app.route("/api/v1", createRestV1());
  app.on(["GET", "PATCH", "DELETE"], "/api/invoices/", (c) => jsonError(c, 400, "Invoice ID is required"));
  app.route("/api/invoices", createBasicInvoiceApi());
  app.all("/api/*", (c) => jsonError(c, 404, `No route for ${c.req.method} ${c.req.path}`));
}
