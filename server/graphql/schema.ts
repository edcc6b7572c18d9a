/**
 * Assembles the schema: importing a module's *.graphql.ts registers its types,
 * queries and mutations on the shared builder.
 */
import { lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.ts";
import "./types/scalars.ts";
import "./types/errors.ts";
import "../modules/accounts/accounts.graphql.ts";
import "../modules/tokens/tokens.graphql.ts";
import "../modules/invoices/invoices.graphql.ts";
import "../modules/invoices/invoice-summary.graphql.ts";
import "../modules/invoices/duplicate-invoice.graphql.ts";
import "../modules/prompts/prompts.graphql.ts";
import "../modules/generation/generation.graphql.ts";

builder.queryType({});
builder.mutationType({});

export const schema = builder.toSchema({ sortSchema: true });

export function printSchemaSDL(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
