/**
 * The Invobi REST API v1 (../shared/spec/invobi-api-v1.txt). Handlers are thin:
 * parse and validate, call the service layer, shape the response.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app.ts";
import { domainErrorResponse, jsonError } from "./respond.ts";

export function createRestV1() {
  const v1 = new Hono<AppEnv>();
  v1.onError((error, c) => {
    const mapped = domainErrorResponse(c, error);
    if (mapped) return mapped;
    throw error;
  });
  v1.notFound((c) => jsonError(c, 404, `No route for ${c.req.method} ${c.req.path}`));
  return v1;
}
