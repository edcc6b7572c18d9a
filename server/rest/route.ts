/**
 * REST routes as data. Each route declares its method, path, permission, the zod
 * schemas of its query and body, and the zod schemas of its responses; the same
 * declaration registers the Hono handler (validation included) and generates the
 * OpenAPI document (server/rest/openapi.ts), so the two cannot drift apart.
 */
import type { Context, Hono, Next } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { isJsonContentType } from "../http/content-type.ts";
import type { AppEnv } from "../http/env.ts";
import { findTextProblem, MAX_INPUT_DEPTH } from "../../common/text.ts";
import { ValidationError, formatPath, type FieldIssue } from "../errors.ts";
import { requirePermission, type Permission } from "./auth.ts";
import { ApiError, jsonError } from "./respond.ts";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface ResponseSpec {
  description: string;
  /** JSON body schema (output side). Omitted with contentType: a binary body. */
  schema?: z.ZodType;
  contentType?: string;
}

/** The body a route accepts: one schema, or several chosen by the body's keys (documented as oneOf). */
export type BodySpec<B extends z.ZodType> =
  | { schema: B; required: boolean; description?: string }
  | {
      variants: B[];
      /** Picks the variant for a parsed JSON object, or returns an error message. */
      select(raw: Record<string, unknown>): B | string;
      required: boolean;
      description?: string;
    };

export interface RouteInput<Q extends z.ZodType, B extends z.ZodType> {
  query: z.output<Q>;
  body: z.output<B>;
  params: Record<string, string>;
}

export interface RouteSpec<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: HttpMethod;
  /** Hono syntax relative to the API's base ("/invoices/:id"). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** null: public (no token needed). */
  permission: Permission | null;
  query?: Q;
  body?: BodySpec<B>;
  /** Path parameter descriptions. */
  params?: Record<string, string>;
  responses: Partial<Record<number, ResponseSpec>>;
  handler(c: Context<AppEnv>, input: RouteInput<Q, B>): Promise<Response> | Response;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any>;

export function defineRoute<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(spec: RouteSpec<Q, B>): AnyRoute {
  return spec as AnyRoute;
}

/** A typed JSON response: the compiler checks `data` against the documented schema. */
export function respond<S extends z.ZodType>(c: Context, _schema: S, data: z.output<S>, status: ContentfulStatusCode = 200) {
  return c.json(data as object, status);
}

// ---------------------------------------------------------------- input

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the request body as a JSON object. An empty body is `{}` unless required.
 * Errors: 415 for a body that is not declared as JSON, 400 for malformed JSON or a
 * non-object. The message never quotes the body (it may carry an API key).
 */
export async function readJsonObject(c: Context, required: boolean): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === "") {
    if (required) throw new ApiError(400, "Request body is required: send a JSON object with Content-Type: application/json");
    return {};
  }
  const contentType = c.req.header("content-type");
  if (!isJsonContentType(contentType)) {
    throw new ApiError(
      415,
      `Unsupported Content-Type ${contentType ? `"${contentType.slice(0, 100)}"` : "(none)"}: send the body as JSON with Content-Type: application/json`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, "Malformed JSON in request body");
  }
  if (!isPlainObject(value)) throw new ApiError(400, "Request body must be a JSON object");
  // PostgreSQL text cannot store NUL and Prisma refuses unpaired surrogates: refused up front
  // as a 400 naming the field, instead of failing in the database. So is absurd nesting.
  const problem = findTextProblem(value);
  if (problem?.tooDeep) throw new ApiError(400, `Request body is nested too deeply: at most ${MAX_INPUT_DEPTH} levels`);
  if (problem) throw ValidationError.fromIssues([{ path: problem.path, message: problem.message }]);
  return value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/**
 * Zod issues as field issues: a missing required field reads "is required" rather
 * than a type error, and each field reports only its first problem.
 */
function toIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const key = formatPath(path);
    if (seen.has(key)) continue;
    seen.add(key);
    const missing = issue.code === "invalid_type" && valueAt(input, issue.path) === undefined;
    issues.push({ path, message: missing ? "is required" : issue.message });
  }
  return issues;
}

export function parseQuery<Q extends z.ZodType>(schema: Q, query: Record<string, string>): z.output<Q> {
  const bad = findTextProblem(query);
  if (bad) throw new ValidationError(`Invalid query parameter ${formatPath(bad.path)}: ${bad.message}`, [{ path: bad.path, message: bad.message }]);
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issues = toIssues(parsed.error, query);
  const summary = issues.map((i) => `${formatPath(i.path) || "query"}: ${i.message}`).join("; ");
  throw new ValidationError(`Invalid query parameter ${summary}`, issues);
}

export function parseBody<B extends z.ZodType>(schema: B, body: unknown): z.output<B> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw ValidationError.fromIssues(toIssues(parsed.error, body));
}

async function parseInput(c: Context<AppEnv>, route: AnyRoute): Promise<RouteInput<z.ZodType, z.ZodType>> {
  const params = c.req.param() as Record<string, string>;
  const badParam = findTextProblem(params);
  if (badParam) {
    throw new ValidationError(`Invalid path parameter ${formatPath(badParam.path)}: ${badParam.message}`, [{ path: badParam.path, message: badParam.message }]);
  }
  const query = route.query ? parseQuery(route.query, c.req.query()) : {};
  let body: unknown = undefined;
  if (route.body) {
    const raw = await readJsonObject(c, route.body.required);
    if ("schema" in route.body) {
      body = parseBody(route.body.schema, raw);
    } else {
      const chosen = route.body.select(raw);
      if (typeof chosen === "string") throw new ApiError(400, chosen);
      body = parseBody(chosen, raw);
    }
  }
  return { query, body, params };
}

// ---------------------------------------------------------------- query parameter helpers

/** An integer query parameter (digits only) in [min, max], `fallback` when absent. */
export function queryInt(options: { min: number; max: number; fallback: number; description: string }) {
  const { min, max, fallback, description } = options;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `must be an integer between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()
    .transform((v) => v ?? fallback)
    .meta({ type: "integer", minimum: min, maximum: max, "x-default": fallback, description } as Record<string, unknown>);
}

/** A boolean query parameter: "true" or "false". */
export function queryBool(description: string) {
  return z
    .enum(["true", "false"], { message: "must be true or false" })
    .transform((v) => v === "true")
    .optional()
    .meta({ type: "boolean", description } as Record<string, unknown>);
}

// ---------------------------------------------------------------- registration

const allowedMethods = (routes: AnyRoute[]) => {
  const methods = new Set<string>();
  for (const route of routes) {
    methods.add(route.method.toUpperCase());
    if (route.method === "get") methods.add("HEAD");
  }
  methods.add("OPTIONS");
  return [...methods].join(", ");
};

/**
 * Registers every route, grouped by path in order of first appearance. After a
 * path's handlers come OPTIONS (204 + Allow) and a catch-all answering 405 + Allow,
 * so a literal path ("/prompts/labels") declared before a parameterised one
 * ("/prompts/:id") is never captured by it, whatever the method.
 */
export function registerRoutes(app: Hono<AppEnv>, routes: readonly AnyRoute[]) {
  const byPath = new Map<string, AnyRoute[]>();
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
  for (const [path, group] of byPath) {
    for (const route of group) {
      const guard = route.permission ? requirePermission(route.permission) : async (_c: Context<AppEnv>, next: Next) => next();
      app.on(route.method.toUpperCase(), path, guard, async (c) => route.handler(c, await parseInput(c, route)));
    }
    const allow = allowedMethods(group);
    app.options(path, (c) => c.body(null, 204, { Allow: allow }));
    app.all(path, (c) => {
      c.header("Allow", allow);
      return jsonError(c, 405, `Method ${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow}`);
    });
  }
}
