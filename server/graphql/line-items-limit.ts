/**
 * One GraphQL operation may carry at most MAX_LINE_ITEMS invoice lines in total, the same
 * bound one REST request has (one invoice of at most MAX_LINE_ITEMS lines). Without it, 30
 * aliased createInvoice mutations of 1,000 lines each are 30,000 lines of parsing, money
 * math and inserts in one request. Checked before anything executes, so a refused
 * operation writes nothing.
 */
import { GraphQLError, Kind, getOperationAST, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import { MAX_LINE_ITEMS } from "../../common/invoice/schema.ts";

/** Input fields that hold invoice lines (CreateInvoiceInput.items, UpdateInvoiceInput.items). */
const LINES_FIELD = "items";

type Variables = Record<string, unknown>;

/** Lines in a JSON value given through a variable: every `items` array, at any depth. */
function linesInJson(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, entry) => sum + linesInJson(entry), 0);
  if (value === null || typeof value !== "object") return 0;
  let lines = 0;
  for (const [key, entry] of Object.entries(value)) lines += key === LINES_FIELD && Array.isArray(entry) ? entry.length : linesInJson(entry);
  return lines;
}

/** Lines in an argument as written in the document (literals and variables mixed). */
function linesInValue(node: ValueNode, variables: Variables): number {
  switch (node.kind) {
    case Kind.VARIABLE:
      return linesInJson(variables[node.name.value]);
    case Kind.LIST:
      return node.values.reduce((sum, value) => sum + linesInValue(value, variables), 0);
    case Kind.OBJECT:
      return node.fields.reduce((sum, field) => {
        if (field.name.value !== LINES_FIELD) return sum + linesInValue(field.value, variables);
        if (field.value.kind === Kind.LIST) return sum + field.value.values.length;
        if (field.value.kind === Kind.VARIABLE) {
          const list = variables[field.value.name.value];
          return sum + (Array.isArray(list) ? list.length : 0);
        }
        return sum;
      }, 0);
    default:
      return 0;
  }
}

/** Lines per field (by response name) in the operation that will run. */
export function linesPerField(document: DocumentNode, operationName: string | null | undefined, variables: Variables): Map<string, number> {
  const counts = new Map<string, number>();
  const operation = getOperationAST(document, operationName);
  if (!operation) return counts;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const lines = (selection.arguments ?? []).reduce((sum, argument) => sum + linesInValue(argument.value, variables), 0);
        const name = selection.alias?.value ?? selection.name.value;
        if (lines > 0) counts.set(name, (counts.get(name) ?? 0) + lines);
        if (selection.selectionSet) visit(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return counts;
}

export function limitLineItems(max = MAX_LINE_ITEMS): Plugin {
  return {
    onExecute({ args }) {
      const counts = linesPerField(args.document, args.operationName, (args.variableValues ?? {}) as Variables);
      const total = [...counts.values()].reduce((sum, lines) => sum + lines, 0);
      if (total <= max) return;
      const fields = [...counts].map(([name, lines]) => `${name}: ${lines}`).join(", ");
      throw new GraphQLError(`Too many invoice lines in one operation: ${total} (${fields}); at most ${max} per operation — send them in several requests`, {
        extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
      });
    },
  };
}
