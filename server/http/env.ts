/** The Hono environment of every API route: what the middleware chain stores on the request. */
import type { RequestContext } from "../context.ts";

export type AppEnv = {
  Variables: {
    ctx: RequestContext;
    requestId: string;
    /** Set by the idempotency middleware for a request with an Idempotency-Key: see requestKeyOf. */
    requestKey?: string;
  };
};
