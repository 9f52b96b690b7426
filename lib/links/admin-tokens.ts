/**
 * The admin realm's links (password reset, team invite): issued here, one use, a newer link of
 * the same kind replaces the older. Using one lives in admin-reset.ts, beside the reset form.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { authTokens, type AuthToken } from "@/db/schema";
import type { Actor, RequestInfo } from "@/lib/context";
import { appUrl } from "@/lib/env";
import { hashSecret, newSecret } from "./secret";

export const ADMIN_RESET_TTL_MS = 2 * 60 * 60 * 1000;
/** A team member's invitation (set your first password) lives as long as a learner's setup link. */
export const ADMIN_INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type AdminTokenKind = "admin_password_reset" | "admin_invite";

const TTL: Record<AdminTokenKind, number> = { admin_password_reset: ADMIN_RESET_TTL_MS, admin_invite: ADMIN_INVITE_TTL_MS };

export async function issueAdminToken(
  q: Queryable,
  input: { kind: AdminTokenKind; teamMemberId: string; via: string; actor?: Actor; request?: RequestInfo; now?: Date },
): Promise<{ token: AuthToken; secret: string; url: string }> {
  const now = input.now ?? new Date();
  // Two issues at once for one member take turns, so the older link is always replaced.
  await q.execute(sql`select 1 from team_members where id = ${input.teamMemberId} for update`);
  await q
    .update(authTokens)
    .set({ revokedAt: now, revokedReason: "superseded" })
    .where(and(eq(authTokens.teamMemberId, input.teamMemberId), eq(authTokens.kind, input.kind), isNull(authTokens.usedAt), isNull(authTokens.revokedAt)));
  const secret = newSecret();
  const [token] = await q
    .insert(authTokens)
    .values({
      kind: input.kind,
      teamMemberId: input.teamMemberId,
      tokenHash: hashSecret(secret),
      issuedVia: input.via,
      issuedByTeamMemberId: input.actor?.type === "admin" ? input.actor.id : null,
      issuedIp: input.request?.ip ?? null,
      issuedUserAgent: input.request?.userAgent?.slice(0, 512) ?? null,
      expiresAt: new Date(now.getTime() + TTL[input.kind]),
      createdAt: now,
    })
    .returning();
  return { token: token!, secret, url: `${appUrl}/admin/reset-password/${secret}` };
}
