import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "../errors.ts";

/** Every REST error is {"error": "<message>"} (Invobi API v1 contract). */
export function jsonError(c: Context, status: ContentfulStatusCode, message: string, extra: Record<string, unknown> = {}) {
  return c.json({ error: message, ...extra }, status);
}

/** Maps a domain error to its REST status; returns null for unexpected errors (→ 500 by onError). */
export function domainErrorResponse(c: Context, error: unknown) {
  if (!(error instanceof DomainError)) return null;
  if (error instanceof ValidationError) return jsonError(c, 400, error.message, { issues: error.issues });
  if (error instanceof NotFoundError) return jsonError(c, 404, error.message);
  if (error instanceof ConflictError) return jsonError(c, 409, error.message);
  if (error instanceof UnauthorizedError) return jsonError(c, 401, error.message);
  if (error instanceof ForbiddenError) return jsonError(c, 403, error.message);
  return jsonError(c, 400, error.message);
}
