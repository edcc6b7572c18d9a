/**
 * Idempotency keys for POST and PATCH under /api/* (Stripe semantics).
 *
 * A client sends `Idempotency-Key: <key>` (1–255 visible ASCII characters). Within
 * 24 hours, per scope (the API token, or `session:<userId>` for browser sessions):
 *
 * - First request: a row (scope, key, method, path, requestHash) is INSERTED BEFORE
 *   the handler runs; the unique constraint on (scope, key) makes that insert the
 *   lock, so two concurrent duplicates can never both run the handler. When the
 *   handler has answered, its status and JSON body are stored on the row.
 * - Same key, same request (method, path + query, body; JSON bodies compared after
 *   sorting keys): the stored response is replayed (status, body) with
 *   `Idempotent-Replayed: true`, without running the handler.
 * - Same key, different request: 422 {"error"}.
 * - Same key while the first is still running: waits for it (up to `waitMs`), then
 *   replays; if it is still running after that: 409 {"error"} with Retry-After.
 * - Responses that are not the result of running the operation (5xx, 401, 403, 429)
 *   are not stored: the row is removed so a retry with the same key runs again.
 */
import { createHash } from "node:crypto";
import type { Context, Next } from "hono";
import type { AppEnv } from "../app.ts";
import { isUniqueViolation } from "../modules/accounts/accounts.service.ts";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
const NOT_STORED = new Set([401, 403, 429]);

export interface IdempotencyOptions {
  /** How long a duplicate waits for the first request to finish before 409 (default 10 s). */
  waitMs?: number;
  pollMs?: number;
}

/** JSON with object keys sorted, so {"a":1,"b":2} and {"b":2, "a":1} are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function requestHash(method: string, path: string, body: string): string {
  let canonical = body;
  if (body.trim() !== "") {
    try {
      canonical = canonicalJson(JSON.parse(body));
    } catch {
      // Not JSON: compare the raw bytes.
    }
  }
  return createHash("sha256").update(`${method}\n${path}\n${canonical}`).digest("hex");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function idempotency(options: IdempotencyOptions = {}) {
  const waitMs = options.waitMs ?? 10_000;
  const pollMs = options.pollMs ?? 50;
  let lastSweep = 0;

  return async (c: Context<AppEnv>, next: Next) => {
    const method = c.req.method;
    if (method !== "POST" && method !== "PATCH") return next();
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return next();
    const ctx = c.get("ctx");
    const viewer = ctx.viewer;
    // Unauthenticated: the route answers 401; there is no scope to store a key under.
    if (!viewer) return next();
    if (!KEY_PATTERN.test(key)) {
      return c.json({ error: `Invalid ${IDEMPOTENCY_HEADER} header: use 1 to 255 visible ASCII characters (e.g. a UUID)` }, 400);
    }

    const db = ctx.db;
    const now = ctx.now?.() ?? new Date();
    const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
    const scope = viewer.apiTokenId ?? `session:${viewer.user.id}`;
    const url = new URL(c.req.url);
    const path = url.pathname + url.search;
    const hash = requestHash(method, path, await c.req.text());

    if (now.getTime() - lastSweep > SWEEP_INTERVAL_MS) {
      lastSweep = now.getTime();
      await db.idempotencyKey.deleteMany({ where: { createdAt: { lt: cutoff } } });
    }

    const replay = (row: { statusCode: number | null; responseBody: string | null }) =>
      c.body(row.responseBody ?? "", row.statusCode as 200, {
        "Content-Type": "application/json; charset=UTF-8",
        "Idempotent-Replayed": "true",
      });

    // Claim the key, or find who holds it. Loops only when the holder vanished (expired or failed).
    let rowId: string | null = null;
    const deadline = Date.now() + waitMs;
    for (;;) {
      await db.idempotencyKey.deleteMany({ where: { scope, key, createdAt: { lt: cutoff } } });
      try {
        const row = await db.idempotencyKey.create({
          data: {
            userId: viewer.user.id,
            apiTokenId: viewer.apiTokenId,
            scope,
            key,
            method,
            path,
            requestHash: hash,
            createdAt: now,
          },
          select: { id: true },
        });
        rowId = row.id;
        break;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      let existing = await db.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
      if (existing && (existing.method !== method || existing.path !== path || existing.requestHash !== hash)) {
        return c.json(
          {
            error: `${IDEMPOTENCY_HEADER} "${key}" was already used for a different request (${existing.method} ${existing.path}); use a new key for a new request`,
          },
          422,
        );
      }
      while (existing && existing.statusCode === null && Date.now() < deadline) {
        await sleep(pollMs);
        existing = await db.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
      }
      if (existing?.statusCode != null) return replay(existing);
      if (existing) {
        c.header("Retry-After", "1");
        return c.json({ error: `A request with ${IDEMPOTENCY_HEADER} "${key}" is still being processed; retry shortly` }, 409);
      }
      // The first request failed and released the key: try to claim it again.
    }

    const release = () => db.idempotencyKey.deleteMany({ where: { id: rowId! } });
    try {
      await next();
    } catch (error) {
      await release();
      throw error;
    }
    const res = c.res;
    const isJson = /^application\/json/i.test(res.headers.get("content-type") ?? "");
    if (res.status >= 500 || NOT_STORED.has(res.status) || !isJson) {
      await release();
      return;
    }
    const responseBody = await res.clone().text();
    await db.idempotencyKey.update({ where: { id: rowId }, data: { statusCode: res.status, responseBody } });
  };
}
