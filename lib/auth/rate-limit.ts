/**
 * Rate limits (SPEC §3 rule 9), counted in PostgreSQL (rate_limit_buckets) so that they hold
 * across every app instance. rate-limiter-flexible does the counting; this module names the
 * limits and turns a refusal into "try again at …".
 */
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/db/client";
import { rateLimitBuckets } from "@/db/schema";
import type { RequestInfo } from "@/lib/context";
import { formatDuration, formatWhen } from "@/lib/mail/format";
import { countRefusal } from "@/lib/metrics";

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
  /** Public API requests per key per minute (issue 16). */
  apiPerKey: limiter("api-key", 600, 60),
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
      countRefusal(l.keyPrefix);
      if (result.ok || (!r.ok && r.retryAt > result.retryAt)) result = r;
    }
  }
  return result;
}

/** One attempt counted, with the state a `RateLimit-*` header reports (the public API). */
export async function consumeWithState(l: Limiter, key: string): Promise<{ ok: boolean; limit: number; remaining: number; resetMs: number }> {
  try {
    const res = await l.consume(key);
    return { ok: true, limit: l.points, remaining: res.remainingPoints, resetMs: res.msBeforeNext };
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    countRefusal(l.keyPrefix);
    return { ok: false, limit: l.points, remaining: 0, resetMs: Math.max(err.msBeforeNext, 1000) };
  }
}

/** Refused when the key has already used its points, without counting this look. */
export async function peek(l: Limiter, key: string): Promise<Throttle> {
  const res = await l.get(key);
  if (res && res.consumedPoints >= l.points) return refused(res);
  return { ok: true };
}

/** What a throttled form says: when to try again. */
export function retryMessage(retryAt: Date, what = "attempts"): string {
  return `Too many ${what}. Try again in ${formatDuration(retryAt.getTime() - Date.now())} (${formatWhen(retryAt)}).`;
}

/** Auth.js carries a refusal as a string code: "throttled:<epoch ms>" ↔ the retry time. */
export const throttledCode = (retryAt: Date) => `throttled:${retryAt.getTime()}`;
export const retryAtOfCode = (code: string | undefined): Date | null => (code?.startsWith("throttled:") ? new Date(Number(code.slice(10))) : null);

export async function reset(l: Limiter, key: string): Promise<void> {
  await l.delete(key);
}

/**
 * The rate-limit key of a client address: an IPv4 address as it is, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64, so per-address limits would not hold them back).
 * Requests with no known address (only outside the production server) share one key.
 */
export function ipKey(request: RequestInfo | undefined): string {
  const ip = request?.ip;
  if (!ip) return "unknown";
  if (!ip.includes(":")) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail] = ip.toLowerCase().split("::");
  const part = (s: string) => (s ? s.split(":") : []);
  let left = part(head);
  let right = tail === undefined ? [] : part(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4 is normalized away before; others are rare) counts as two groups.
  const v4 = (groups: string[]) => {
    const last = groups.at(-1);
    if (!last?.includes(".")) return groups;
    const [a, b, c, d] = last.split(".").map(Number);
    return [...groups.slice(0, -1), ((a! << 8) | b!).toString(16), ((c! << 8) | d!).toString(16)];
  };
  if (tail === undefined) left = v4(left);
  else right = v4(right);
  const fill = Array(Math.max(0, 8 - left.length - right.length)).fill("0");
  return [...left, ...fill, ...right].map((g) => g.replace(/^0+(?=.)/, ""));
}

export const emailKey = (workspaceId: string, email: string) => `${workspaceId}:${email.trim().toLowerCase()}`;
