/**
 * /graphql on the app: CORS for the allow-list, the context step (which reads the
 * session cookie), the rate limit, cross-origin write protection, the body limit and
 * UTF-8 check, then Yoga. A credential that does not resolve is answered 401 before
 * Yoga runs; cookies the resolvers set (sign in/out) are carried onto Yoga's response;
 * the GraphiQL page gets its own CSP.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { graphqlCors } from "../http/cors.ts";
import { crossOriginGuard } from "../http/csrf.ts";
import type { AppEnv } from "../http/env.ts";
import { rateLimit } from "../http/rate-limit.ts";
import type { RateLimiter } from "../http/rate-limiter.ts";
import { graphiqlCsp } from "../http/security-headers.ts";
import { INVALID_UTF8_MESSAGE, requestWithBody, utf8Body } from "../http/utf8-body.ts";
import { createGraphQLHandler } from "./yoga.ts";

export const GRAPHQL_PATH = "/graphql";

export interface GraphQLMountOptions {
  config: Config;
  logger: Logger;
  limiter: RateLimiter;
  /** The shared context step, reading the session cookie. */
  context: MiddlewareHandler<AppEnv>;
  bodyLimit: MiddlewareHandler<AppEnv>;
}

export function mountGraphQL(app: Hono<AppEnv>, { config, logger, limiter, context, bodyLimit }: GraphQLMountOptions): void {
  const graphql = createGraphQLHandler(config, logger);

  /** Cookie sessions: unsafe requests must come from our own pages or CORS_ORIGINS (server/http/csrf.ts). */
  const sameOriginWrites = crossOriginGuard<AppEnv>({
    allowedOrigins: config.CORS_ORIGINS,
    credentials: (c) => (c.req.header("authorization") !== undefined ? "bearer" : c.get("ctx").viewer?.via === "session" ? "session" : "none"),
    refuse: (c, message) => c.json({ error: message, errors: [{ message, extensions: { code: "FORBIDDEN" } }] }, 403),
  });

  // Context first (the limiter keys on the caller), then the limiter, so even 413s carry rate-limit headers.
  app.use(
    GRAPHQL_PATH,
    graphqlCors(config.CORS_ORIGINS),
    context,
    rateLimit(limiter, { graphql: true }),
    sameOriginWrites,
    bodyLimit,
    utf8Body<AppEnv>({
      applies: (c) => !c.get("ctx").authFailure,
      refuse: (c) => c.json({ error: INVALID_UTF8_MESSAGE, errors: [{ message: INVALID_UTF8_MESSAGE }] }, 400),
    }),
  );
  app.on(["GET", "POST", "OPTIONS"], GRAPHQL_PATH, async (c) => {
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
}
