/**
 * Admin password reset (the admin realm's own link): one use, 2 hours, a newer link
 * replaces the older, and setting the password ends every other admin session.
 */
import { firstRun } from "@/lib/jobs/receipts";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { createElement } from "react";
import { db } from "@/db/client";
import { authTokens, teamMembers } from "@/db/schema";
import AdminPasswordReset, { adminPasswordResetSubject } from "@/emails/admin-password-reset";
import { recordAudit } from "@/lib/audit/record";
import { adminAccountKey } from "@/lib/auth/admin-login";
import { checkPassword, hashPassword } from "@/lib/auth/password";
import { consume, ipKey, LIMITS, reset, type Throttle } from "@/lib/auth/rate-limit";
import type { RequestInfo } from "@/lib/context";
import { formatExpiry } from "@/lib/mail/format";
import { queueEmail, wakeOutbox } from "@/lib/mail/outbox";
import { issueAdminToken } from "./admin-tokens";
import { hashSecret, isWellFormedSecret } from "./secret";
import { deadReason, type DeadReason } from "./state";

export type { DeadReason };

export { ADMIN_INVITE_TTL_MS, ADMIN_RESET_TTL_MS } from "./admin-tokens";
/** Both links of the admin realm that lead to "choose a password"; using one cancels the others. */
const PASSWORD_KINDS = ["admin_password_reset", "admin_invite"] as const;

/** Admin reset emails are limited like the portal's: per address and per IP, unknown addresses counted too. */
export function throttleAdminResetRequest(email: string, request: RequestInfo): Promise<Throttle> {
  return consume([LIMITS.sendPerEmail, adminAccountKey(email)], [LIMITS.sendPerIp, ipKey(request)]);
}

export async function requestAdminPasswordReset(email: string, request: RequestInfo, jobId?: string): Promise<void> {
  const [member] = await db
    .select()
    .from(teamMembers)
    .where(eq(sql`lower(${teamMembers.email})`, email.trim().toLowerCase()))
    .limit(1);
  if (!member) {
    // Same answer, nothing written: the caller shows identical words either way.
    return;
  }
  await db.transaction(async (tx) => {
    if (!(await firstRun(tx, jobId))) return; // a job run again sends nothing twice
    const { token, url } = await issueAdminToken(tx, { kind: "admin_password_reset", teamMemberId: member.id, via: "forgot_password", request });
    const expiresAt = token.expiresAt;
    await queueEmail(tx, {
      teamMemberId: member.id,
      authTokenId: token.id,
      template: "admin_password_reset",
      to: member.email,
      subject: adminPasswordResetSubject(),
      element: createElement(AdminPasswordReset, {
        brand: { name: "Portico" },
        name: member.name,
        url,
        expiresText: formatExpiry(expiresAt),
      }),
      links: [url],
    });
    await recordAudit(tx, { actor: { type: "anonymous" }, action: "admin.password_reset.requested", teamMemberId: member.id, authTokenId: token.id, request });
  });
  await wakeOutbox();
}

/** Looks at a reset link without using it (GET never consumes). */
export async function inspectAdminResetLink(secret: string): Promise<{ dead: DeadReason | null; email?: string; invite?: boolean }> {
  if (!isWellFormedSecret(secret)) return { dead: "unknown" };
  const [row] = await db
    .select({ token: authTokens, email: teamMembers.email })
    .from(authTokens)
    .innerJoin(teamMembers, eq(teamMembers.id, authTokens.teamMemberId))
    .where(and(eq(authTokens.tokenHash, hashSecret(secret)), inArray(authTokens.kind, [...PASSWORD_KINDS])))
    .limit(1);
  return { dead: deadReason(row?.token), email: row?.email, invite: row?.token.kind === "admin_invite" };
}

export type ResetResult = { ok: true; email: string } | { ok: false; dead?: DeadReason; passwordError?: string };

/** Uses the link once: sets the password, bumps the session version, kills other reset links, and lifts a lockout of the account. */
export async function resetAdminPassword(secret: string, password: string, request: RequestInfo): Promise<ResetResult> {
  const result = await redeemAdminPasswordLink(secret, password, request);
  // The emailed link proved who this is: wrong guesses by others no longer keep them out.
  if (result.ok) await reset(LIMITS.passwordPerAccount, adminAccountKey(result.email));
  return result;
}

async function redeemAdminPasswordLink(secret: string, password: string, request: RequestInfo): Promise<ResetResult> {
  if (!isWellFormedSecret(secret)) return { ok: false, dead: "unknown" };
  const tokenHash = hashSecret(secret);
  const [preview] = await db
    .select({ email: teamMembers.email, name: teamMembers.name })
    .from(authTokens)
    .innerJoin(teamMembers, eq(teamMembers.id, authTokens.teamMemberId))
    .where(eq(authTokens.tokenHash, tokenHash))
    .limit(1);
  const check = checkPassword(password, [preview?.email ?? "", preview?.name ?? ""]);
  if (!check.ok) return { ok: false, passwordError: check.message };
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [token] = await tx
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.tokenHash, tokenHash), inArray(authTokens.kind, [...PASSWORD_KINDS])))
      .for("update")
      .limit(1);
    const dead = deadReason(token);
    if (dead || !token?.teamMemberId) return { ok: false as const, dead: dead ?? "unknown" };
    const now = new Date();
    await tx.update(authTokens).set({ usedAt: now, useCount: 1 }).where(eq(authTokens.id, token.id));
    await tx
      .update(authTokens)
      .set({ revokedAt: now, revokedReason: "password_changed" })
      .where(and(eq(authTokens.teamMemberId, token.teamMemberId), inArray(authTokens.kind, [...PASSWORD_KINDS]), isNull(authTokens.usedAt), isNull(authTokens.revokedAt)));
    const [member] = await tx
      .update(teamMembers)
      .set({ passwordHash, sessionVersion: sql`gen_random_uuid()::text` })
      .where(eq(teamMembers.id, token.teamMemberId))
      .returning();
    await recordAudit(tx, { actor: { type: "admin", id: member!.id }, action: token.kind === "admin_invite" ? "admin.invite.accepted" : "admin.password_reset.used", teamMemberId: member!.id, authTokenId: token.id, request });
    return { ok: true as const, email: member!.email };
  });
}
