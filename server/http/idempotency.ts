/**
 * Idempotency keys for POST and PATCH under /api/* (Stripe semantics).
 *
 * A client sends `Idempotency-Key: <key>` (1–255 visible ASCII characters). Within
 * 24 hours, per scope (the API token, or `session:<userId>` for browser sessions):
 *
 * - First request: a row (scope, key, method, path, requestHash, claimedAt) is
 *   INSERTED BEFORE the handler runs; the unique constraint on (scope, key) makes
 *   that insert the lock, so two concurrent duplicates can never both run the
 *   handler. When the handler has answered, its status and JSON body are stored on
 *   the row.
 * - Same key, same request (method, path + query, body; JSON bodies compared after
 *   sorting keys): the stored response is replayed (status, body) with
 *   `Idempotent-Replayed: true`, without running the handler.
 * - Same key, different request: 422 {"error"}.
 * - Same key while the first is still running: waits for it (up to `waitMs`), then
 *   replays; if it is still running after that: 409 {"error"} with Retry-After =
 *   the seconds until its lease ends (by then it has answered, or is abandoned).
 * - Crash recovery: a pending claim older than the lease (`leaseMs`, config
 *   IDEMPOTENCY_LEASE_MS, longer than any request can run) was abandoned by a
 *   process that died between running the handler and storing its answer. The next
 *   identical request takes the claim over (a conditional update on the old
 *   claimedAt, so of several concurrent retries exactly one wins; the others wait
 *   for it like any duplicate) and runs the handler again. Handlers get the row id
 *   as the request key (requestKeyOf(c)): the create services store it on the
 *   created row in the same transaction, unique per account, and a re-run returns
 *   the row the first run committed — so the retry answers 201 with the same
 *   invoice or prompt, never a second one. Other writes simply run again and
 *   answer what a second call answers: PATCH /invoices/:id re-applies the same
 *   fields (200, the invoice as it is now); mark-paid sets paid again (200; paid_at,
 *   or today's date — the same day unless the retry crosses midnight); mark-unpaid
 *   on an unpaid invoice is a no-op (200); a 4xx (e.g. the invoice was deleted
 *   meanwhile) is answered and stored like any first answer.
 * - Responses that are not the result of running the operation (5xx, 401, 403,
 *   429, non-JSON) are not stored, so a retry with the same key runs again. After a
 *   5xx (which may follow a commit) the row is kept as "released" (claimedAt =
 *   epoch: reclaimable at once, same request key); after 401/403/429, which ran
 *   nothing, it is removed.
 */
import { createHash } from "node:crypto";
import type { Context, Next } from "hono";
import { isJsonContentType } from "./content-type.ts";
import type { AppEnv } from "./env.ts";
import { idempotencyLeaseFor } from "../config.ts";
import { isUniqueViolation } from "../db/errors.ts";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
const NOT_STORED = new Set([401, 403, 429]);
/** claimedAt of a key released after a failure: its lease is over, the next identical request runs at once. */
const RELEASED = new Date(0);

export interface IdempotencyOptions {
  /** How long a duplicate waits for the first request to finish before 409 (default 10 s). */
  waitMs?: number;
  pollMs?: number;
  /**
   * How long a pending claim is honoured; older ones are abandoned and reclaimed
   * (createApp passes config IDEMPOTENCY_LEASE_MS; default idempotencyLeaseFor(60 s)).
   */
  leaseMs?: number;
}

/**
 * The request key of a request sent with an Idempotency-Key (the id of its row), for
 * the create services: they store it on the created row and, when a row with it
 * already exists (a retry after a crash), return that row instead of creating
 * another. Undefined without a key.
 */
export function requestKeyOf(c: Context<AppEnv>): string | undefined {
  return c.get("requestKey");
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
  const leaseMs = options.leaseMs ?? idempotencyLeaseFor(60_000);
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
    const clock = () => ctx.now?.() ?? new Date();
    const now = clock();
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
    const find = () => db.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });

    // Claim the key (insert, or take over an abandoned claim), replay its answer, or wait for its holder.
    let claim: { id: string; claimedAt: Date } | null = null;
    let existing: Awaited<ReturnType<typeof find>> = null;
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (!existing) {
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
              claimedAt: now,
            },
            select: { id: true },
          });
          claim = { id: row.id, claimedAt: now };
          break;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
        existing = await find();
        if (!existing) continue; // Removed meanwhile (expired, or released by a 401/403/429): claim it.
      }
      const released = existing.statusCode === null && existing.claimedAt.getTime() === RELEASED.getTime();
      if (existing.method !== method || existing.path !== path || existing.requestHash !== hash) {
        if (released) {
          // The first request failed without an answer: the key is free for another request, as if unused.
          await db.idempotencyKey.deleteMany({ where: { id: existing.id, statusCode: null, claimedAt: RELEASED } });
          existing = null;
          continue;
        }
        return c.json(
          {
            error: `${IDEMPOTENCY_HEADER} "${key}" was already used for a different request (${existing.method} ${existing.path}); use a new key for a new request`,
          },
          422,
        );
      }
      if (existing.statusCode !== null) return replay(existing);
      const at = clock();
      const leaseEnd = existing.claimedAt.getTime() + leaseMs;
      if (at.getTime() >= leaseEnd) {
        // Abandoned (its process died) or released: take the claim over — only one of concurrent retries can.
        const { count } = await db.idempotencyKey.updateMany({
          where: { id: existing.id, statusCode: null, claimedAt: existing.claimedAt },
          data: { claimedAt: at },
        });
        if (count === 1) {
          claim = { id: existing.id, claimedAt: at };
          break;
        }
        existing = await find();
        continue;
      }
      if (Date.now() >= deadline) {
        // By the end of the lease the holder has answered (replayed then) or is abandoned (run again then).
        const seconds = Math.max(1, Math.ceil((leaseEnd - at.getTime()) / 1000));
        c.header("Retry-After", String(seconds));
        return c.json(
          { error: `A request with ${IDEMPOTENCY_HEADER} "${key}" is still being processed; retry after ${seconds} s` },
          409,
        );
      }
      await sleep(pollMs);
      existing = await find();
    }

    // Every write below is conditional on still holding the claim: a holder that outlived its
    // lease and was taken over must not overwrite or release its successor's claim.
    const mine = { id: claim.id, claimedAt: claim.claimedAt, statusCode: null };
    c.set("requestKey", claim.id);
    const release = () => db.idempotencyKey.updateMany({ where: mine, data: { claimedAt: RELEASED } });
    try {
      await next();
    } catch (error) {
      await release();
      throw error;
    }
    const res = c.res;
    const isJson = isJsonContentType(res.headers.get("content-type"));
    if (NOT_STORED.has(res.status)) {
      // Refused before anything ran: forget the key.
      await db.idempotencyKey.deleteMany({ where: mine });
      return;
    }
    if (res.status >= 500 || !isJson) {
      await release();
      return;
    }
    const responseBody = await res.clone().text();
    await db.idempotencyKey.updateMany({ where: mine, data: { statusCode: res.status, responseBody } });
  };
}
