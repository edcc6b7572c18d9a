/**
 * Relay connections the same way for every list: page sizes checked, forward
 * (first/after) and backward (last/before) paging through @pothos/plugin-relay's
 * resolveCursorConnection, and a lazy totalCount (counted only when selected).
 */
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from "@pothos/plugin-relay";
import { ValidationError } from "../errors.ts";

/** The most nodes one page holds. */
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** first/last outside 0…MAX_PAGE_SIZE are refused (Pothos alone would clamp them silently). */
export function checkPageSize(args: PageArgs): void {
  for (const key of ["first", "last"] as const) {
    const size = args[key];
    if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
      throw ValidationError.fromIssues([{ path: [key], message: `must be between 0 and ${MAX_PAGE_SIZE}` }]);
    }
  }
}

/**
 * One page of a keyset-ordered list. `load` answers the nodes strictly between the
 * `after` and `before` cursors, at most `limit`, from the start of the order or, when
 * `inverted` (last/before), from its end in reverse order.
 */
export async function cursorConnection<T>(
  args: PageArgs,
  toCursor: (node: T) => string,
  load: (window: ResolveCursorConnectionArgs) => Promise<T[]>,
  count: () => Promise<number>,
) {
  checkPageSize(args);
  const connection = await resolveCursorConnection({ args, toCursor: (node: T) => toCursor(node) }, load);
  return { edges: connection.edges, pageInfo: connection.pageInfo, totalCount: count };
}

/** The totalCount field's resolver: the connection carries a lazy count. */
export const totalCountOf = (connection: unknown): Promise<number> => (connection as { totalCount: () => Promise<number> }).totalCount();
