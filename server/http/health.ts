/**
 * GET /healthz: ok only when a read (and with ?write=1 a rolled-back write) succeeds
 * within a deadline; else 503 naming what failed.
 */
import type { Handler } from "hono";
import type { Db, DbProvider } from "../db/client.ts";
import { checkDatabase } from "../db/health.ts";
import type { Logger } from "../logger.ts";
import type { AppEnv } from "./env.ts";

export function healthCheck({ db, provider, logger }: { db: Db; provider: DbProvider; logger: Logger }): Handler<AppEnv> {
  return async (c) => {
    const write = c.req.query("write") === "1";
    const check = await checkDatabase(db, provider, { write });
    if (check.ok) return c.json({ status: "ok", database: provider });
    logger.warn({ failed: check.failed, error: check.error }, "health check failed");
    return c.json({ status: "error", database: provider, failed: check.failed, error: check.error }, 503);
  };
}
