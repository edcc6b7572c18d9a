/**
 * Pothos builder configuration only: plugins, scalars' TypeScript shapes, scopes.
 * Types live next to their module (server/modules/<feature>/*.graphql.ts).
 * Plugin order matters: errors first, so a mutation's failed permission check (scope-auth)
 * is caught like any other error and answered as the payload's ForbiddenError member;
 * errors before prisma.
 */
import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin, { decodeGlobalID, resolveNodes } from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ValidationPlugin from "@pothos/plugin-validation";
import { GraphQLError } from "graphql";
import type { RequestContext } from "../context.ts";
import { ForbiddenError } from "../errors.ts";
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

/**
 * Prisma's "record not found" (P2025) from a node loader becomes null, and so does
 * an ID naming a type that is not a loadable node (Pothos: "Nope has not been
 * implemented", "User does not support loading by id").
 */
async function nullIfMissing<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code === "P2025") return null;
    if (error instanceof Error && /^Pothos(Schema|Validation)Error$/.test(error.name)) return null;
    throw error;
  }
}

/** The most ids nodes(ids:) loads in one call. */
export const MAX_NODE_IDS = 20;

/** A malformed global ID ("abc", "") names no node: decoded to no type, so node(id:) answers null like any miss. */
function decodeNodeId(globalID: string): { typename: string; id: string } {
  try {
    return decodeGlobalID(globalID);
  } catch {
    return { typename: "", id: globalID };
  }
}

const upperFirst = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean; read: boolean; write: boolean; admin: boolean };
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
  plugins: [ErrorsPlugin, ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ValidationPlugin, ComplexityPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      read: ctx.viewer?.permissions.read ?? false,
      write: ctx.viewer?.permissions.write ?? false,
      admin: ctx.viewer?.permissions.admin ?? false,
    }),
    // Anonymous callers get a top-level UNAUTHENTICATED everywhere. A signed-in caller
    // without the permission gets FORBIDDEN: on a mutation as the payload's ForbiddenError
    // member (every mutation lists it), on a query as a top-level error.
    unauthorizedError: (_parent, ctx, info) =>
      ctx.viewer && info.parentType.name === "Mutation"
        ? new ForbiddenError("Forbidden: your credentials lack the permission this operation needs")
        : ctx.viewer
        ? new GraphQLError("Forbidden: your credentials lack the permission this operation needs", {
            extensions: { code: "FORBIDDEN" },
          })
        : new GraphQLError("Authentication required: sign in or send 'Authorization: Bearer <token>'", {
            extensions: { code: "UNAUTHENTICATED" },
          }),
  },
  // Mutation payloads by convention: createInvoice → CreateInvoicePayload (union) of
  // CreateInvoiceSuccess and the error types; the success's data field is named per mutation.
  errors: {
    defaultTypes: [],
    defaultUnionOptions: { name: ({ fieldName }) => `${upperFirst(fieldName)}Payload` },
    defaultResultOptions: { name: ({ fieldName }) => `${upperFirst(fieldName)}Success` },
  },
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    decodeGlobalID: decodeNodeId,
    // Node loaders are scoped to the viewer's account; a miss (or another account's id) is null, not an error.
    nodeQueryOptions: {
      authScopes: { read: true },
      resolve: (_root, { id }, _ctx, _info, resolveNode) => nullIfMissing(async () => resolveNode(id)),
    },
    nodesQueryOptions: {
      authScopes: { read: true },
      // Each id on its own, so one miss is one null. (The loader Pothos passes to this resolve
      // ignores its argument and loads ALL ids: calling it per id loaded N² nodes and answered
      // the first one at every position.) One at a time: Prisma batches concurrent findUnique
      // calls into one query, which dozens of unknown ids push past the database's parameter
      // limit. Bounded: each miss costs a Prisma not-found error (tens of ms).
      resolve: async (_root, { ids }, ctx, info) => {
        if (ids.length > MAX_NODE_IDS) {
          throw new GraphQLError(`ids: at most ${MAX_NODE_IDS} ids per call (got ${ids.length})`, { extensions: { code: "VALIDATION" } });
        }
        const nodes: unknown[] = [];
        for (const id of ids) nodes.push(await nullIfMissing(async () => (await resolveNodes(builder, ctx, info, [id]))[0]));
        return nodes;
      },
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
