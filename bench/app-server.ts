/**
 * The real app in its own process, wired by the same createProductionApp as server/main.ts
 * (loadConfig, openDatabase, the configured rate limiter, every port incl. the PDF renderer,
 * @hono/node-server, pino at LOG_LEVEL to stdout) minus two start-up steps a
 * benchmark database does not need: migrations (the seeded copy is migrated) and
 * the SPA directory. Reports its port to the parent over IPC.
 *
 *   DATABASE_URL=file:… PORT=0 HOST=127.0.0.1 RATE_LIMIT_PER_MINUTE=… node --import tsx bench/app-server.ts
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { loadConfig } from "../server/config.ts";
import { openDatabase } from "../server/db/client.ts";
import { createLogger } from "../server/logger.ts";
import { createProductionApp } from "../server/production-app.ts";

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL });
const database = await openDatabase(config.DATABASE_URL);
const { app, rateLimiter } = createProductionApp({ config, logger, database, spaDir: null });
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info: AddressInfo) => {
  process.send?.({ ready: true, port: info.port });
});

process.on("SIGTERM", () => {
  server.close(async () => {
    await rateLimiter.close();
    await database.close();
    process.exit(0);
  });
  (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  setTimeout(() => process.exit(0), 3_000).unref();
});
