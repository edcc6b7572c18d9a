/**
 * The shared context step: resolves the caller once per request for GraphQL and
 * REST alike and stores the RequestContext as `ctx`. Only GraphQL reads the session
 * cookie; REST is Bearer-only.
 */
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import type { AppServices, RequestContext } from "../context.ts";
import { SESSION_COOKIE, resolveViewer } from "../context.ts";
import type { AuthThrottle } from "../modules/accounts/auth-throttle.ts";
import type { AppEnv } from "./env.ts";
import { clientAddress } from "./rate-limit.ts";

export interface ContextStepOptions {
  /** Spread into every RequestContext. */
  services: AppServices;
  authThrottle: AuthThrottle;
  readsSessionCookie: boolean;
}

export function withContext({ services, authThrottle, readsSessionCookie }: ContextStepOptions): MiddlewareHandler<AppEnv> {
  const { config } = services;
  const secureCookies = config.NODE_ENV === "production";
  return async (c, next) => {
    const sessionCookie = readsSessionCookie ? await getSignedCookie(c, config.SESSION_SECRET, SESSION_COOKIE) : undefined;
    const sessionToken = typeof sessionCookie === "string" ? sessionCookie : null;
    const { viewer, authFailure } = await resolveViewer(services, {
      authorization: c.req.header("authorization") ?? null,
      sessionToken,
    });
    const ctx: RequestContext = {
      ...services,
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
}
