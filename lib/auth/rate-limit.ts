/**
 * Rate limits (SPEC §3 rule 9), counted in PostgreSQL (rate_limit_buckets) so that they hold
 * across every app instance. rate-limiter-flexible does the counting; this module names the
 * limits and turns a refusal into "try again at …".
 */
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/db/client";
import { rateLimitBuckets } from "@/db/schema";

const WINDOW_S = 15 * 60;

function limiter(keyPrefix: string, points: number, duration = WINDOW_S) {
  return new RateLimiterDrizzle({ storeClient: db, schema: rateLimitBuckets, keyPrefix, points, duration, clearExpiredByTimeout: false });
}

type Limiter = ReturnType<typeof limiter>;

export const LIMITS = {
  /** Link, code and reset emails per email address (per workspace). */
  sendPerEmail: limiter("send-email", 5),
  /** Link, code and reset emails per IP. */
  sendPerIp: limiter("send-ip", 20),
  /** Wrong passwords per account, and per IP. */
  passwordPerAccount: limiter("pw-account", 10),
  passwordPerIp: limiter("pw-ip", 50),
  /** Wrong codes per contact, across re-sent codes; and code attempts per IP. */
  codeFailures: limiter("code-fail", 5),
  codePerIp: limiter("code-ip", 30),
} as const;

export type Throttle = { ok: true } | { ok: false; retryAt: Date };

const refused = (res: RateLimiterRes): Throttle => ({ ok: false, retryAt: new Date(Date.now() + Math.max(res.msBeforeNext, 1000)) });

/** Counts one attempt against every (limiter, key) pair; refused if any is over its limit. */
export async function consume(...pairs: [Limiter, string][]): Promise<Throttle> {
  let result: Throttle = { ok: true };
  for (const [l, key] of pairs) {
    try {
      await l.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const r = refused(err);
      if (result.ok || (!r.ok && r.retryAt > result.retryAt)) result = r;
    }
  }
  return result;
}

/** Refused when the key has already used its points, without counting this look. */
export async function peek(l: Limiter, key: string): Promise<Throttle> {
  const res = await l.get(key);
  if (res && res.consumedPoints >= l.points) return refused(res);
  return { ok: true };
}

export async function reset(l: Limiter, key: string): Promise<void> {
  await l.delete(key);
}

export const emailKey = (workspaceId: string, email: string) => `${workspaceId}:${email.trim().toLowerCase()}`;
