/**
 * Saved prompts and their labels. GraphQL and REST are thin layers over these
 * functions.
 *
 * - Every call is scoped to ctx.userId: another account's ids are "not found".
 * - Labels are unique per account case-insensitively (Label.nameLower). Naming a
 *   label on a prompt reuses the existing one in any case (updating its colour when
 *   one is given) or creates it; duplicates within one request collapse to one
 *   (first spelling wins, last given colour wins).
 * - Writes run in one transaction: bad input changes nothing.
 * - Content search is a literal, case-insensitive substring over Prompt.textLower,
 *   which holds searchKey(text) (server/db/search-text.ts): lower-cased in JS and with
 *   LIKE's special characters mapped away, so SQLite and PostgreSQL agree.
 * - Lists are newest first (createdAt desc, id desc). listPrompts returns every
 *   match (REST); listPromptsPage is the keyset-paginated variant (GraphQL
 *   connections), with opaque cursors from promptCursor().
 * - Label arrays are sorted by name case-insensitively (compareLabelNames), in JS,
 *   so the order does not depend on the database's collation.
 */
import type { z } from "zod";
import type { Label, Prisma, Prompt } from "../../db/generated/sqlite/client.ts";
import { ConflictError, NotFoundError, ValidationError, fromZodError } from "../../errors.ts";
import { nowOf, type ServiceContext } from "../../service-context.ts";
import { searchKey } from "../../db/search-text.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import {
  CreateLabelInput,
  CreatePromptInput,
  DEFAULT_LABEL_COLOR,
  NO_LABEL_FILTER,
  PromptListFilter,
  PromptPageArgs,
  UpdateLabelInput,
  UpdatePromptInput,
} from "./prompts.schemas.ts";

export type PromptWithLabels = Prompt & { labels: Label[] };

export interface PromptPage {
  prompts: PromptWithLabels[];
  hasNextPage: boolean;
  /** Cursor of the last prompt on this page (pass as `after`), null when the page is empty. */
  endCursor: string | null;
}

type Tx = Prisma.TransactionClient;
const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 };
const INCLUDE_LABELS = { labels: true } as const satisfies Prisma.PromptInclude;
const NEWEST_FIRST = [{ createdAt: "desc" }, { id: "desc" }] as const satisfies Prisma.PromptOrderByWithRelationInput[];
const OLDEST_FIRST = [{ createdAt: "asc" }, { id: "asc" }] as const satisfies Prisma.PromptOrderByWithRelationInput[];

// ---------------------------------------------------------------- helpers

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

function invalid(path: (string | number)[], message: string): ValidationError {
  return ValidationError.fromIssues([{ path, message }]);
}

const collator = new Intl.Collator("en", { sensitivity: "base" });

/** Case-insensitive, accent-aware name order with a deterministic tie-break. */
export function compareLabelNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function sortLabels<T extends { name: string }>(labels: T[]): T[] {
  return [...labels].sort((a, b) => compareLabelNames(a.name, b.name));
}

function withSortedLabels(prompt: PromptWithLabels): PromptWithLabels {
  return { ...prompt, labels: sortLabels(prompt.labels) };
}

/**
 * Runs fn in one transaction. A concurrent request may create the same new label
 * between our lookup and our insert (unique violation on [userId, nameLower]); the
 * retry then finds and links it.
 */
async function inTransaction<T>(ctx: ServiceContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.$transaction(fn, TX_OPTIONS);
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/** Finds or creates the account's labels named in a prompt input; returns their ids. */
async function resolveLabelIds(
  tx: Tx,
  userId: string,
  labels: readonly { name: string; color?: string | undefined }[],
  now: Date,
): Promise<string[]> {
  const wanted = new Map<string, { name: string; color: string | undefined }>();
  for (const label of labels) {
    const key = label.name.toLowerCase();
    const previous = wanted.get(key);
    wanted.set(key, { name: previous?.name ?? label.name, color: label.color ?? previous?.color });
  }
  if (wanted.size === 0) return [];
  const existing = await tx.label.findMany({ where: { userId, nameLower: { in: [...wanted.keys()] } } });
  const byKey = new Map(existing.map((l) => [l.nameLower, l]));
  const ids: string[] = [];
  for (const [nameLower, want] of wanted) {
    const found = byKey.get(nameLower);
    if (found) {
      if (want.color && want.color !== found.color) {
        await tx.label.update({ where: { id: found.id }, data: { color: want.color } });
      }
      ids.push(found.id);
    } else {
      const created = await tx.label.create({
        data: { userId, name: want.name, nameLower, color: want.color ?? DEFAULT_LABEL_COLOR, createdAt: now },
        select: { id: true },
      });
      ids.push(created.id);
    }
  }
  return ids;
}

// ---------------------------------------------------------------- list filters

/** A literal, case-insensitive substring condition on textLower (see server/db/search-text.ts). */
export function contentCondition(content: string): Prisma.PromptWhereInput {
  return { textLower: { contains: searchKey(content) } };
}

function listQuery(
  ctx: ServiceContext,
  filterInput: PromptListFilter,
): Prisma.PromptWhereInput {
  const filter = parse(PromptListFilter, filterInput ?? {});
  const conditions: Prisma.PromptWhereInput[] = [{ userId: ctx.userId }];
  const label = filter.label?.trim() ?? "";
  let noLabel = filter.noLabel ?? false;
  if (label === NO_LABEL_FILTER) {
    noLabel = true;
  } else if (label) {
    if (noLabel) throw invalid(["label"], "cannot be combined with noLabel");
    conditions.push({ labels: { some: { userId: ctx.userId, nameLower: label.toLowerCase() } } });
  }
  if (noLabel) conditions.push({ labels: { none: {} } });
  if (filter.content) conditions.push(contentCondition(filter.content));
  return { AND: conditions };
}

// ---------------------------------------------------------------- cursors

/** Opaque keyset cursor of a prompt in newest-first order. */
export function promptCursor(prompt: Pick<Prompt, "createdAt" | "id">): string {
  return Buffer.from(`${prompt.createdAt.getTime()}:${prompt.id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string, field: "after" | "before" = "after"): { createdAt: Date; id: string } {
  const match = /^(\d{1,16}):([A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const createdAt = match ? new Date(Number(match[1])) : undefined;
  if (!match || !createdAt || Number.isNaN(createdAt.getTime())) throw invalid([field], "is not a valid cursor");
  return { createdAt, id: match[2]! };
}

function after(key: { createdAt: Date; id: string } | undefined): Prisma.PromptWhereInput {
  if (!key) return {};
  return { OR: [{ createdAt: { lt: key.createdAt } }, { createdAt: key.createdAt, id: { lt: key.id } }] };
}

/** Prompts newer than key (they come before it in newest-first order). */
function before(key: { createdAt: Date; id: string } | undefined): Prisma.PromptWhereInput {
  if (!key) return {};
  return { OR: [{ createdAt: { gt: key.createdAt } }, { createdAt: key.createdAt, id: { gt: key.id } }] };
}

/** Newest-first prompts matching where, after key, at most limit of them. */
function fetchPrompts(
  ctx: ServiceContext,
  where: Prisma.PromptWhereInput,
  key: { createdAt: Date; id: string } | undefined,
  limit: number | undefined,
): Promise<PromptWithLabels[]> {
  return ctx.db.prompt.findMany({ where: { AND: [where, after(key)] }, orderBy: NEWEST_FIRST, include: INCLUDE_LABELS, take: limit });
}

// ---------------------------------------------------------------- prompts

/** The account's prompt created by the request with this key (see CreateOptions in the invoice service), or null. */
async function findPromptByRequestKey(ctx: ServiceContext, requestKey: string | null): Promise<PromptWithLabels | null> {
  if (!requestKey) return null;
  const prompt = await ctx.db.prompt.findFirst({ where: { userId: ctx.userId, requestKey }, include: INCLUDE_LABELS });
  return prompt ? withSortedLabels(prompt) : null;
}

/**
 * `options.requestKey`: the request's idempotency key, stored on the prompt in the same
 * transaction; a re-run of a request that already created its prompt returns that prompt.
 */
export async function createPrompt(
  ctx: ServiceContext,
  input: CreatePromptInput,
  options: { requestKey?: string | null } = {},
): Promise<PromptWithLabels> {
  const requestKey = options.requestKey || null;
  const done = await findPromptByRequestKey(ctx, requestKey);
  if (done) return done;
  const { text, labels } = parse(CreatePromptInput, input);
  const now = nowOf(ctx);
  const prompt = await inTransaction(ctx, async (tx) => {
    // Retried on unique violations (labels created concurrently): a concurrent run of the same request may have won.
    const winner = requestKey ? await tx.prompt.findFirst({ where: { userId: ctx.userId, requestKey }, include: INCLUDE_LABELS }) : null;
    if (winner) return winner;
    const labelIds = await resolveLabelIds(tx, ctx.userId, labels, now);
    return tx.prompt.create({
      data: {
        userId: ctx.userId,
        text,
        textLower: searchKey(text),
        requestKey,
        createdAt: now,
        updatedAt: now,
        labels: { connect: labelIds.map((id) => ({ id })) },
      },
      include: INCLUDE_LABELS,
    });
  });
  return withSortedLabels(prompt);
}

export async function getPrompt(ctx: ServiceContext, id: string): Promise<PromptWithLabels> {
  const prompt = await ctx.db.prompt.findFirst({ where: { id, userId: ctx.userId }, include: INCLUDE_LABELS });
  if (!prompt) throw new NotFoundError("Prompt");
  return withSortedLabels(prompt);
}

/**
 * Every prompt of the account matching the filter, newest first (the REST list).
 * label: name, case-insensitive ("__no_label__" ⇒ noLabel); noLabel: prompts
 * without labels; content: literal case-insensitive substring. Empty strings are
 * no filter.
 */
export async function listPrompts(ctx: ServiceContext, filter: PromptListFilter = {}): Promise<PromptWithLabels[]> {
  return (await fetchPrompts(ctx, listQuery(ctx, filter), undefined, undefined)).map(withSortedLabels);
}

/**
 * One keyset page of listPrompts' result: `first` (default 20, max 100) prompts
 * after the `after` cursor. Cursors are stable under inserts and deletions.
 */
export async function listPromptsPage(
  ctx: ServiceContext,
  args: PromptListFilter & PromptPageArgs = {},
): Promise<PromptPage> {
  const { first, after: afterCursor } = parse(PromptPageArgs, { first: args.first, after: args.after });
  const where = listQuery(ctx, { label: args.label, noLabel: args.noLabel, content: args.content });
  const key = afterCursor ? decodeCursor(afterCursor) : undefined;
  const rows = await fetchPrompts(ctx, where, key, first + 1);
  const prompts = rows.slice(0, first).map(withSortedLabels);
  const last = prompts[prompts.length - 1];
  return { prompts, hasNextPage: rows.length > first, endCursor: last ? promptCursor(last) : null };
}

/**
 * A window of listPrompts' newest-first result for a Relay connection (the GraphQL layer
 * pages with resolveCursorConnection): prompts strictly between the `after` and `before`
 * cursors, at most `limit` of them, taken from the newest end or, `inverted` (last/before
 * paging), from the oldest end and returned oldest first.
 */
export async function listPromptsWindow(
  ctx: ServiceContext,
  filter: PromptListFilter,
  window: { after?: string | undefined; before?: string | undefined; limit: number; inverted: boolean },
): Promise<PromptWithLabels[]> {
  const where = listQuery(ctx, filter);
  const afterKey = window.after ? decodeCursor(window.after, "after") : undefined;
  const beforeKey = window.before ? decodeCursor(window.before, "before") : undefined;
  const rows = await ctx.db.prompt.findMany({
    where: { AND: [where, after(afterKey), before(beforeKey)] },
    orderBy: window.inverted ? OLDEST_FIRST : NEWEST_FIRST,
    include: INCLUDE_LABELS,
    take: window.limit,
  });
  return rows.map(withSortedLabels);
}

/** How many prompts listPrompts(filter) holds. */
export async function countPrompts(ctx: ServiceContext, filter: PromptListFilter = {}): Promise<number> {
  return ctx.db.prompt.count({ where: listQuery(ctx, filter) });
}

/** Changes the text and/or replaces the label set (labels: [] removes all labels). */
export async function updatePrompt(ctx: ServiceContext, id: string, input: UpdatePromptInput): Promise<PromptWithLabels> {
  const { text, labels } = parse(UpdatePromptInput, input);
  const now = nowOf(ctx);
  const prompt = await inTransaction(ctx, async (tx) => {
    const existing = await tx.prompt.findFirst({ where: { id, userId: ctx.userId }, select: { id: true } });
    if (!existing) throw new NotFoundError("Prompt");
    const labelIds = labels ? await resolveLabelIds(tx, ctx.userId, labels, now) : undefined;
    return tx.prompt.update({
      where: { id: existing.id },
      data: {
        ...(text !== undefined ? { text, textLower: searchKey(text) } : {}),
        ...(labelIds ? { labels: { set: labelIds.map((labelId) => ({ id: labelId })) } } : {}),
        updatedAt: now,
      },
      include: INCLUDE_LABELS,
    });
  });
  return withSortedLabels(prompt);
}

/**
 * Deletes the prompt and returns it as it was. Invoices made from it stay, with
 * promptId set to null (FK onDelete SetNull); its labels stay too.
 */
export async function deletePrompt(ctx: ServiceContext, id: string): Promise<PromptWithLabels> {
  const prompt = await inTransaction(ctx, async (tx) => {
    const existing = await tx.prompt.findFirst({ where: { id, userId: ctx.userId }, include: INCLUDE_LABELS });
    if (!existing) throw new NotFoundError("Prompt");
    await tx.prompt.deleteMany({ where: { id: existing.id, userId: ctx.userId } });
    return existing;
  });
  return withSortedLabels(prompt);
}

// ---------------------------------------------------------------- labels

/** Every label of the account (used or not), sorted by name case-insensitively. */
export async function listLabels(ctx: ServiceContext): Promise<Label[]> {
  return sortLabels(await ctx.db.label.findMany({ where: { userId: ctx.userId } }));
}

/** Names of the labels on at least one of the account's prompts (REST GET /prompts/labels). */
export async function listLabelNames(ctx: ServiceContext): Promise<string[]> {
  const labels = await ctx.db.label.findMany({
    where: { userId: ctx.userId, prompts: { some: { userId: ctx.userId } } },
    select: { name: true },
  });
  // Names are unique per account case-insensitively, so these are already distinct.
  return sortLabels(labels).map((l) => l.name);
}

export async function getLabel(ctx: ServiceContext, id: string): Promise<Label> {
  const label = await ctx.db.label.findFirst({ where: { id, userId: ctx.userId } });
  if (!label) throw new NotFoundError("Label");
  return label;
}

function labelConflict(name: string): ConflictError {
  return new ConflictError(`A label named "${name}" already exists`);
}

export async function createLabel(ctx: ServiceContext, input: CreateLabelInput): Promise<Label> {
  const { name, color } = parse(CreateLabelInput, input);
  const nameLower = name.toLowerCase();
  const existing = await ctx.db.label.findFirst({ where: { userId: ctx.userId, nameLower }, select: { name: true } });
  if (existing) throw labelConflict(existing.name);
  try {
    return await ctx.db.label.create({ data: { userId: ctx.userId, name, nameLower, color, createdAt: nowOf(ctx) } });
  } catch (error) {
    if (isUniqueViolation(error)) throw labelConflict(name);
    throw error;
  }
}

/** Renames and/or recolours a label; renaming onto another label's name (any case) is a conflict. */
export async function updateLabel(ctx: ServiceContext, id: string, input: UpdateLabelInput): Promise<Label> {
  const { name, color } = parse(UpdateLabelInput, input);
  const label = await getLabel(ctx, id);
  if (name !== undefined) {
    const clash = await ctx.db.label.findFirst({
      where: { userId: ctx.userId, nameLower: name.toLowerCase(), id: { not: label.id } },
      select: { name: true },
    });
    if (clash) throw labelConflict(clash.name);
  }
  try {
    return await ctx.db.label.update({
      where: { id: label.id },
      data: {
        ...(name !== undefined ? { name, nameLower: name.toLowerCase() } : {}),
        ...(color !== undefined ? { color } : {}),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw labelConflict(name ?? label.name);
    throw error;
  }
}

/** Deletes a label: it is unlinked from its prompts, which remain. */
export async function deleteLabel(ctx: ServiceContext, id: string): Promise<Label> {
  const label = await getLabel(ctx, id);
  await ctx.db.label.deleteMany({ where: { id: label.id, userId: ctx.userId } });
  return label;
}
