/**
 * `npm start`: validate config, apply migrations, open the database, serve on PORT,
 * and shut down gracefully (stop accepting, finish in-flight requests, close the DB).
 */
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { holdSharedInstanceLockIfFile, InstanceLockError, type InstanceLock } from "./db/instance-lock.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { sqliteNotWritable } from "./db/startup-checks.ts";
import { createLogger } from "./logger.ts";
import { createProductionApp } from "./production-app.ts";

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    // Creating DATA_DIR or its session secret failed (read-only or not ours): say which path, in one sentence.
    const { code, path } = error as { code?: string; path?: string };
    if (code && path) {
      console.error(`Cannot start: ${path} is not writable (${code === "EROFS" ? "read-only file system" : code}); DATA_DIR must be a directory the server can write.`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const notWritable = sqliteNotWritable(config.DATABASE_URL);
  if (notWritable) {
    console.error(notWritable);
    process.exit(1);
  }
  // Held until the process ends (the OS drops it even on SIGKILL): `invobi restore` refuses to run meanwhile.
  let instanceLock: InstanceLock | null = null;
  try {
    instanceLock = holdSharedInstanceLockIfFile(config.DATABASE_URL);
  } catch (error) {
    if (!(error instanceof InstanceLockError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
  await migrateDatabase(config.DATABASE_URL);
  const database = await openDatabase(config.DATABASE_URL, {
    timeouts: {
      connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      busyTimeoutMs: config.DATABASE_BUSY_TIMEOUT_MS,
    },
    // The pool drops the lost connection and opens a new one for the next request.
    onConnectionLost: (error) => logger.warn({ err: { message: error.message, code: (error as { code?: string }).code } }, "database connection lost"),
  });
  const { app, rateLimiter } = createProductionApp({ config, logger, database, spaDir: join(import.meta.dirname, "..", "dist", "client") });
  if (rateLimiter.store === "redis" && !(await rateLimiter.ready(5_000))) {
    logger.warn("Redis (REDIS_URL) is not reachable yet: rate limits are per process until it is");
  }
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    logger.info({ port: info.port, database: database.provider }, `Invobi listening on http://localhost:${info.port}`);
  });
  // Node closes a keep-alive socket 5 s after its last response; when the event loop was busy,
  // a request the client already sent on that socket is then reset unanswered (seen under load
  // in the backup test). 65 s outlasts common proxies' idle timeouts, so the client closes first.
  const httpServer = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // close() stops accepting and resolves once in-flight requests have finished.
    server.close(async () => {
      await rateLimiter.close();
      await database.close();
      instanceLock?.release();
      logger.info("stopped");
      process.exit(0);
    });
    // Idle keep-alive sockets would otherwise hold close() open.
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
