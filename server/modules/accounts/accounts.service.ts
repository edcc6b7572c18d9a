/**
 * Accounts and browser sessions: sign-up, sign-in (constant-time, throttled per
 * attempt: auth-throttle.ts), sessions whose cookie secret is only stored as a
 * SHA-256, and account settings.
 *
 * Sign-up does not tell whether an email is registered beyond what cannot be hidden
 * without sending mail: a registered email with that account's own password signs in
 * (the same answer a new email gets); with any other password it answers the generic
 * CANNOT_SIGN_UP message — never "already exists" — after the same scrypt work a new
 * account costs, counts as a failed sign-in of that email, and sign-ups are limited per
 * address, so probing emails is as slow as guessing passwords.
 */
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import type { User } from "../../db/generated/sqlite/client.ts";
import { ConflictError, NotFoundError, UnauthorizedError, fromZodError } from "../../errors.ts";
import { AccountSettingsInput, SignInInput, SignUpInput } from "./account.schemas.ts";
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from "./password.ts";
import type { AuthThrottle, SignInAttempt } from "./auth-throttle.ts";
import { randomSecret, sha256Hex } from "./secrets.ts";

/** Where an API sign-in/sign-up comes from: the throttle and the caller's address key. */
export interface AuthGuard {
  throttle: AuthThrottle;
  address: string;
}

export const CANNOT_SIGN_UP = "Cannot create an account with this email and password";

/** The throttle's key for an email: hashed, so the store never holds addresses (and keys stay short). */
const emailKey = (email: string) => sha256Hex(email).slice(0, 32);

const beginAttempt = (guard: AuthGuard | null, email: string): Promise<SignInAttempt | null> =>
  guard ? guard.throttle.beginSignIn(emailKey(email), guard.address) : Promise.resolve(null);

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Creates an account — or, for a registered email with its own password, returns that
 * account (the caller signs it in either way). `guard` is null only on the operator's
 * path (CLI, fixtures); every API passes one.
 */
export async function signUp(db: Db, input: unknown, guard: AuthGuard | null = null): Promise<User> {
  const parsed = SignUpInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { email, password, displayName } = parsed.data;
  if (guard) await guard.throttle.spendSignUp(guard.address);
  const attempt = await beginAttempt(guard, email);
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) {
    // The same scrypt work as hashing a new password (same parameters).
    const ok = await verifyPassword(password, existing.passwordHash);
    if (ok) {
      await attempt?.succeeded();
      return existing;
    }
    await attempt?.failed();
    throw new ConflictError(CANNOT_SIGN_UP);
  }
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.user.create({ data: { email, passwordHash, displayName: displayName ?? null } });
    await attempt?.succeeded();
    return user;
  } catch (error) {
    // Another request registered this email meanwhile: the same answer as any registered email.
    if (isUniqueViolation(error)) {
      await attempt?.failed();
      throw new ConflictError(CANNOT_SIGN_UP);
    }
    throw error;
  }
}

/**
 * Verifies credentials. Unknown emails cost the same scrypt work as wrong passwords and
 * are throttled the same way.
 */
export async function authenticate(db: Db, input: unknown, guard: AuthGuard | null): Promise<User> {
  const parsed = SignInInput.safeParse(input);
  if (!parsed.success) throw new UnauthorizedError("Invalid email or password");
  const attempt = await beginAttempt(guard, parsed.data.email);
  const user = await db.user.findUnique({ where: { email: parsed.data.email } });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
  if (!user || !ok) {
    await attempt?.failed();
    throw new UnauthorizedError("Invalid email or password");
  }
  await attempt?.succeeded();
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
