/**
 * The one request-context step shared by GraphQL and REST: who is calling and
 * with which permissions. A bearer token wins over a cookie; a bearer token that
 * does not resolve is an authentication failure even if a cookie is present.
 */
import type { Config } from "./config.ts";
import type { Db, DbProvider } from "./db/client.ts";
import type { User } from "./db/generated/sqlite/client.ts";
import type { RequestBudget } from "./http/rate-limiter.ts";
import type { Logger } from "./logger.ts";
import type { AuthThrottle } from "./modules/accounts/auth-throttle.ts";
import type { GenerateInvoiceFn } from "./modules/generation/generation.port.ts";
import type { RenderInvoicePdfFn } from "./modules/invoices/invoice-pdf.ts";
import { resolveSession } from "./modules/accounts/accounts.service.ts";
import { todayIn } from "./modules/invoices/dates.ts";
import { authenticateApiToken } from "./modules/tokens/tokens.service.ts";

export const SESSION_COOKIE = "invobi_session";

export interface Viewer {
  user: User;
  via: "session" | "token";
  apiTokenId: string | null;
  /** admin: may create and revoke API tokens (browser sessions always; tokens only when granted). */
  permissions: { read: boolean; write: boolean; admin: boolean };
}

export interface CookieWriter {
  setSession(token: string, expiresAt: Date): Promise<void>;
  clearSession(): void;
}

export interface AppServices {
  db: Db;
  provider: DbProvider;
  config: Config;
  logger: Logger;
  now?: () => Date;
  /** The AI invoice generator (server/modules/generation/); absent → REST answers 501. */
  generateInvoice?: GenerateInvoiceFn;
  /** The PDF renderer (common/pdf/); absent → GET /api/v1/invoices/:id/download answers 501. */
  renderInvoicePdf?: RenderInvoicePdfFn;
}

export interface RequestContext extends AppServices {
  viewer: Viewer | null;
  /** Set when credentials were presented but rejected: APIs answer 401 with this message. */
  authFailure: string | null;
  /** The raw session secret from the cookie (for sign-out). */
  sessionToken: string | null;
  cookies: CookieWriter;
  requestId: string;
  /** The caller's address as a budget key (server/http/rate-limit.ts addressKey). */
  clientAddress?: string;
  /** Set by the rate-limit middleware: more points of this request's caller budget. */
  requestBudget?: RequestBudget;
  /** Sign-in back-off and sign-up limits (server/modules/accounts/auth-throttle.ts). */
  authThrottle?: AuthThrottle;
}

export interface Credentials {
  authorization: string | null;
  sessionToken: string | null;
}

export async function resolveViewer(
  services: AppServices,
  credentials: Credentials,
): Promise<{ viewer: Viewer | null; authFailure: string | null }> {
  const now = services.now?.() ?? new Date();
  if (credentials.authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization);
    if (!match?.[1]) return { viewer: null, authFailure: "Malformed Authorization header: expected 'Bearer <token>'" };
    const resolved = await authenticateApiToken(services.db, match[1], now);
    if (!resolved) return { viewer: null, authFailure: "Invalid or expired API token" };
    return {
      viewer: {
        user: resolved.user,
        via: "token",
        apiTokenId: resolved.apiToken.id,
        permissions: { read: resolved.apiToken.canRead, write: resolved.apiToken.canWrite, admin: resolved.apiToken.canAdmin },
      },
      authFailure: null,
    };
  }
  if (credentials.sessionToken) {
    const user = await resolveSession(services.db, credentials.sessionToken, now);
    // An expired or unknown cookie is treated as anonymous, not as an error: the browser just signs in again.
    if (user) {
      return {
        viewer: { user, via: "session", apiTokenId: null, permissions: { read: true, write: true, admin: true } },
        authFailure: null,
      };
    }
  }
  return { viewer: null, authFailure: null };
}

/** The service-layer view of a request: its database and the signed-in account. */
export function serviceContext(ctx: RequestContext): { db: Db; userId: string; now?: () => Date } {
  if (!ctx.viewer) throw new Error("serviceContext needs an authenticated request");
  return { db: ctx.db, userId: ctx.viewer.user.id, now: ctx.now };
}

/** Today's date in the caller's time zone (UTC for anonymous callers), e.g. for "overdue". */
export function viewerToday(ctx: Pick<RequestContext, "viewer" | "now">): string {
  return todayIn(ctx.viewer?.user.timezone ?? "UTC", ctx.now?.() ?? new Date());
}
