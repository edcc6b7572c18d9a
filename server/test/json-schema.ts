/**
 * Validates values against schemas of a published OpenAPI 3.1 document (JSON Schema
 * draft 2020-12, formats included) with ajv. A schema's local references
 * (#/components/…) resolve against the document the schema came from.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM loader.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

export interface OpenApiDocument {
  components?: Record<string, unknown>;
}

/** A check of values against the document's schemas: one message per problem, none for a match. */
export type SchemaCheck = (schema: object, value: unknown) => string[];

export function openApiSchemaCheck(doc: OpenApiDocument): SchemaCheck {
  // strict: the OpenAPI extras (components beside the schema) are not JSON Schema keywords.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new WeakMap<object, ValidateFunction>();
  return (schema, value) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile({ ...schema, components: doc.components });
      compiled.set(schema, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map(describeError);
  };
}

function describeError(error: ErrorObject): string {
  const where = `$${error.instancePath.replaceAll("/", ".")}`;
  if (error.keyword === "additionalProperties") return `${where}: unexpected property ${String(error.params.additionalProperty)}`;
  if (error.keyword === "required") return `${where}: missing required property ${String(error.params.missingProperty)}`;
  return `${where}: ${error.message ?? error.keyword}`;
}
