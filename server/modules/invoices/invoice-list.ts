/**
 * Invoice lists: the filter (invoiceWhere), counting, offset pages and keyset (cursor)
 * pages, and the cursor codec. REST, GraphQL and the SPA's server calls list through
 * these; every query is scoped to ctx.userId.
 */
import type { InvoiceStatus } from "../../../common/invoice/types.ts";
import { textProblem } from "../../../common/text.ts";
import type { Prisma } from "../../db/generated/sqlite/client.ts";
import { searchKey } from "../../db/search-text.ts";
import { ValidationError } from "../../errors.ts";
import { nowOf, type ServiceContext } from "../../service-context.ts";
import { getUser } from "../accounts/accounts.service.ts";
import { todayIn } from "./dates.ts";
import { INVOICE_INCLUDE, type InvoiceWithLines } from "./invoice.mapper.ts";

function invalid(path: (string | number)[], message: string): ValidationError {
  return ValidationError.fromIssues([{ path, message }]);
}

export type InvoiceSortField = "issuedAt" | "dueAt" | "createdAt" | "total" | "number";
export interface InvoiceOrder {
  field: InvoiceSortField;
  direction: "asc" | "desc";
}
export const DEFAULT_ORDER: InvoiceOrder = { field: "createdAt", direction: "desc" };

export interface InvoiceFilter {
  /** Invobi's meaning: paid = has a paid date. */
  paid?: boolean | null;
  status?: InvoiceStatus[] | null;
  /** Due date passed and neither paid nor cancelled. */
  overdue?: boolean | null;
  /** Case-insensitive text over title, number and customer. */
  search?: string | null;
  issuedFrom?: string | null;
  issuedTo?: string | null;
}

const SORT_COLUMN = {
  issuedAt: "issuedAt",
  dueAt: "dueAt",
  createdAt: "createdAt",
  total: "totalMinor",
  number: "number",
} as const satisfies Record<InvoiceSortField, keyof Prisma.InvoiceWhereInput>;

export const MAX_SEARCH_LENGTH = 200;

export async function invoiceWhere(ctx: ServiceContext, filter: InvoiceFilter = {}): Promise<Prisma.InvoiceWhereInput> {
  const and: Prisma.InvoiceWhereInput[] = [{ userId: ctx.userId }];
  if (filter.paid === true) and.push({ paidAt: { not: null } });
  if (filter.paid === false) and.push({ paidAt: null });
  if (filter.status?.length) and.push({ status: { in: filter.status } });
  if (filter.issuedFrom) and.push({ issuedAt: { gte: filter.issuedFrom } });
  if (filter.issuedTo) and.push({ issuedAt: { lte: filter.issuedTo } });
  const search = filter.search?.trim();
  // REST caps it in its query schema; GraphQL's filter is a plain String. SQLite refuses LIKE patterns over 50,000 bytes.
  if (search && search.length > MAX_SEARCH_LENGTH) throw invalid(["search"], `must be at most ${MAX_SEARCH_LENGTH} characters`);
  if (search) and.push({ searchText: { contains: searchKey(search) } });
  if (filter.overdue !== undefined && filter.overdue !== null) {
    const user = await getUser(ctx.db, ctx.userId);
    const today = todayIn(user.timezone, nowOf(ctx));
    const overdue: Prisma.InvoiceWhereInput = {
      paidAt: null,
      status: { notIn: ["paid", "cancelled"] },
      dueAt: { lt: today },
    };
    and.push(filter.overdue ? overdue : { NOT: overdue });
  }
  return { AND: and };
}

/**
 * How many invoices match `where` (from invoiceWhere). Without a filter that is the
 * account's InvoiceCounter row — kept exact by database triggers, one primary-key
 * read at any size — instead of a COUNT over every invoice of the account.
 */
export async function countInvoices(ctx: ServiceContext, where: Prisma.InvoiceWhereInput): Promise<number> {
  const conditions = where.AND;
  if (Array.isArray(conditions) && conditions.length === 1 && Object.keys(where).length === 1) {
    const only = conditions[0]!;
    if (Object.keys(only).length === 1 && only.userId === ctx.userId) {
      const counter = await ctx.db.invoiceCounter.findUnique({ where: { userId: ctx.userId }, select: { invoices: true } });
      return counter?.invoices ?? 0;
    }
  }
  return ctx.db.invoice.count({ where });
}

function orderByOf(order: InvoiceOrder, reverse = false): Prisma.InvoiceOrderByWithRelationInput[] {
  const direction = reverse ? (order.direction === "asc" ? "desc" : "asc") : order.direction;
  return [{ [SORT_COLUMN[order.field]]: direction }, { id: direction }];
}

export interface InvoicePage {
  invoices: InvoiceWithLines[];
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
}

/** Page-based access (REST): page ≥ 1, perPage 1–100. */
export async function listInvoicesPage(
  ctx: ServiceContext,
  args: { filter?: InvoiceFilter; orderBy?: InvoiceOrder; page: number; perPage: number },
): Promise<InvoicePage> {
  const where = await invoiceWhere(ctx, args.filter);
  const [total, invoices] = await Promise.all([
    countInvoices(ctx, where),
    ctx.db.invoice.findMany({
      where,
      include: INVOICE_INCLUDE,
      orderBy: orderByOf(args.orderBy ?? DEFAULT_ORDER),
      skip: (args.page - 1) * args.perPage,
      take: args.perPage,
    }),
  ]);
  return { invoices, total, page: args.page, perPage: args.perPage, totalPages: Math.ceil(total / args.perPage) };
}

// Keyset cursors carry the sort value and the id, so they stay valid when rows are inserted or deleted.
type CursorValue = string | number;

export function encodeInvoiceCursor(invoice: { id: string } & Record<string, unknown>, order: InvoiceOrder): string {
  const raw = invoice[SORT_COLUMN[order.field]];
  const value: CursorValue = raw instanceof Date ? raw.toISOString() : typeof raw === "bigint" ? raw.toString() : String(raw);
  return Buffer.from(JSON.stringify([order.field, value, invoice.id])).toString("base64url");
}

function decodeInvoiceCursor(cursor: string, order: InvoiceOrder, argName: string): { value: unknown; id: string } {
  try {
    const [field, value, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string, string];
    if (field !== order.field || typeof value !== "string" || typeof id !== "string") throw new Error("mismatch");
    const typed = order.field === "createdAt" ? new Date(value) : order.field === "total" ? BigInt(value) : value;
    // Only what encodeInvoiceCursor writes: an exact ISO instant, an int64, text the database can compare.
    const exact = typed instanceof Date ? typed.toISOString() : String(typed);
    if (exact !== value || textProblem(value) || textProblem(id)) throw new Error("not a cursor we wrote");
    if (typeof typed === "bigint" && (typed < -(2n ** 63n) || typed >= 2n ** 63n)) throw new Error("out of range");
    return { value: typed, id };
  } catch {
    throw invalid([argName], "is not a valid cursor for this ordering");
  }
}

function keysetWhere(order: InvoiceOrder, cursor: { value: unknown; id: string }, forward: boolean): Prisma.InvoiceWhereInput {
  const column = SORT_COLUMN[order.field];
  const ascending = (order.direction === "asc") === forward;
  const op = ascending ? "gt" : "lt";
  return { OR: [{ [column]: { [op]: cursor.value } }, { [column]: cursor.value, id: { [op]: cursor.id } }] };
}

export interface InvoiceKeysetArgs {
  filter?: InvoiceFilter;
  orderBy?: InvoiceOrder;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface InvoiceKeysetPage<T> {
  nodes: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: () => Promise<number>;
  order: InvoiceOrder;
}

export const MAX_PAGE_SIZE = 100;

/**
 * Keyset (cursor) access (GraphQL connections). `query` lets GraphQL pass the
 * nested selection (Pothos' `...query`) so relations load in the same round trip.
 */
export async function listInvoicesKeyset<T = InvoiceWithLines>(
  ctx: ServiceContext,
  args: InvoiceKeysetArgs,
  query: { include?: Prisma.InvoiceInclude; select?: Prisma.InvoiceSelect } = { include: INVOICE_INCLUDE },
): Promise<InvoiceKeysetPage<T>> {
  const order = args.orderBy ?? DEFAULT_ORDER;
  if (args.first != null && args.last != null) throw invalid(["first"], "cannot be combined with last");
  const size = args.last ?? args.first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw invalid([args.last != null ? "last" : "first"], `must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  const backward = args.last != null;
  const base = await invoiceWhere(ctx, args.filter);
  const and: Prisma.InvoiceWhereInput[] = [base];
  if (args.after) and.push(keysetWhere(order, decodeInvoiceCursor(args.after, order, "after"), true));
  if (args.before) and.push(keysetWhere(order, decodeInvoiceCursor(args.before, order, "before"), false));
  const rows = (await ctx.db.invoice.findMany({
    ...query,
    where: { AND: and },
    orderBy: orderByOf(order, backward),
    take: size + 1,
  })) as unknown as T[];
  const extra = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  return {
    nodes: page,
    hasNextPage: backward ? Boolean(args.before) : extra,
    hasPreviousPage: backward ? extra : Boolean(args.after),
    totalCount: () => countInvoices(ctx, base),
    order,
  };
}

/**
 * A window of the keyset order for a Relay connection (the GraphQL layer pages with
 * @pothos/plugin-relay's resolveCursorConnection): invoices strictly between the `after`
 * and `before` cursors, at most `limit`, from the start of the order or, `inverted`
 * (last/before paging), from its end in reverse order. `where` is invoiceWhere's.
 */
export async function listInvoicesWindow<T = InvoiceWithLines>(
  ctx: ServiceContext,
  where: Prisma.InvoiceWhereInput,
  order: InvoiceOrder,
  window: { after?: string | undefined; before?: string | undefined; limit: number; inverted: boolean },
  query: { include?: Prisma.InvoiceInclude; select?: Prisma.InvoiceSelect } = { include: INVOICE_INCLUDE },
): Promise<T[]> {
  const and: Prisma.InvoiceWhereInput[] = [where];
  if (window.after) and.push(keysetWhere(order, decodeInvoiceCursor(window.after, order, "after"), true));
  if (window.before) and.push(keysetWhere(order, decodeInvoiceCursor(window.before, order, "before"), false));
  return (await ctx.db.invoice.findMany({ ...query, where: { AND: and }, orderBy: orderByOf(order, window.inverted), take: window.limit })) as unknown as T[];
}
