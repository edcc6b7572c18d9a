/**
 * The app as `npm start` runs it: every port wired (hosted generation, server-side PDF)
 * and the rate limiter the configuration asks for. server/main.ts serves it; the
 * benchmark's app process (bench/app-server.ts) uses the same wiring so it measures
 * what production runs.
 */
import type { Logger } from "./logger.ts";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/client.ts";
import { rateLimiterFromConfig } from "./http/rate-limiter.ts";
import { generateInvoiceForRequest } from "./modules/generation/generate.ts";
import { renderStoredInvoicePdf } from "./modules/invoices/invoice-pdf.ts";

export function createProductionApp(options: { config: Config; logger: Logger; database: Database; spaDir: string | null }) {
  const { config, logger, database } = options;
  // Memory, or Redis (shared by every process) when REDIS_URL is set; the caller closes it on shutdown.
  const rateLimiter = rateLimiterFromConfig(config, logger);
  const app = createApp({
    rateLimiter,
    db: database.prisma,
    provider: database.provider,
    config,
    logger,
    generateInvoice: generateInvoiceForRequest,
    renderInvoicePdf: renderStoredInvoicePdf,
    spaDir: options.spaDir,
  });
  return { app, rateLimiter };
}
