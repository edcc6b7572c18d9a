import type { Context, Env, MiddlewareHandler } from "hono";

/** The one message for a body that is not UTF-8, on every API. */
export const INVALID_UTF8_MESSAGE = "Request body is not valid UTF-8: JSON must be sent as UTF-8 (RFC 8259)";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Refuses request bodies that are not valid UTF-8. Without it, invalid bytes decode to
 * U+FFFD and are stored as if the client had sent that character: a silently corrupted
 * customer name instead of an error the client can fix.
 *
 * `applies` lets an authentication failure answer first (401 beats 400). Runs after the
 * body limit and reads the body through Hono's cache, so the handlers' own
 * `c.req.text()`/`json()` reuse the bytes; callers that need the raw Request again (Yoga)
 * get it from `requestWithBody`.
 */
export function utf8Body<E extends Env>(options: { applies: (c: Context<E>) => boolean; refuse: (c: Context<E>) => Response }): MiddlewareHandler<E> {
  return async (c, next) => {
    if (!c.req.raw.body || !options.applies(c)) return next();
    const bytes = await c.req.arrayBuffer();
    try {
      strictUtf8.decode(bytes);
    } catch {
      return options.refuse(c);
    }
    return next();
  };
}

/** The request as received, with a body that can still be read (utf8Body consumed the original's stream). */
export async function requestWithBody(c: Context): Promise<Request> {
  const raw = c.req.raw;
  if (!raw.body || !raw.bodyUsed) return raw;
  return new Request(raw.url, { method: raw.method, headers: raw.headers, body: await c.req.arrayBuffer(), signal: raw.signal });
}
