/**
 * Six-digit login codes (SPEC §3): 10 minutes, one use. Every try is counted before the code is
 * compared, twice and atomically: per contact (by email, so unknown emails behave the same)
 * across re-sent codes, and on the code's own row. The fifth wrong try burns the live code and
 * further tries wait for the window to pass.
 */
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { RateLimiterRes } from "rate-limiter-flexible";
import { timingSafeEqual } from "node:crypto";
import { db } from "@/db/client";
import { authTokens, type Contact, type Workspace } from "@/db/schema";
import { hasLiveAccess } from "@/lib/access/live-access";
import { recordAudit } from "@/lib/audit/record";
import { recordSignIn } from "@/lib/auth/learner-login";
import { consume, emailKey, ipKey, LIMITS, reset, type Throttle } from "@/lib/auth/rate-limit";
import type { RequestInfo } from "@/lib/context";
import { hashCode } from "./issue";
import { revokeContactTokens } from "./revoke";
import { CODE_MAX_WRONG_TRIES } from "./policy";
import { findContactByEmail } from "@/lib/contacts/record";

export type CodeResult =
  | { ok: true; contact: Contact }
  | { ok: false; reason: "wrong"; triesLeft: number }
  | { ok: false; reason: "throttled"; retryAt: Date }
  | { ok: false; reason: "no_access" };

export const normalizeCode = (raw: string) => raw.replace(/\D/g, "");

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function verifyCode(input: { workspace: Workspace; email: string; code: string; request: RequestInfo }): Promise<CodeResult> {
  const { workspace, request } = input;
  const key = emailKey(workspace.id, input.email);
  const ipCheck: Throttle = await consume([LIMITS.codePerIp, ipKey(request)]);
  if (!ipCheck.ok) return { ok: false, reason: "throttled", retryAt: ipCheck.retryAt };
  // The try is counted before anything is compared, atomically in the database (an upsert that
  // adds one and returns the total), so concurrent requests cannot compare more than the limit.
  const counted = await LIMITS.codeFailures.consume(key).catch((err: unknown) => {
    if (err instanceof RateLimiterRes) return err;
    throw err;
  });
  const contact = await findContactByEmail({ workspaceId: workspace.id }, input.email);
  if (counted.consumedPoints > CODE_MAX_WRONG_TRIES) {
    if (contact) await burnCodes(workspace.id, contact.id, request);
    return { ok: false, reason: "throttled", retryAt: new Date(Date.now() + Math.max(counted.msBeforeNext, 1000)) };
  }

  const code = normalizeCode(input.code);
  const outcome = await db.transaction(async (tx) => {
    if (!contact) return { matched: false as const };
    // The code's own count, taken in the same statement that finds it: a code is compared at most five times.
    const [token] = await tx
      .update(authTokens)
      .set({ failedAttempts: sql`${authTokens.failedAttempts} + 1` })
      .where(
        and(
          eq(authTokens.id, sql`(select id from auth_tokens where workspace_id = ${workspace.id} and contact_id = ${contact.id} and kind = 'login_code'
            and used_at is null and revoked_at is null and expires_at > now() order by created_at desc limit 1)`),
          // Checked again on the row itself: a concurrent try that used or burned it first wins.
          isNull(authTokens.usedAt),
          isNull(authTokens.revokedAt),
          lt(authTokens.failedAttempts, CODE_MAX_WRONG_TRIES),
        ),
      )
      .returning();
    if (!token) return { matched: false as const };
    if (code.length !== 6 || !same(hashCode(token.id, code), token.tokenHash)) return { matched: false as const, tokenId: token.id };
    if (!(await hasLiveAccess(tx, workspace.id, contact.id))) return { matched: true as const, noAccess: true };
    await tx.update(authTokens).set({ usedAt: new Date(), useCount: 1 }).where(eq(authTokens.id, token.id));
    const signedIn = await recordSignIn(tx, contact, "login_code", request, { authTokenId: token.id, action: "login_code.used" });
    return { matched: true as const, contact: signedIn };
  });

  if (outcome.matched) {
    if (!("contact" in outcome) || !outcome.contact) return { ok: false, reason: "no_access" };
    await reset(LIMITS.codeFailures, key);
    return { ok: true, contact: outcome.contact };
  }
  const triesLeft = Math.max(CODE_MAX_WRONG_TRIES - counted.consumedPoints, 0);
  if (triesLeft === 0 && contact) await burnCodes(workspace.id, contact.id, request);
  return { ok: false, reason: "wrong", triesLeft };
}

async function burnCodes(workspaceId: string, contactId: string, request: RequestInfo) {
  await db.transaction(async (tx) => {
    const burned = await revokeContactTokens(tx, { workspaceId, contactId, kinds: ["login_code"], reason: "burned" });
    for (const id of burned) await recordAudit(tx, { workspaceId, actor: { type: "anonymous" }, action: "login_code.burned", contactId, authTokenId: id, request });
  });
}
