/**
 * The HTTP face: one Hono app serving GraphQL (/graphql), REST (/api/v1 and the
 * basic invoice API at /api/invoices), health, and the built SPA with history
 * fallback. Every API request goes through the same context step.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono, type Context, type Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import type { AppServices, RequestContext } from "./context.ts";
import { SESSION_COOKIE, resolveViewer } from "./context.ts";
import { createGraphQLHandler } from "./graphql/yoga.ts";
import { bearerApiCors, graphqlCors } from "./http/cors.ts";
import { crossOriginGuard } from "./http/csrf.ts";
import { graphiqlCsp, securityHeaders } from "./http/security-headers.ts";
import { idempotency, type IdempotencyOptions } from "./http/idempotency.ts";
import { clientAddress, rateLimit, rateLimiterFromConfig, type RateLimiter } from "./http/rate-limit.ts";
import { createAuthThrottle, type AuthThrottlePolicy } from "./modules/accounts/auth-throttle.ts";
import { INVALID_UTF8_MESSAGE, requestWithBody, utf8Body } from "./http/utf8-body.ts";
import { createBasicInvoiceApi } from "./modules/invoices/basic-invoice-api.rest.ts";
import { createRestV1 } from "./rest/v1.ts";
import { checkDatabase } from "./db/health.ts";
import { classifyDatabaseError } from "./db/faults.ts";
import { databaseFaultResponse, jsonError } from "./rest/respond.ts";

export type AppEnv = {
  Variables: {
    ctx: RequestContext;
    requestId: string;
    /** Set by the idempotency middleware for a request with an Idempotency-Key: see requestKeyOf. */
    requestKey?: string;
  };
};

export const MAX_BODY_BYTES = 1024 * 1024;

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
  const { config, logger, db } = options;
  const app = new Hono<AppEnv>();
  const graphql = createGraphQLHandler(config, logger);
  const secureCookies = config.NODE_ENV === "production";

  // CSP, nosniff, frame and referrer policy on every response, errors and 404s included.
  app.use("*", securityHeaders());
  app.use("*", async (c, next) => {
    const requestId = c.req.header("x-request-id") ?? randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    // Deliberately no headers in the log line: they carry cookies and tokens.
    logger.info(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
  });

  app.onError((error, c) => {
    // The database failing (in the context step, idempotency, a handler): 503/507, never 500.
    const fault = databaseFaultResponse(c, error, logger);
    if (fault) {
      if (c.req.path !== "/graphql") return fault;
      const { message, status } = classifyDatabaseError(error)!;
      return c.json({ error: message, errors: [{ message, extensions: { code: "SERVICE_UNAVAILABLE" } }] }, status);
    }
    logger.error({ err: error, requestId: c.get("requestId") }, "unhandled error");
    return jsonError(c, 500, "Internal server error");
  });

  // ok only when a read (and with ?write=1 a rolled-back write) succeeds within a deadline; else 503 naming what failed.
  app.get("/healthz", async (c) => {
    const write = c.req.query("write") === "1";
    const check = await checkDatabase(db, options.provider, { write });
    if (check.ok) return c.json({ status: "ok", database: options.provider });
    logger.warn({ failed: check.failed, error: check.error }, "health check failed");
    return c.json({ status: "error", database: options.provider, failed: check.failed, error: check.error }, 503);
  });

  const apiBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => jsonError(c, 413, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes`),
  });

  /**
   * The shared context step: resolves the caller once per request for GraphQL and REST
   * alike. Only GraphQL reads the session cookie; REST is Bearer-only.
   */
  const withContext = (readsSessionCookie: boolean) => async (c: Context<AppEnv>, next: Next) => {
    const sessionCookie = readsSessionCookie ? await getSignedCookie(c, config.SESSION_SECRET, SESSION_COOKIE) : undefined;
    const sessionToken = typeof sessionCookie === "string" ? sessionCookie : null;
    const { viewer, authFailure } = await resolveViewer(options, {
      authorization: c.req.header("authorization") ?? null,
      sessionToken,
    });
    const ctx: RequestContext = {
      ...options,
      viewer,
      authFailure,
      sessionToken,
      requestId: c.get("requestId"),
      clientAddress: clientAddress(c),
      authThrottle,
      cookies: {
        setSession: (token, expiresAt) =>
          setSignedCookie(c, SESSION_COOKIE, token, config.SESSION_SECRET, {
            httpOnly: true,
            sameSite: "Lax",
            secure: secureCookies,
            path: "/",
            expires: expiresAt,
          }),
        clearSession: () => {
          deleteCookie(c, SESSION_COOKIE, { path: "/", secure: secureCookies });
        },
      },
    };
    c.set("ctx", ctx);
    await next();
  };

  const limiter = options.rateLimiter ?? rateLimiterFromConfig(config, logger);
  // Sign-in back-off and sign-up limits on the limiter's store (memory, or Redis shared by every process).
  const authThrottle = createAuthThrottle(limiter, options.authThrottle);

  /** Cookie sessions: unsafe requests must come from our own pages or CORS_ORIGINS (server/http/csrf.ts). */
  const sameOriginWrites = crossOriginGuard<AppEnv>({
    allowedOrigins: config.CORS_ORIGINS,
    credentials: (c) => (c.req.header("authorization") !== undefined ? "bearer" : c.get("ctx").viewer?.via === "session" ? "session" : "none"),
    refuse: (c, message) => c.json({ error: message, errors: [{ message, extensions: { code: "FORBIDDEN" } }] }, 403),
  });

  // Context first (the limiter keys on the caller), then the limiter, so even 413s carry rate-limit headers.
  app.use(
    "/graphql",
    graphqlCors(config.CORS_ORIGINS),
    withContext(true),
    rateLimit(limiter, { graphql: true }),
    sameOriginWrites,
    apiBodyLimit,
    utf8Body<AppEnv>({
      applies: (c) => !c.get("ctx").authFailure,
      refuse: (c) => c.json({ error: INVALID_UTF8_MESSAGE, errors: [{ message: INVALID_UTF8_MESSAGE }] }, 400),
    }),
  );
  app.on(["GET", "POST", "OPTIONS"], "/graphql", async (c) => {
    const ctx = c.get("ctx");
    if (ctx.authFailure) {
      return c.json(
        { error: ctx.authFailure, errors: [{ message: ctx.authFailure, extensions: { code: "UNAUTHENTICATED" } }] },
        401,
      );
    }
    const response = await graphql.fetch(await requestWithBody(c), { requestContext: ctx });
    // Cookies set by mutations (sign in/out) were written to Hono's response headers.
    const headers = new Headers(response.headers);
    for (const cookie of c.res.headers.getSetCookie()) headers.append("set-cookie", cookie);
    if (headers.get("content-type")?.startsWith("text/html")) {
      // The GraphiQL page: its own CSP, which names its inline scripts by hash.
      const html = await response.text();
      headers.set("content-security-policy", graphiqlCsp(html));
      return new Response(html, { status: response.status, statusText: response.statusText, headers });
    }
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  });

  app.use(
    "/api/*",
    // Preflights are answered before the caller is resolved: they carry no credentials.
    bearerApiCors(),
    withContext(false),
    rateLimit(limiter),
    apiBodyLimit,
    // Every REST route needs a caller: without one the route's 401 comes first.
    utf8Body<AppEnv>({ applies: (c) => Boolean(c.get("ctx").viewer), refuse: (c) => jsonError(c, 400, INVALID_UTF8_MESSAGE) }),
    idempotency({ leaseMs: config.IDEMPOTENCY_LEASE_MS, ...options.idempotency }),
  );
  app.route("/api/v1", createRestV1());
  app.on(["GET", "PATCH", "DELETE"], "/api/invoices/", (c) => jsonError(c, 400, "Invoice ID is required"));
  app.route("/api/invoices", createBasicInvoiceApi());
  app.all("/api/*", (c) => jsonError(c, 404, `No route for ${c.req.method} ${c.req.path}`));

  const spaDir = options.spaDir;
  if (spaDir && existsSync(join(spaDir, "index.html"))) {
    const indexHtml = readFileSync(join(spaDir, "index.html"), "utf8");
    app.use("/assets/*", serveStatic({ root: spaDir }));
    app.use("*", serveStatic({ root: spaDir }));
    // History fallback: client-side routes all load the SPA shell.
    app.get("*", (c) => c.html(indexHtml));
  }

  app.notFound((c) => jsonError(c, 404, `Not found: ${c.req.method} ${c.req.path}`));

  return app;
}
