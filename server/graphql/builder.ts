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

/**
 * Limits real SPA queries stay far below: the invoice list page costs ~300; even a
 * full-detail page of 100 invoices (items, taxes, totals, prompt labels) is ~13,000.
 */
export const COMPLEXITY_LIMITS = { complexity: 20_000, depth: 12, breadth: 150 };

/**
 * Cost of a Relay connection grows with the page size asked for. `edges` already
 * multiplies by the default list multiplier (10), so the connection contributes
 * first/10: together ≈ `first` × node cost.
 */
export function connectionComplexity(args: { first?: number | null; last?: number | null }) {
  return { field: 1, multiplier: Math.max(1, Math.ceil((args.first ?? args.last ?? 20) / 10)) };
}

/** Prisma's "record not found" (P2025) from a node loader becomes null. */
async function nullIfMissing<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code === "P2025") return null;
    throw error;
  }
}

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
    // Node loaders are scoped to the viewer's account; a miss (or another account's id) is null, not an error.
    nodeQueryOptions: {
      authScopes: { read: true },
      resolve: (_root, { id }, _ctx, _info, resolveNode) => nullIfMissing(async () => resolveNode(id)),
    },
    nodesQueryOptions: {
      authScopes: { read: true },
      resolve: (_root, { ids }, _ctx, _info, resolveNodes) =>
        ids.map((id) => nullIfMissing(async () => (await resolveNodes([id]))[0])),
    },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: COMPLEXITY_LIMITS,
    complexityError: (kind, result) => {
      const measure = { Complexity: "complexity", Depth: "depth", Breadth: "breadth" } as const;
      const key = measure[kind];
      const max = { complexity: result.maxComplexity, depth: result.maxDepth, breadth: result.maxBreadth }[key];
      const adjective = { complexity: "costly", depth: "deep", breadth: "broad" }[key];
      return new GraphQLError(`Query too ${adjective}: ${key} ${result[key]} exceeds the limit of ${max}`, {
        extensions: { code: "QUERY_TOO_COMPLEX" },
      });
    },
  },
});
