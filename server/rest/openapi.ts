/**
 * The OpenAPI 3.1 document of /api/v1, GENERATED from the route declarations: the
 * query, body and response schemas are the zod schemas the handlers validate and
 * shape with (z.toJSONSchema, draft 2020-12, the dialect of OpenAPI 3.1).
 */
import { z } from "zod";
import type { AnyRoute, RouteSpec } from "./route.ts";
import { ErrorJson } from "./schemas.ts";

type JsonSchema = Record<string, unknown>;

const RATE_LIMIT_HEADERS = {
  "X-RateLimit-Limit": { description: "The maximum number of requests allowed per minute.", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "The number of requests remaining in the current window.", schema: { type: "integer" } },
  "X-RateLimit-Reset": { description: "Unix timestamp (seconds) when the rate limit window resets.", schema: { type: "integer" } },
  "RateLimit-Policy": { description: 'IETF draft: the policy, e.g. "100;w=60".', schema: { type: "string" } },
  RateLimit: { description: 'IETF draft: "limit=100, remaining=N, reset=S" (S: seconds until reset).', schema: { type: "string" } },
} as const;

const headerRefs = Object.fromEntries(Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]));

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const result = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete result.$schema;
  return result;
}

/** A query parameter's schema: the meta-declared wire type (integer/boolean) replaces the string rules. */
function parameterSchema(schema: z.ZodType): JsonSchema {
  const result = jsonSchema(schema, "input");
  if (result.type === "integer" || result.type === "boolean") {
    delete result.pattern;
    delete result.enum;
  }
  if ("x-default" in result) {
    result.default = result["x-default"];
    delete result["x-default"];
  }
  return result;
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };

function errorResponse(description: string) {
  return { description, headers: headerRefs, content: { "application/json": { schema: ERROR_REF } } };
}

function operation(route: RouteSpec<z.ZodType, z.ZodType>) {
  const parameters: JsonSchema[] = [];
  for (const name of route.path.match(/:(\w+)/g) ?? []) {
    const key = name.slice(1);
    parameters.push({ name: key, in: "path", required: true, description: route.params?.[key], schema: { type: "string" } });
  }
  if (route.query) {
    const shape = (route.query as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
    for (const [name, field] of Object.entries(shape)) {
      const schema = parameterSchema(field);
      const description = schema.description as string | undefined;
      delete schema.description;
      parameters.push({ name, in: "query", required: !field.safeParse(undefined).success, description, schema });
    }
  }

  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    if (!spec) continue;
    const content = spec.schema
      ? { [spec.contentType ?? "application/json"]: { schema: spec.schema === ErrorJson ? ERROR_REF : jsonSchema(spec.schema, "output") } }
      : { [spec.contentType ?? "application/octet-stream"]: { schema: { type: "string", format: "binary" } } };
    responses[status] = { description: spec.description, headers: headerRefs, content };
  }
  const add = (status: number, description: string) => {
    if (!(status in responses)) responses[status] = errorResponse(description);
  };
  if (route.query || route.body || parameters.length) add(400, "Invalid request body or parameters.");
  if (route.permission) {
    add(401, "Missing or invalid API token.");
    add(403, `Insufficient permissions: the token lacks ${route.permission} permission.`);
  }
  if (route.path.includes(":")) add(404, "Not found (or owned by another account).");
  if (route.method === "post" || route.method === "patch") {
    add(409, "Conflict, e.g. a duplicate invoice number, or a request with the same Idempotency-Key still in progress.");
    add(422, "The Idempotency-Key was already used for a different request.");
  }
  if (route.body) {
    add(413, "Request body larger than 1 MB.");
    add(415, "The body is not declared as application/json.");
  }
  add(429, "Rate limit exceeded.");

  const op: Record<string, unknown> = {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.tag],
    security: route.permission ? [{ bearerAuth: [] }] : [],
    "x-permission": route.permission,
    parameters,
    responses,
  };
  if (route.method === "post" || route.method === "patch") {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Makes the request safe to retry: the same key with the same request within 24 hours replays the first response (header Idempotent-Replayed: true). " +
        "If the server failed before answering, a retry with the key runs the request again, and a create answers with what the first attempt stored instead of creating it twice. " +
        "While the first attempt still runs: 409 with Retry-After.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  if (route.body) {
    const schema =
      "schema" in route.body
        ? jsonSchema(route.body.schema, "input")
        : { oneOf: route.body.variants.map((variant) => jsonSchema(variant, "input")) };
    op.requestBody = {
      required: route.body.required,
      description: route.body.description,
      content: { "application/json": { schema } },
    };
  }
  return op;
}

export interface OpenApiOptions {
  title?: string;
  version?: string;
  serverUrl?: string;
}

export function buildOpenApi(routes: readonly AnyRoute[], options: OpenApiOptions = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][route.method] = operation(route);
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: options.title ?? "Invobi API",
      version: options.version ?? "1.0.0",
      description:
        "Create and manage invoices programmatically. Authenticate with `Authorization: Bearer YOUR_API_TOKEN`. " +
        "Requests are limited per token (default 100 per minute); every response carries X-RateLimit-* headers. " +
        'Every error is JSON {"error": "<message>"}.',
    },
    servers: [{ url: options.serverUrl ?? "/api/v1" }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API token from your account settings (inv_…)." },
      },
      headers: RATE_LIMIT_HEADERS,
      schemas: { Error: jsonSchema(ErrorJson, "output") },
    },
  };
}
