/**
 * The invoice service: the one place where invoice rules live. GraphQL, REST, the
 * AI generator and the SPA's server calls all go through these functions.
 *
 * - Every call is scoped to ctx.userId: another account's ids are "not found".
 * - Totals come from the shared money module and are stored (minor units) only so
 *   lists can sort and filter by them; screens recompute from the lines.
 * - Writes happen in one transaction: bad input changes nothing.
 */
import { INVOICE_STATUSES, type CustomerFields, type DetailLine, type InvoiceDocument, type InvoiceStatus, type InvoiceTotals } from "../../../common/invoice/types.ts";
import { InvoiceCreateSchema, InvoiceUpdateSchema, type InvoiceCreateInput, type InvoiceUpdateInput } from "../../../common/invoice/schema.ts";
import { MoneyError, computeTotals } from "../../../common/money/index.ts";
import type { Db } from "../../db/client.ts";
import type { Prisma, User } from "../../db/generated/sqlite/client.ts";
import { ConflictError, NotFoundError, ValidationError, fromZodError, type FieldIssue } from "../../errors.ts";
import { nowOf, type ServiceContext } from "../../service-context.ts";
import { getUser } from "../accounts/accounts.service.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { detailLines } from "../../db/json.ts";
import { searchKey } from "../../db/search-text.ts";
import { LLM_PROVIDERS } from "../../../common/llm-providers.ts";
import { billToLines } from "../../../common/invoice/bill-to.ts";
import { canonicalLocale } from "../../../common/locale.ts";
import { hasNoNul, NO_NUL_MESSAGE, textProblem } from "../../../common/text.ts";
import { addDays, todayIn } from "./dates.ts";
import { customerColumns, INVOICE_INCLUDE, lineRows, toInvoiceDocument, totalColumns, type InvoiceWithLines } from "./invoice.mapper.ts";
import { canTransition, isOverdue, transitionError } from "./invoice.rules.ts";
import { amountTooLarge, negativeTotal } from "./invoice-amounts.ts";

export { INVOICE_INCLUDE, toInvoiceDocument, type InvoiceWithLines } from "./invoice.mapper.ts";

export const DEFAULT_PAYMENT_TERM_DAYS = 30;

/** Where the invoice came from, when the AI generator made it. */
export interface InvoiceOrigin {
  promptId?: string | null;
  promptText?: string | null;
  llmProvider?: string | null;
}

type Tx = Prisma.TransactionClient;
// Concurrent creates queue on the per-account counter (and on SQLite's single writer): give them room.
const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

// ---------------------------------------------------------------- errors

/** "items[2].unitPrice" → ["items", 2, "unitPrice"] */
function parseFieldPath(field: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) path.push(Number(match[2]));
    else if (match[1] !== undefined) path.push(match[1]);
  }
  return path;
}

function invalid(path: (string | number)[], message: string): ValidationError {
  return ValidationError.fromIssues([{ path, message }]);
}

/**
 * The totals of lines about to be stored, or the ValidationError naming what is wrong: a money
 * error, an amount beyond 64 bits, or (unless the lines are the stored ones, unchanged) a negative total.
 */
function totalsOrValidationError(input: Parameters<typeof computeTotals>[0], options: { linesUnchanged?: boolean } = {}): InvoiceTotals {
  let totals: InvoiceTotals;
  try {
    totals = computeTotals(input);
  } catch (error) {
    if (error instanceof MoneyError) throw invalid(parseFieldPath(error.field), error.reason);
    throw error;
  }
  // A negative total stored before the rule existed must not block a status change.
  const issue = amountTooLarge(totals, input.taxes.length > 0) ?? (options.linesUnchanged ? null : negativeTotal(totals));
  if (issue) throw ValidationError.fromIssues([issue]);
  return totals;
}

function assertLocale(locale: string): string {
  const canonical = canonicalLocale(locale);
  if (canonical) return canonical;
  throw invalid(["locale"], "must be a BCP 47 locale like en-US or de-DE");
}

// ---------------------------------------------------------------- reads

export async function getInvoice(ctx: ServiceContext, id: string): Promise<InvoiceWithLines> {
  const invoice = await ctx.db.invoice.findFirst({ where: { id, userId: ctx.userId }, include: INVOICE_INCLUDE });
  if (!invoice) throw new NotFoundError("Invoice");
  return invoice;
}

/** Lines read per query by getInvoiceInSlices. */
export const ITEMS_PER_READ = 250;

/**
 * getInvoice for a large invoice on a hot path (the PDF download): its lines are read
 * ITEMS_PER_READ at a time with an event-loop turn between the reads, because Prisma turns
 * 1,000 rows into objects on the main thread in one piece (~30 ms each, more under load).
 */
export async function getInvoiceInSlices(ctx: ServiceContext, id: string): Promise<InvoiceWithLines> {
  const { items: _items, ...withoutItems } = INVOICE_INCLUDE;
  const invoice = await ctx.db.invoice.findFirst({ where: { id, userId: ctx.userId }, include: withoutItems });
  if (!invoice) throw new NotFoundError("Invoice");
  const items: InvoiceWithLines["items"] = [];
  for (;;) {
    const slice = await ctx.db.invoiceItem.findMany({ where: { invoiceId: id }, orderBy: { position: "asc" }, skip: items.length, take: ITEMS_PER_READ });
    items.push(...slice);
    if (slice.length < ITEMS_PER_READ) return { ...invoice, items };
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Totals recomputed from the stored lines: what every face shows. */
export function invoiceTotals(invoice: InvoiceWithLines): InvoiceTotals {
  return computeTotals({
    currency: invoice.currency,
    items: invoice.items,
    discounts: invoice.discounts.map((d) => ({ ...d, kind: d.kind as "percent" | "fixed" })),
    taxes: invoice.taxes,
  });
}

// ---------------------------------------------------------------- derived columns

/** The account's business profile: default from-details of new invoices. */
export function profileLines(user: User): DetailLine[] {
  const lines: DetailLine[] = [];
  if (user.businessName) lines.push({ label: "Name", value: user.businessName });
  return [...lines, ...detailLines(user.businessDetails)];
}

/** Detail lines are plain {label, value} records: valid JSON by construction. */
function asJson(lines: DetailLine[]): Prisma.InputJsonValue {
  return lines as unknown as Prisma.InputJsonValue;
}

/** What invoice search matches: title, number, customer name and email, bill-to lines. */
export function invoiceSearchText(title: string, number: string, customer: CustomerFields, toDetails: DetailLine[]): string {
  return searchKey([title, number, customer.name, customer.email, ...toDetails.map((l) => l.value)].filter(Boolean).join(" \u0001 "));
}

/**
 * Line rows are inserted ITEMS_PER_INSERT at a time, yielding to the event loop in between:
 * Prisma prepares a 1,000-row insert on the main thread in one piece (~0.3 s), during
 * which no other request — not even /healthz — would be served.
 */
export const ITEMS_PER_INSERT = 100;

async function insertItems(tx: Tx, invoiceId: string, items: ReturnType<typeof lineRows>["items"]): Promise<void> {
  for (let start = 0; start < items.length; start += ITEMS_PER_INSERT) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    await tx.invoiceItem.createMany({ data: items.slice(start, start + ITEMS_PER_INSERT).map((row) => ({ ...row, invoiceId })) });
  }
}

function checkDates(issuedAt: string, dueAt: string, paidAt: string | null) {
  const issues: FieldIssue[] = [];
  if (dueAt < issuedAt) issues.push({ path: ["dueAt"], message: `must not be before the issue date ${issuedAt}` });
  if (paidAt !== null && paidAt < issuedAt) issues.push({ path: ["paidAt"], message: `must not be before the issue date ${issuedAt}` });
  if (issues.length) throw ValidationError.fromIssues(issues);
}

// ---------------------------------------------------------------- numbering

function formatNumber(prefix: string, digits: number, n: number): string {
  return `${prefix}${String(n).padStart(digits, "0")}`;
}

/**
 * Next number of the account's sequence. The increment is one UPDATE, so concurrent
 * transactions serialize on the account row (PostgreSQL row lock; SQLite's single
 * writer) and never see the same value. Numbers a caller chose are skipped.
 */
async function nextInvoiceNumber(tx: Tx, userId: string): Promise<string> {
  for (;;) {
    const counter = await tx.user.update({
      where: { id: userId },
      data: { nextInvoiceNumber: { increment: 1 } },
      select: { nextInvoiceNumber: true, invoiceNumberPrefix: true, invoiceNumberDigits: true },
    });
    const number = formatNumber(counter.invoiceNumberPrefix, counter.invoiceNumberDigits, counter.nextInvoiceNumber - 1);
    const taken = await tx.invoice.findFirst({ where: { userId, number }, select: { id: true } });
    if (!taken) return number;
  }
}

function duplicateNumber(number: string): ConflictError {
  return new ConflictError(`Invoice number ${number} is already used by another invoice`);
}

// ---------------------------------------------------------------- writes

/** A recorded origin must name a known provider and, if any, one of the caller's own saved prompts. */
async function checkOrigin(ctx: ServiceContext, origin: InvoiceOrigin): Promise<void> {
  if (origin.llmProvider && !(LLM_PROVIDERS as readonly string[]).includes(origin.llmProvider)) {
    throw invalid(["origin", "llmProvider"], `must be one of ${LLM_PROVIDERS.join(", ")}`);
  }
  if (origin.promptText && origin.promptText.length > 10_000) {
    throw invalid(["origin", "promptText"], "must be at most 10000 characters");
  }
  if (origin.promptText && !hasNoNul(origin.promptText)) throw invalid(["origin", "promptText"], NO_NUL_MESSAGE);
  if (origin.promptId) {
    const prompt = await ctx.db.prompt.findFirst({ where: { id: origin.promptId, userId: ctx.userId }, select: { id: true } });
    if (!prompt) throw new NotFoundError("Prompt");
  }
}

/** How a create is made idempotent (server/http/idempotency.ts). */
export interface CreateOptions {
  /**
   * The request's idempotency key (requestKeyOf: the Idempotency-Key row id), stored
   * on the new row in the same transaction, unique per account. When the account
   * already has a row with it — the same request ran before and committed, then its
   * answer was lost (crash) — that row is returned and nothing is created.
   */
  requestKey?: string | null;
}

/** The account's invoice created by the request with this key, or null. */
export async function findInvoiceByRequestKey(ctx: ServiceContext, requestKey: string | null | undefined): Promise<InvoiceWithLines | null> {
  if (!requestKey) return null;
  const found = await ctx.db.invoice.findFirst({ where: { userId: ctx.userId, requestKey }, select: { id: true } });
  return found ? getInvoice(ctx, found.id) : null;
}

export async function createInvoice(
  ctx: ServiceContext,
  input: InvoiceCreateInput | unknown,
  origin: InvoiceOrigin = {},
  options: CreateOptions = {},
): Promise<InvoiceWithLines> {
  const requestKey = options.requestKey || null;
  // A re-run of a request that already created its invoice: that invoice, before any check
  // (its explicit number, for one, is taken now — by itself).
  const done = await findInvoiceByRequestKey(ctx, requestKey);
  if (done) return done;
  const parsed = InvoiceCreateSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const data = parsed.data;
  await checkOrigin(ctx, origin);
  const user = await getUser(ctx.db, ctx.userId);
  const today = todayIn(user.timezone, nowOf(ctx));

  const issuedAt = data.issuedAt ?? today;
  const dueAt = data.dueAt ?? addDays(issuedAt, DEFAULT_PAYMENT_TERM_DAYS);
  let status = (data.status ?? (data.paidAt ? "paid" : "draft")) as InvoiceStatus;
  if (data.paidAt && status !== "paid") {
    throw invalid(["status"], `must be paid when paidAt is given (got ${status})`);
  }
  const paidAt = status === "paid" ? (data.paidAt ?? today) : null;
  if (status === "paid" && paidAt === null) status = "draft";
  checkDates(issuedAt, dueAt, paidAt);

  const currency = data.currency ?? user.defaultCurrency;
  const locale = assertLocale(data.locale ?? user.locale);
  const discounts = data.discounts ?? [];
  const taxes = data.taxes ?? [];
  const totals = totalsOrValidationError({ currency, items: data.items, discounts, taxes });
  const customer = data.customer ?? {};
  const toDetails = data.toDetails ?? billToLines(customer, locale);
  const rows = lineRows({ items: data.items, discounts, taxes }, totals);

  try {
    const id = await ctx.db.$transaction(async (tx) => {
      let number = data.number;
      if (number) {
        if (await tx.invoice.findFirst({ where: { userId: ctx.userId, number }, select: { id: true } })) {
          throw duplicateNumber(number);
        }
      } else {
        number = await nextInvoiceNumber(tx, ctx.userId);
      }
      const title = data.title || `Invoice ${number}`;
      const created = await tx.invoice.create({
        data: {
          userId: ctx.userId,
          number,
          title,
          status,
          issuedAt,
          dueAt,
          paidAt,
          currency,
          locale,
          notes: data.notes ?? null,
          fromDetails: asJson(data.fromDetails ?? profileLines(user)),
          toDetails: asJson(toDetails),
          paymentDetails: asJson(data.paymentDetails ?? []),
          ...customerColumns(customer),
          searchText: invoiceSearchText(title, number, customer, toDetails),
          ...totalColumns(totals),
          promptId: origin.promptId ?? null,
          promptText: origin.promptText ?? null,
          llmProvider: origin.llmProvider ?? null,
          requestKey,
          discounts: { createMany: { data: rows.discounts } },
          taxes: { createMany: { data: rows.taxes } },
        },
        select: { id: true },
      });
      await insertItems(tx, created.id, rows.items);
      return created.id;
    }, TX_OPTIONS);
    return getInvoice(ctx, id);
  } catch (error) {
    if (requestKey && (isUniqueViolation(error) || error instanceof ConflictError)) {
      // A concurrent run of the same request committed first.
      const winner = await findInvoiceByRequestKey(ctx, requestKey);
      if (winner) return winner;
    }
    if (isUniqueViolation(error)) throw duplicateNumber(data.number ?? "");
    throw error;
  }
}

export async function updateInvoice(
  ctx: ServiceContext,
  id: string,
  input: InvoiceUpdateInput | unknown,
): Promise<InvoiceWithLines> {
  const parsed = InvoiceUpdateSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const patch = parsed.data;
  const existing = await getInvoice(ctx, id);
  const user = await getUser(ctx.db, ctx.userId);
  const today = todayIn(user.timezone, nowOf(ctx));

  const from = existing.status as InvoiceStatus;
  let status = (patch.status ?? from) as InvoiceStatus;
  let paidAt = patch.paidAt !== undefined ? patch.paidAt : existing.paidAt;
  if (patch.status && !canTransition(from, status)) throw invalid(["status"], transitionError(from, status));
  if (patch.paidAt && patch.status === undefined && from !== "paid") {
    if (!canTransition(from, "paid")) throw invalid(["paidAt"], transitionError(from, "paid"));
    status = "paid";
  }
  if (patch.paidAt === null && patch.status === undefined && from === "paid") status = "sent";
  if (status === "paid") paidAt = paidAt ?? today;
  else if (patch.paidAt) throw invalid(["paidAt"], `cannot be set on a ${status} invoice`);
  else paidAt = null;

  const issuedAt = patch.issuedAt ?? existing.issuedAt;
  const dueAt = patch.dueAt ?? existing.dueAt;
  checkDates(issuedAt, dueAt, paidAt);

  const currency = patch.currency ?? existing.currency;
  const locale = patch.locale ? assertLocale(patch.locale) : existing.locale;
  const current = toInvoiceDocument(existing);
  const items = patch.items ?? current.items.map((i) => ({ ...i, unit: i.unit ?? null }));
  const discounts = patch.discounts ?? current.discounts;
  const taxes = patch.taxes ?? current.taxes;
  const linesChanged = patch.items !== undefined || patch.discounts !== undefined || patch.taxes !== undefined;
  const totals = totalsOrValidationError({ currency, items, discounts, taxes }, { linesUnchanged: !linesChanged && currency === existing.currency });
  const rows = lineRows({ items, discounts, taxes }, totals);

  const customer = { ...current.customer, ...(patch.customer ?? {}) };
  const toDetails = patch.toDetails ?? (patch.customer ? billToLines(customer, locale) : current.toDetails);
  const number = patch.number ?? existing.number;
  const title = patch.title ?? existing.title;

  try {
    await ctx.db.$transaction(async (tx) => {
      if (number !== existing.number) {
        const clash = await tx.invoice.findFirst({ where: { userId: ctx.userId, number, NOT: { id } }, select: { id: true } });
        if (clash) throw duplicateNumber(number);
      }
      if (linesChanged || currency !== existing.currency) {
        await tx.invoiceItem.deleteMany({ where: { invoiceId: id } });
        await tx.invoiceDiscount.deleteMany({ where: { invoiceId: id } });
        await tx.invoiceTax.deleteMany({ where: { invoiceId: id } });
        await insertItems(tx, id, rows.items);
        await tx.invoiceDiscount.createMany({ data: rows.discounts.map((r) => ({ ...r, invoiceId: id })) });
        await tx.invoiceTax.createMany({ data: rows.taxes.map((r) => ({ ...r, invoiceId: id })) });
      }
      await tx.invoice.update({
        where: { id },
        data: {
          number,
          title,
          status,
          issuedAt,
          dueAt,
          paidAt,
          currency,
          locale,
          ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
          ...(patch.fromDetails ? { fromDetails: patch.fromDetails } : {}),
          ...(patch.paymentDetails ? { paymentDetails: patch.paymentDetails } : {}),
          toDetails: asJson(toDetails),
          ...customerColumns(customer),
          searchText: invoiceSearchText(title, number, customer, toDetails),
          ...totalColumns(totals),
        },
      });
    }, TX_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNumber(number);
    throw error;
  }
  return getInvoice(ctx, id);
}

export async function deleteInvoice(ctx: ServiceContext, id: string): Promise<void> {
  const { count } = await ctx.db.invoice.deleteMany({ where: { id, userId: ctx.userId } });
  if (count === 0) throw new NotFoundError("Invoice");
}

/** Paid date = today in the account's time zone unless given. */
export async function markInvoicePaid(ctx: ServiceContext, id: string, paidAt?: string | null): Promise<InvoiceWithLines> {
  const existing = await getInvoice(ctx, id);
  const from = existing.status as InvoiceStatus;
  if (!canTransition(from, "paid")) throw invalid(["status"], transitionError(from, "paid"));
  const user = await getUser(ctx.db, ctx.userId);
  const date = paidAt ?? todayIn(user.timezone, nowOf(ctx));
  return updateInvoice(ctx, id, { status: "paid", paidAt: date });
}

/** Clears the paid date; a paid invoice goes back to "sent". */
export async function markInvoiceUnpaid(ctx: ServiceContext, id: string): Promise<InvoiceWithLines> {
  const existing = await getInvoice(ctx, id);
  if (existing.status !== "paid" && existing.paidAt === null) return existing;
  return updateInvoice(ctx, id, { status: "sent", paidAt: null });
}

export async function setInvoiceStatus(ctx: ServiceContext, id: string, status: string): Promise<InvoiceWithLines> {
  if (!(INVOICE_STATUSES as readonly string[]).includes(status)) {
    throw invalid(["status"], `must be one of ${INVOICE_STATUSES.join(", ")}`);
  }
  if (status === "paid") return markInvoicePaid(ctx, id);
  const existing = await getInvoice(ctx, id);
  if (existing.status === "paid" && status === "sent") return markInvoiceUnpaid(ctx, id);
  return updateInvoice(ctx, id, { status });
}

// ---------------------------------------------------------------- lists

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

export { isOverdue };
