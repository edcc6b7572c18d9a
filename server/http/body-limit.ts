/** The request-body limit of /api/* and /graphql: 413 with the limit in the message. */
import type { Env, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { jsonError } from "../rest/respond.ts";

export const MAX_BODY_BYTES = 1024 * 1024;

export function apiBodyLimit<E extends Env>(): MiddlewareHandler<E> {
  return bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => jsonError(c, 413, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes`),
  });
}
