/**
 * The Invobi REST API v1 (docs/spec/invobi-api-v1.txt). Handlers are thin:
 * parse and validate, call the service layer, shape the response. Routes are
 * declared as data (server/rest/route.ts), which also generates GET /openapi.json.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { duplicateInvoiceRoutes } from "../modules/invoices/duplicate-invoice.rest.ts";
import { invoiceSummaryRoutes } from "../modules/invoices/invoice-summary.rest.ts";
import { invoiceRoutes } from "../modules/invoices/invoices.rest.ts";
import { promptRoutes } from "../modules/prompts/prompts.rest.ts";
import { buildOpenApi } from "./openapi.ts";
import { domainErrorResponse, jsonError } from "./respond.ts";
import { registerRoutes, type AnyRoute } from "./route.ts";

/** Every documented /api/v1 route, in registration order. */
// The summary comes before /invoices/:id, which would otherwise take "summary" for an id.
export const V1_ROUTES: readonly AnyRoute[] = [...invoiceSummaryRoutes, ...invoiceRoutes, ...duplicateInvoiceRoutes, ...promptRoutes];

let openApiDocument: ReturnType<typeof buildOpenApi> | undefined;
export function v1OpenApi() {
  openApiDocument ??= buildOpenApi(V1_ROUTES);
  return openApiDocument;
}

export function createRestV1() {
  const v1 = new Hono<AppEnv>();
  v1.onError((error, c) => {
    const mapped = domainErrorResponse(c, error);
    if (mapped) return mapped;
    throw error;
  });
  v1.get("/openapi.json", (c) => c.json(v1OpenApi()));
  registerRoutes(v1, V1_ROUTES);
  v1.notFound((c) => jsonError(c, 404, `No route for ${c.req.method} ${c.req.path}`));
  return v1;
}
