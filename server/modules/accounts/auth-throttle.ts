/**
 * Sign-in back-off and sign-up limits, counted per attempt (each signIn/signUp field,
 * never per HTTP request) on the rate limiter's store: memory in one process, Redis
 * shared by every process when REDIS_URL is set.
 *
 * Sign-in: two keys per attempt, the email (as typed, lower-cased: unknown emails are
 * throttled exactly like real ones) and the caller's address. Each key counts its
 * failures; after `freeFailures` of them every further attempt must first claim the
 * key's gate, which a failure closes for base × 2^(failures − freeFailures) seconds
 * (capped). The attempt is counted *before* the password is checked, so concurrent
 * attempts cannot slip past the count: of 30 at once, only `freeFailures` are tried.
 * A success resets the email's count; the address's count only forgets with time
 * (otherwise signing in to one's own account would reset it between guesses).
 *
 * Sign-up: at most `signUpsPerAddress` per address per hour.
 */
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimiterRes } from "rate-limiter-flexible";
import { RateLimitedError } from "../../errors.ts";
import type { RateLimiter } from "../../http/rate-limiter.ts";

export interface BackoffPolicy {
  /** Failures allowed before the back-off starts. */
  freeFailures: number;
  /** First wait; each further failure doubles it. */
  baseSeconds: number;
  maxSeconds: number;
  /** How long failures are remembered (from the first one) without a success. */
  memorySeconds: number;
}

export interface AuthThrottlePolicy {
  account: BackoffPolicy;
  address: BackoffPolicy;
  signUpsPerAddress: number;
  signUpWindowSeconds: number;
}

export const DEFAULT_AUTH_THROTTLE: AuthThrottlePolicy = {
  account: { freeFailures: 5, baseSeconds: 2, maxSeconds: 15 * 60, memorySeconds: 24 * 60 * 60 },
  // Many people may share one address (an office behind NAT): a longer free run.
  address: { freeFailures: 30, baseSeconds: 2, maxSeconds: 15 * 60, memorySeconds: 60 * 60 },
  signUpsPerAddress: 20,
  signUpWindowSeconds: 60 * 60,
};

/** The wait after the n-th failure (n ≥ freeFailures): base × 2^(n − free), capped. */
export function backoffSeconds(policy: BackoffPolicy, failures: number): number {
  const exponent = Math.max(0, failures - policy.freeFailures);
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(exponent, 30));
}

/** One sign-in attempt in progress: report its outcome exactly once. */
export interface SignInAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

export interface AuthThrottle {
  readonly policy: AuthThrottlePolicy;
  /** Counts an attempt on `email` from `address`, or throws RateLimitedError while either is backing off. */
  beginSignIn(email: string, address: string): Promise<SignInAttempt>;
  /** Spends one of the address's sign-ups, or throws RateLimitedError. */
  spendSignUp(address: string): Promise<void>;
}

interface Counter {
  policy: BackoffPolicy;
  failures: RateLimiterAbstract;
  gate: RateLimiterAbstract;
}

const retryMessage = (seconds: number) =>
  `Too many failed sign-in attempts: wait ${seconds} s before trying again (each further failure doubles the wait)`;

export function createAuthThrottle(limiter: RateLimiter, overrides: Partial<AuthThrottlePolicy> = {}): AuthThrottle {
  const policy = { ...DEFAULT_AUTH_THROTTLE, ...overrides };
  // Failure counts never refuse by themselves (points: effectively unlimited); the gates do.
  const counter = (name: string, p: BackoffPolicy): Counter => ({
    policy: p,
    failures: limiter.derive(`signin-fail-${name}`, { points: Number.MAX_SAFE_INTEGER, windowSeconds: p.memorySeconds }),
    gate: limiter.derive(`signin-gate-${name}`, { points: 1, windowSeconds: p.maxSeconds }),
  });
  const account = counter("account", policy.account);
  const address = counter("address", policy.address);
  const signUps = limiter.derive("signup-address", { points: policy.signUpsPerAddress, windowSeconds: policy.signUpWindowSeconds });

  return {
    policy,
    async beginSignIn(email, from) {
      const keys: [Counter, string][] = [
        [account, email],
        [address, from],
      ];
      const counted: { c: Counter; key: string; n: number; gated: boolean }[] = [];
      let refusedMs = 0;
      for (const [c, key] of keys) {
        const n = (await c.failures.penalty(key, 1)).consumedPoints;
        const entry = { c, key, n, gated: false };
        counted.push(entry);
        if (n < c.policy.freeFailures) continue;
        // Past the free failures: only the attempt that claims the open gate may go on.
        try {
          await c.gate.consume(key, 1, { customDuration: backoffSeconds(c.policy, n) });
          entry.gated = true;
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          refusedMs = Math.max(refusedMs, rejection.msBeforeNext);
        }
      }
      if (refusedMs > 0) {
        // Not tried, so not a failure: undo the counts and release any gate this attempt claimed.
        for (const e of counted) {
          await e.c.failures.reward(e.key, 1);
          if (e.gated) await e.c.gate.delete(e.key);
        }
        const seconds = Math.max(1, Math.ceil(refusedMs / 1000));
        throw new RateLimitedError(retryMessage(seconds), seconds);
      }
      let settled = false;
      return {
        async succeeded() {
          if (settled) return;
          settled = true;
          for (const e of counted) {
            if (e.c === account) {
              await e.c.failures.delete(e.key);
              await e.c.gate.delete(e.key);
            } else {
              await e.c.failures.reward(e.key, 1);
              if (e.gated) await e.c.gate.delete(e.key);
            }
          }
        },
        async failed() {
          if (settled) return;
          settled = true;
          // The count already holds this failure; close the gate for the back-off.
          for (const e of counted) {
            if (e.n >= e.c.policy.freeFailures) await e.c.gate.block(e.key, backoffSeconds(e.c.policy, e.n));
          }
        },
      };
    },
    async spendSignUp(from) {
      try {
        await signUps.consume(from, 1);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new RateLimitedError(
          `Too many sign-ups from your network: at most ${policy.signUpsPerAddress} per hour; retry in ${seconds} s`,
          seconds,
        );
      }
    },
  };
}
