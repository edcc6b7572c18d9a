/**
 * A small JSON Schema (draft 2020-12) checker for the subset z.toJSONSchema emits,
 * used by tests to validate real responses against the published OpenAPI document.
 * Keywords: $ref (local), type, enum, const, properties, required,
 * additionalProperties, items, prefixItems, anyOf, oneOf, allOf, not, pattern,
 * minLength, maxLength, minimum, maximum, exclusiveMinimum, exclusiveMaximum,
 * minItems, maxItems, format (date, date-time, email, uri). Unknown keywords are
 * annotations and ignored.
 */
type Schema = Record<string, unknown> | boolean;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const FORMATS: Record<string, (v: string) => boolean> = {
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
  "date-time": (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  email: (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v),
  uri: (v) => {
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  },
};

export function checkJsonSchema(schema: Schema, value: unknown, root: unknown = schema, path = "$"): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: no value is allowed here`];
  const errors: string[] = [];
  const s = schema;

  if (typeof s.$ref === "string") {
    if (!s.$ref.startsWith("#/")) return [`${path}: unsupported $ref ${s.$ref}`];
    let target: unknown = root;
    for (const part of s.$ref.slice(2).split("/")) target = (target as Record<string, unknown> | undefined)?.[part];
    if (target === undefined) return [`${path}: unresolved $ref ${s.$ref}`];
    errors.push(...checkJsonSchema(target as Schema, value, root, path));
  }

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((type) => matchesType(value, type))) {
      return [...errors, `${path}: expected ${types.join(" | ")}, got ${typeOf(value)}`];
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => deepEqual(option, value))) {
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  }
  if ("const" in s && !deepEqual(s.const, value)) errors.push(`${path}: expected ${JSON.stringify(s.const)}`);

  if (typeof value === "string") {
    if (typeof s.minLength === "number" && [...value].length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === "number" && [...value].length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`);
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value)) errors.push(`${path}: does not match ${s.pattern}`);
    if (typeof s.format === "string" && FORMATS[s.format] && !FORMATS[s.format]!(value)) {
      errors.push(`${path}: not a valid ${s.format}`);
    }
  }
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) errors.push(`${path}: below ${s.minimum}`);
    if (typeof s.maximum === "number" && value > s.maximum) errors.push(`${path}: above ${s.maximum}`);
    if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum) errors.push(`${path}: not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum) errors.push(`${path}: not below ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && value.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === "number" && value.length > s.maxItems) errors.push(`${path}: more than ${s.maxItems} items`);
    const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as Schema[]) : [];
    value.forEach((item, i) => {
      const itemSchema = i < prefix.length ? prefix[i] : (s.items as Schema | undefined);
      if (itemSchema !== undefined) errors.push(...checkJsonSchema(itemSchema, item, root, `${path}[${i}]`));
    });
  }
  if (typeOf(value) === "object") {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required ?? []) as string[]) {
      if (!(key in object)) errors.push(`${path}: missing required property ${key}`);
    }
    for (const [key, item] of Object.entries(object)) {
      if (key in properties) errors.push(...checkJsonSchema(properties[key]!, item, root, `${path}.${key}`));
      else if (s.additionalProperties !== undefined) {
        errors.push(...checkJsonSchema(s.additionalProperties as Schema, item, root, `${path}.${key}`).map((e) =>
          s.additionalProperties === false ? `${path}: unexpected property ${key}` : e,
        ));
      }
    }
  }

  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) errors.push(...checkJsonSchema(sub, value, root, path));
  if (Array.isArray(s.anyOf)) {
    const results = (s.anyOf as Schema[]).map((sub) => checkJsonSchema(sub, value, root, path));
    if (!results.some((r) => r.length === 0)) errors.push(`${path}: matches none of anyOf (${results.map((r) => r[0]).join("; ")})`);
  }
  if (Array.isArray(s.oneOf)) {
    const matches = (s.oneOf as Schema[]).filter((sub) => checkJsonSchema(sub, value, root, path).length === 0).length;
    if (matches !== 1) errors.push(`${path}: matches ${matches} of oneOf, expected exactly 1`);
  }
  if (s.not !== undefined && checkJsonSchema(s.not as Schema, value, root, path).length === 0) errors.push(`${path}: matches "not"`);
  return errors;
}
