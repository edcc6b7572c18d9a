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
export * from "./invoice-list.ts";

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

export { isOverdue };
