/**
 * Pothos builder configuration only: plugins, scalars' TypeScript shapes, scopes.
 * Types live next to their module (server/modules/<feature>/*.graphql.ts).
 * Plugin order matters: scope-auth first, errors before prisma.
 */
import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ValidationPlugin from "@pothos/plugin-validation";
import { GraphQLError } from "graphql";
import type { RequestContext } from "../context.ts";
import type PrismaTypes from "../db/generated/pothos-types.ts";
import { getDatamodel } from "../db/generated/pothos-types.ts";

export interface GraphQLContext extends RequestContext {}

/** Limits real SPA queries stay far below (the heaviest, the invoice list page, costs ~300). */
export const COMPLEXITY_LIMITS = { complexity: 5_000, depth: 12, breadth: 150 };

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean; read: boolean; write: boolean };
  Scalars: {
    /** Calendar date "YYYY-MM-DD". */
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
    /** Exact decimal as a string, e.g. "9.975". */
    Decimal: { Input: string; Output: string };
    /** Integer that may exceed 2^53, as a string. */
    BigInt: { Input: bigint; Output: bigint | string | number };
  };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, ValidationPlugin, ComplexityPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      read: ctx.viewer?.permissions.read ?? false,
      write: ctx.viewer?.permissions.write ?? false,
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer
        ? new GraphQLError("Forbidden: your credentials lack the permission this operation needs", {
            extensions: { code: "FORBIDDEN" },
          })
        : new GraphQLError("Authentication required: sign in or send 'Authorization: Bearer <token>'", {
            extensions: { code: "UNAUTHENTICATED" },
          }),
  },
  errors: { defaultTypes: [] },
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: COMPLEXITY_LIMITS,
  },
});
