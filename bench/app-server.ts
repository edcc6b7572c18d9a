/**
 * The real app in its own process, wired exactly as server/main.ts wires it
 * (loadConfig, openDatabase, rateLimiterFromConfig, createApp with the PDF renderer,
 * @hono/node-server, pino at LOG_LEVEL to stdout) minus two start-up steps a
 * benchmark database does not need: migrations (the seeded copy is migrated) and
 * the SPA directory. Reports its port to the parent over IPC.
 *
 *   DATABASE_URL=file:… PORT=0 HOST=127.0.0.1 RATE_LIMIT_PER_MINUTE=… node --import tsx bench/app-server.ts
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import { openDatabase } from "../server/db/client.ts";
import { rateLimiterFromConfig } from "../server/http/rate-limit.ts";
import { createLogger } from "../server/logger.ts";
import { generateInvoiceForRequest } from "../server/modules/generation/generate.ts";
import { renderStoredInvoicePdf } from "../server/modules/invoices/invoice-pdf.ts";

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL });
const database = await openDatabase(config.DATABASE_URL);
const rateLimiter = rateLimiterFromConfig(config, logger);
const app = createApp({
  rateLimiter,
  db: database.prisma,
  provider: database.provider,
  config,
  logger,
  generateInvoice: generateInvoiceForRequest,
  renderInvoicePdf: renderStoredInvoicePdf,
  spaDir: null,
});
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
