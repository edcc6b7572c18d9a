/**
 * API tokens: "inv_<prefix>_<secret>". The secret is shown exactly once, at
 * creation; the database keeps the public prefix (for lookup and display) and the
 * SHA-256 of the whole token. Tokens carry read and/or write permission.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { ApiToken, User } from "../../db/generated/sqlite/client.ts";
import { NotFoundError, fromZodError } from "../../errors.ts";
import { isUniqueViolation } from "../accounts/accounts.service.ts";
import { randomSecret, safeEqualHex, sha256Hex } from "../accounts/secrets.ts";

export type Permission = "read" | "write";
export const PERMISSIONS: readonly Permission[] = ["read", "write"];

export const CreateApiTokenInput = z.object({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  permissions: z
    .array(z.enum(["read", "write"], { message: "must be read or write" }))
    .min(1, "must include read and/or write"),
});

const TOKEN_PATTERN = /^inv_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$/;
/** Writing lastUsedAt on every request would turn reads into writes; once a minute is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function permissionsOf(token: Pick<ApiToken, "canRead" | "canWrite">): Permission[] {
  return PERMISSIONS.filter((p) => (p === "read" ? token.canRead : token.canWrite));
}

export async function createApiToken(
  db: Db,
  userId: string,
  input: unknown,
): Promise<{ apiToken: ApiToken; secret: string }> {
  const parsed = CreateApiTokenInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const permissions = new Set(parsed.data.permissions);
  for (let attempt = 0; ; attempt++) {
    const prefix = randomBytes(6).toString("hex");
    const secret = `inv_${prefix}_${randomSecret(32)}`;
    try {
      const apiToken = await db.apiToken.create({
        data: {
          userId,
          name: parsed.data.name,
          prefix,
          secretHash: sha256Hex(secret),
          canRead: permissions.has("read"),
          canWrite: permissions.has("write"),
        },
      });
      return { apiToken, secret };
    } catch (error) {
      // A 48-bit prefix collision is astronomically rare; retry a couple of times anyway.
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  return db.apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

export async function revokeApiToken(db: Db, userId: string, id: string, now = new Date()): Promise<ApiToken> {
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
    await db.apiToken.update({ where: { id: apiToken.id }, data: { lastUsedAt: now } });
    apiToken.lastUsedAt = now;
  }
  return { apiToken, user };
}
