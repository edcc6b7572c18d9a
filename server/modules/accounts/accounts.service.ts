/**
 * Accounts and browser sessions: sign-up, sign-in (constant-time), sessions whose
 * cookie secret is only stored as a SHA-256, and account settings.
 */
import type { Db } from "../../db/client.ts";
import type { User } from "../../db/generated/sqlite/client.ts";
import { ConflictError, NotFoundError, UnauthorizedError, fromZodError } from "../../errors.ts";
import { AccountSettingsInput, SignInInput, SignUpInput } from "./account.schemas.ts";
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from "./password.ts";
import { randomSecret, sha256Hex } from "./secrets.ts";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export async function signUp(db: Db, input: unknown): Promise<User> {
  const parsed = SignUpInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { email, password, displayName } = parsed.data;
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new ConflictError("An account with this email already exists");
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({ data: { email, passwordHash, displayName: displayName ?? null } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("An account with this email already exists");
    throw error;
  }
}

/** Verifies credentials. Unknown emails cost the same scrypt work as wrong passwords. */
export async function authenticate(db: Db, input: unknown): Promise<User> {
  const parsed = SignInInput.safeParse(input);
  if (!parsed.success) throw new UnauthorizedError("Invalid email or password");
  const user = await db.user.findUnique({ where: { email: parsed.data.email } });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
  if (!user || !ok) throw new UnauthorizedError("Invalid email or password");
  return user;
}

export async function createSession(db: Db, userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomSecret(32);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({ data: { userId, tokenHash: sha256Hex(token), expiresAt } });
  return { token, expiresAt };
}

export async function resolveSession(db: Db, token: string, now = new Date()): Promise<User | null> {
  const session = await db.session.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { user: true } });
  if (!session) return null;
  if (session.expiresAt <= now) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  return session.user;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: sha256Hex(token) } });
}

/** The account with its settings; every service call that needs the account's defaults reads it here. */
export async function getUser(db: Db, userId: string): Promise<User> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFoundError("Account");
  return user;
}

export async function updateAccountSettings(db: Db, userId: string, input: unknown): Promise<User> {
  const parsed = AccountSettingsInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { businessDetails, ...rest } = parsed.data;
  return db.user.update({
    where: { id: userId },
    data: {
      ...rest,
      ...(businessDetails !== undefined ? { businessDetails: businessDetails ?? undefined } : {}),
    },
  });
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
