/**
 * Pothos hands resolvers the Prisma selection for the GraphQL selection. A query
 * that selects only `__typename` yields `{ select: {} }`, which Prisma rejects;
 * always select the id too.
 */
export function withId<Q extends object>(query: Q): Q {
  const select = (query as { select?: Record<string, unknown> }).select;
  return select ? ({ ...query, select: { ...select, id: true } } as Q) : query;
}
