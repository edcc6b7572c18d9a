import { GraphQLError, Kind } from "graphql";
import { builder } from "../builder.ts";

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: unknown): string {
  if (typeof value === "string" && DATE_PATTERN.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(value)) return value;
  }
  throw new GraphQLError(`Date must be a calendar date "YYYY-MM-DD", got ${JSON.stringify(value)}`);
}

builder.scalarType("Date", {
  description: 'A calendar date without time zone, "YYYY-MM-DD" (ISO 8601).',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDateTime(value: unknown): Date {
  if (typeof value === "string") {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime()) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return d;
  }
  throw new GraphQLError(`DateTime must be an ISO 8601 timestamp, got ${JSON.stringify(value)}`);
}

builder.scalarType("DateTime", {
  description: "An instant in time, ISO 8601 with time zone (UTC), e.g. 2025-01-15T10:30:00.000Z.",
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDecimal(value: unknown): string {
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  throw new GraphQLError(`Decimal must be a decimal string like "12.50", got ${JSON.stringify(value)}`);
}

builder.scalarType("Decimal", {
  description: 'An exact decimal number as a string, e.g. "9.975". Never a binary float.',
  serialize: (value) => value,
  parseValue: parseDecimal,
  parseLiteral: (ast) =>
    parseDecimal(ast.kind === Kind.STRING ? ast.value : ast.kind === Kind.INT ? Number(ast.value) : undefined),
});

builder.scalarType("BigInt", {
  description: "An integer that may exceed 2^53, serialized as a decimal string.",
  serialize: (value) => String(value),
  parseValue: (value) => {
    if ((typeof value === "string" && /^-?\d+$/.test(value)) || (typeof value === "number" && Number.isSafeInteger(value)))
      return BigInt(value);
    throw new GraphQLError(`BigInt must be an integer string, got ${JSON.stringify(value)}`);
  },
});
