/**
 * The app's last resort for a thrown error. The database failing (in the context step,
 * idempotency, a handler) is 503/507, never 500, in the shape of the API that was
 * called; anything else is logged and answered 500.
 */
import type { ErrorHandler } from "hono";
import { classifyDatabaseError } from "../db/faults.ts";
import type { Logger } from "../logger.ts";
import { databaseFaultResponse, jsonError } from "../rest/respond.ts";
import type { AppEnv } from "./env.ts";

export function appErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const fault = databaseFaultResponse(c, error, logger);
    if (fault) {
      if (c.req.path !== "/graphql") return fault;
      const { message, status } = classifyDatabaseError(error)!;
      return c.json({ error: message, errors: [{ message, extensions: { code: "SERVICE_UNAVAILABLE" } }] }, status);
    }
    logger.error({ err: error, requestId: c.get("requestId") }, "unhandled error");
    return jsonError(c, 500, "Internal server error");
  };
}
