/**
 * Ending a contact's outstanding links and codes at once (SPEC §3 "also invalid when"): a
 * password set, changed or reset ends every kind; "sign out everywhere" ends the ones that sign
 * in (magic links, login links, codes); five wrong tries burn the live codes. A one-time token
 * that was used is already dead; a magic
 * link is revoked whether or not it was used.
 */
import { and, eq, gt, inArray, isNull, or } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { authTokens } from "@/db/schema";
import type { LearnerTokenKind } from "./policy";

export const SIGN_IN_KINDS = ["learner_magic_link", "login_link", "login_code"] as const satisfies LearnerTokenKind[];
export const ALL_LEARNER_KINDS = [...SIGN_IN_KINDS, "password_setup", "password_reset"] as const satisfies LearnerTokenKind[];

export type RevokeReason = "password_changed" | "signed_out" | "access_revoked" | "burned";

export async function revokeContactTokens(
  q: Queryable,
  input: { workspaceId: string; contactId: string; kinds: readonly LearnerTokenKind[]; reason: RevokeReason; now?: Date },
): Promise<string[]> {
  if (input.kinds.length === 0) return [];
  const now = input.now ?? new Date();
  const rows = await q
    .update(authTokens)
    .set({ revokedAt: now, revokedReason: input.reason })
    .where(
      and(
        eq(authTokens.workspaceId, input.workspaceId),
        eq(authTokens.contactId, input.contactId),
        inArray(authTokens.kind, [...input.kinds]),
        isNull(authTokens.revokedAt),
        gt(authTokens.expiresAt, now),
        or(isNull(authTokens.usedAt), eq(authTokens.kind, "learner_magic_link")),
      ),
    )
    .returning({ id: authTokens.id });
  return rows.map((r) => r.id);
}
