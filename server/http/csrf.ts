/**
 * Cross-origin write protection for endpoints that accept the session cookie
 * (today /graphql; REST is Bearer-only). One rule for every unsafe method, whatever
 * the content type: the browser must show that the request comes from this site's
 * own pages (Sec-Fetch-Site: same-origin, or an Origin naming this host) or from an
 * origin in CORS_ORIGINS. SameSite=Lax alone is not enough: another port on the same
 * host is "same site", so its pages send our cookie.
 *
 * Bearer requests are exempt: a page elsewhere cannot attach a token it does not
 * have. A request with neither header is not from a browser (curl, scripts): it
 * passes unless it carries a session, because every browser sends Origin on unsafe
 * requests and a session is what a forged request would ride on.
 */
import type { Context, Env, MiddlewareHandler } from "hono";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type RequestCredentials = "bearer" | "session" | "none";

export interface OriginFacts {
  method: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  /** The host the client addressed (Host, or X-Forwarded-Host behind a proxy). */
  host: string;
  credentials: RequestCredentials;
}

/** Why the request must be refused, or null when it may run. */
export function crossOriginRefusal(request: OriginFacts, allowedOrigins: ReadonlySet<string>): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase()) || request.credentials === "bearer") return null;
  const site = request.secFetchSite?.toLowerCase();
  const origin = request.origin;
  if (site === "same-origin" || site === "none") return null;
  if (origin && origin !== "null" && allowedOrigins.has(origin)) return null;
  // Without Sec-Fetch-Site (older browsers, plain-HTTP hosts), Origin naming this host proves it.
  if (site === undefined && origin && hostOf(origin) === request.host.toLowerCase()) return null;
  if (site === undefined && !origin) {
    return request.credentials === "session"
      ? "Cross-origin request rejected: a request using the session cookie must carry an Origin header (browsers send it), or use Authorization: Bearer"
      : null;
  }
  return `Cross-origin request rejected: ${origin && origin !== "null" ? `origin ${origin}` : "an opaque origin"} may not send this request with the session cookie (add it to CORS_ORIGINS, or use Authorization: Bearer)`;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

export interface CrossOriginGuardOptions<E extends Env> {
  allowedOrigins: readonly string[];
  /** How this request authenticates (a bad bearer token is still "bearer": it will get its 401). */
  credentials(c: Context<E>): RequestCredentials;
  refuse(c: Context<E>, message: string): Response | Promise<Response>;
}

/** The middleware form of crossOriginRefusal: 403 through `refuse`, otherwise on to the handler. */
export function crossOriginGuard<E extends Env>(options: CrossOriginGuardOptions<E>): MiddlewareHandler<E> {
  const allowed = new Set(options.allowedOrigins);
  return async (c, next) => {
    const refusal = crossOriginRefusal(
      {
        method: c.req.method,
        origin: c.req.header("origin"),
        secFetchSite: c.req.header("sec-fetch-site"),
        // A page elsewhere cannot set X-Forwarded-Host: it is not CORS-safelisted and no preflight allows it.
        host: c.req.header("x-forwarded-host") ?? c.req.header("host") ?? new URL(c.req.url).host,
        credentials: options.credentials(c),
      },
      allowed,
    );
    if (refusal) return options.refuse(c, refusal);
    await next();
  };
}
