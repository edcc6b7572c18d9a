/**
 * snake_case ⇄ camelCase between the REST wire format and the service layer.
 *
 * The REST body schemas are DERIVED from the shared zod schemas (common/invoice/
 * schema.ts) by renaming object keys, so the rules (lengths, decimals, dates,
 * enums, array bounds) are the very same objects the service validates with.
 */
import { z } from "zod";
import { ValidationError, type FieldIssue } from "../errors.ts";

export const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
export const camelCase = (key: string): string => key.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** Deep-renames object keys snake_case → camelCase (values untouched). */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelCase(k), camelKeys(v)]));
  return value;
}

/**
 * The same schema with every object key renamed to snake_case, recursively through
 * objects, arrays, optional and nullable. Leaves (strings, decimals, unions of
 * leaves) are reused as they are. Object-level refinements cannot be carried over
 * (they read camelCase keys), so an object schema that has them is refused.
 */
export function snakeSchema<T extends z.ZodType>(schema: T): z.ZodType<Record<string, unknown>> {
  return rename(schema) as z.ZodType<Record<string, unknown>>;
}

function rename(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    if (schema._zod.def.checks?.length) throw new Error("snakeSchema: object schemas with refinements are not supported");
    const shape = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [snakeCase(k), rename(v as z.ZodType)]));
    const meta = schema.meta();
    const renamed = z.object(shape);
    return meta ? renamed.meta(meta) : renamed;
  }
  if (schema instanceof z.ZodArray) {
    return schema.clone({ ...schema._zod.def, element: rename(schema.element as z.ZodType) });
  }
  if (schema instanceof z.ZodOptional) return rename(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodNullable) return rename(schema.unwrap() as z.ZodType).nullable();
  return schema;
}

/** A service ValidationError (camelCase paths) as the REST caller wrote it: snake_case paths under `prefix`. */
export function snakeValidationError(error: ValidationError, prefix: (string | number)[] = []): ValidationError {
  if (!error.issues.length) return error;
  const issues: FieldIssue[] = error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === "string" ? snakeCase(p) : p))],
    message: issue.message,
  }));
  return ValidationError.fromIssues(issues);
}
