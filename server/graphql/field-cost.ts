/**
 * Expensive mutation fields count once per field against the caller's rate limit, not
 * once per request: 30 aliased createInvoice calls spend 30 requests' worth. And an
 * operation may hold at most one of the sign-in/generation fields (each is a password
 * hash or a model call, and sign-in guesses must not be batched).
 *
 * Root fields are counted statically over the operation, through fragment spreads and
 * inline fragments; a field under @skip/@include still counts (the cautious reading).
 * The request already paid one point in the rate-limit middleware, so an operation with
 * n expensive fields spends n − 1 more before anything runs; if the budget cannot cover
 * them, nothing runs: 429, Retry-After and RATE_LIMITED with extensions.retryAfter.
 */
import {
  GraphQLError,
  getOperationAST,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import type { GraphQLContext } from "./builder.ts";

/** Each costs one rate-limit point per occurrence. */
export const EXPENSIVE_FIELDS: ReadonlySet<string> = new Set(["signIn", "signUp", "generateInvoice", "createInvoice", "createApiToken"]);
/** At most one of these per operation. */
export const EXCLUSIVE_FIELDS: ReadonlySet<string> = new Set(["signIn", "signUp", "generateInvoice"]);

/** How often each root field name occurs in a mutation operation (0 for queries). */
export function rootFieldCounts(
  operation: OperationDefinitionNode,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
): Map<string, number> {
  const counts = new Map<string, number>();
  if (operation.operation !== "mutation") return counts;
  const visiting = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) counts.set(selection.name.value, (counts.get(selection.name.value) ?? 0) + 1);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else {
        const name = selection.name.value;
        const definition = fragment(name);
        // A cycle is reported by graphql's own NoFragmentCycles rule; here it just stops.
        if (!definition || visiting.has(name)) continue;
        visiting.add(name);
        walk(definition.selectionSet);
        visiting.delete(name);
      }
    }
  };
  walk(operation.selectionSet);
  return counts;
}

const total = (counts: Map<string, number>, names: ReadonlySet<string>) =>
  [...counts].reduce((sum, [name, n]) => sum + (names.has(name) ? n : 0), 0);

const listOf = (names: ReadonlySet<string>) => [...names].join(", ");

function fragmentsOf(document: DocumentNode) {
  const byName = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) byName.set(definition.name.value, definition);
  }
  return (name: string) => byName.get(name);
}

export function fieldCost(): Plugin<GraphQLContext> {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(
        (context: ValidationContext): ASTVisitor => ({
          OperationDefinition(node) {
            const exclusive = total(rootFieldCounts(node, (name) => context.getFragment(name)), EXCLUSIVE_FIELDS);
            if (exclusive > 1) {
              context.reportError(
                new GraphQLError(`An operation may hold at most one of ${listOf(EXCLUSIVE_FIELDS)} (this one holds ${exclusive})`, {
                  nodes: node,
                  extensions: { code: "QUERY_TOO_COMPLEX" },
                }),
              );
            }
          },
        }),
      );
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      const budget = (args.contextValue as GraphQLContext).requestBudget;
      if (!operation || !budget) return;
      const expensive = total(rootFieldCounts(operation, fragmentsOf(args.document)), EXPENSIVE_FIELDS);
      if (expensive <= 1) return;
      const decision = await budget.spend(expensive - 1);
      if (decision.allowed) return;
      const retryAfter = Math.max(1, Math.ceil(decision.msBeforeReset / 1000));
      const message =
        `Rate limit exceeded: each ${listOf(EXPENSIVE_FIELDS)} field counts as one request, and this operation's ` +
        `${expensive} do not fit in what is left of ${decision.limit} per window; retry in ${retryAfter} s`;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(message, {
            extensions: { code: "RATE_LIMITED", retryAfter, http: { status: 429, headers: { "Retry-After": String(retryAfter) } } },
          }),
        ],
      });
    },
  };
}
