import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { classifyDatabaseError, RETRY_AFTER_SECONDS } from "../db/faults.ts";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "../errors.ts";

/** Every REST error is {"error": "<message>"} (Invobi API v1 contract). */
export function jsonError(c: Context, status: ContentfulStatusCode, message: string, extra: Record<string, unknown> = {}) {
  return c.json({ error: message, ...extra }, status);
}

/** An HTTP-level failure raised by the REST plumbing (bad Content-Type, malformed JSON, 501…). */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * A failure of the database itself (server/db/faults.ts) as 503 + Retry-After, or 507
 * for a full disk; null for any other error. Logged as a warning with what failed.
 */
export function databaseFaultResponse(c: Context, error: unknown, logger?: { warn(obj: object, msg: string): void }) {
  const fault = classifyDatabaseError(error);
  if (!fault) return null;
  const log = logger ?? (c.get("ctx") as { logger?: { warn(obj: object, msg: string): void } } | undefined)?.logger;
  log?.warn({ requestId: c.get("requestId"), status: fault.status, reason: fault.reason }, "database unavailable");
  if (fault.status === 503) c.header("Retry-After", String(RETRY_AFTER_SECONDS));
  return jsonError(c, fault.status, fault.message);
}

/** Maps a domain error (or a database fault) to its REST status; returns null for unexpected errors (→ 500 by onError). */
export function domainErrorResponse(c: Context, error: unknown) {
  const fault = databaseFaultResponse(c, error);
  if (fault) return fault;
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return jsonError(c, error.status, error.message, error.extra);
  }
  if (!(error instanceof DomainError)) return null;
  if (error instanceof ValidationError) return jsonError(c, 400, error.message, { issues: error.issues });
  if (error instanceof NotFoundError) return jsonError(c, 404, error.message);
  if (error instanceof ConflictError) return jsonError(c, 409, error.message);
  if (error instanceof UnauthorizedError) return jsonError(c, 401, error.message);
  if (error instanceof ForbiddenError) return jsonError(c, 403, error.message);
  return jsonError(c, 400, error.message);
}
