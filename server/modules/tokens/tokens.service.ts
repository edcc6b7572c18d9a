/**
 * API tokens: "inv_<prefix>_<secret>". The secret is shown exactly once, at
 * creation; the database keeps the public prefix (for lookup and display) and the
 * SHA-256 of the whole token. Tokens carry read, write and/or admin permission.
 *
 * Who may manage tokens (the one place of these rules):
 * - creating and revoking needs a browser session or a token with `admin`;
 * - a token never grants more than it has: an admin+read token can mint read and
 *   admin tokens, never write ones (a session has every permission);
 * - at most MAX_ACTIVE_TOKENS unrevoked tokens per account, counted under a lock on
 *   the account row so concurrent creations cannot overshoot.
 * The operator path (CLI, test fixtures) acts as the account owner at the console.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { classifyDatabaseError } from "../../db/faults.ts";
import type { ApiToken, User } from "../../db/generated/sqlite/client.ts";
import { ConflictError, ForbiddenError, NotFoundError, fromZodError } from "../../errors.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { randomSecret, safeEqualHex, sha256Hex } from "../accounts/secrets.ts";

export type Permission = "read" | "write" | "admin";
export const PERMISSIONS: readonly Permission[] = ["read", "write", "admin"];
export const MAX_ACTIVE_TOKENS = 50;

/** Who asks for a token change: a signed-in caller (session or token) or the operator. */
export interface TokenActor {
  userId: string;
  via: "session" | "token" | "operator";
  permissions: Record<Permission, boolean>;
}

export const operatorActor = (userId: string): TokenActor => ({
  userId,
  via: "operator",
  permissions: { read: true, write: true, admin: true },
});

export const CreateApiTokenInput = z.object({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  permissions: z
    .array(z.enum(["read", "write", "admin"], { message: "must be read, write or admin" }))
    .min(1, "must include at least one of read, write and admin"),
});

const TOKEN_PATTERN = /^inv_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$/;
/** Writing lastUsedAt on every request would turn reads into writes; once a minute is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;
const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

export function permissionsOf(token: Pick<ApiToken, "canRead" | "canWrite" | "canAdmin">): Permission[] {
  const held = { read: token.canRead, write: token.canWrite, admin: token.canAdmin };
  return PERMISSIONS.filter((p) => held[p]);
}

/** True when the actor may create and revoke tokens: a session, the operator, or a token with admin. */
export function canManageTokens(actor: Pick<TokenActor, "via" | "permissions">): boolean {
  return actor.via !== "token" || actor.permissions.admin;
}

function assertCanManage(actor: TokenActor) {
  if (!canManageTokens(actor)) {
    throw new ForbiddenError("Managing API tokens needs a browser session or an API token with admin permission");
  }
}

/** Creates a token for the actor's own account, within the actor's permissions and the per-account cap. */
export async function issueApiToken(db: Db, actor: TokenActor, input: unknown): Promise<{ apiToken: ApiToken; secret: string }> {
  assertCanManage(actor);
  const parsed = CreateApiTokenInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const permissions = new Set(parsed.data.permissions);
  const beyond = [...permissions].filter((p) => !actor.permissions[p]);
  if (beyond.length) {
    throw new ForbiddenError(`A token cannot grant permissions it does not have: ${beyond.join(", ")}`);
  }
  for (let attempt = 0; ; attempt++) {
    const prefix = randomBytes(6).toString("hex");
    const secret = `inv_${prefix}_${randomSecret(32)}`;
    try {
      const apiToken = await db.$transaction(async (tx) => {
        // Locks the account row (PostgreSQL: row lock; SQLite: the write lock) until commit,
        // so concurrent creations count one after another.
        await tx.$executeRaw`UPDATE "User" SET "updatedAt" = "updatedAt" WHERE "id" = ${actor.userId}`;
        const active = await tx.apiToken.count({ where: { userId: actor.userId, revokedAt: null } });
        if (active >= MAX_ACTIVE_TOKENS) {
          throw new ConflictError(`At most ${MAX_ACTIVE_TOKENS} active API tokens per account: revoke one before creating another`);
        }
        return tx.apiToken.create({
          data: {
            userId: actor.userId,
            name: parsed.data.name,
            prefix,
            secretHash: sha256Hex(secret),
            canRead: permissions.has("read"),
            canWrite: permissions.has("write"),
            canAdmin: permissions.has("admin"),
          },
        });
      }, TX_OPTIONS);
      return { apiToken, secret };
    } catch (error) {
      // A 48-bit prefix collision is astronomically rare; retry a couple of times anyway.
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/** The operator's path (CLI, fixtures): the account owner, every permission, still capped. */
export function createApiToken(db: Db, userId: string, input: unknown): Promise<{ apiToken: ApiToken; secret: string }> {
  return issueApiToken(db, operatorActor(userId), input);
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  return db.apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

/** Revokes one of the actor's own tokens (a user id means the operator). Revoking twice is a no-op. */
export async function revokeApiToken(db: Db, actorOrUserId: TokenActor | string, id: string, now = new Date()): Promise<ApiToken> {
  const actor = typeof actorOrUserId === "string" ? operatorActor(actorOrUserId) : actorOrUserId;
  assertCanManage(actor);
  const userId = actor.userId;
  const token = await db.apiToken.findFirst({ where: { id, userId } });
  if (!token) throw new NotFoundError("API token");
  if (token.revokedAt) return token;
  return db.apiToken.update({ where: { id }, data: { revokedAt: now } });
}

/** Resolves a presented bearer token to its account, or null when it is unknown, malformed or revoked. */
export async function authenticateApiToken(
  db: Db,
  presented: string,
  now = new Date(),
): Promise<{ apiToken: ApiToken; user: User } | null> {
  const match = TOKEN_PATTERN.exec(presented);
  if (!match) return null;
  const row = await db.apiToken.findUnique({ where: { prefix: match[1] }, include: { user: true } });
  if (!row || row.revokedAt || !safeEqualHex(row.secretHash, sha256Hex(presented))) return null;
  const { user, ...apiToken } = row;
  if (!apiToken.lastUsedAt || now.getTime() - apiToken.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    try {
      await db.apiToken.update({ where: { id: apiToken.id }, data: { lastUsedAt: now } });
      apiToken.lastUsedAt = now;
    } catch (error) {
      // A bookkeeping write must not turn a read into a 503: with the database locked or its
      // disk full, the caller is still who the token says; lastUsedAt is recorded next time.
      if (!classifyDatabaseError(error)) throw error;
    }
  }
  return { apiToken, user };
}
