import type { AuthToken } from "@/db/schema";
import type { RequestInfo } from "@/lib/context";
import { isMultiUse, REUSE_GRACE } from "./policy";
import type { RevokeReason } from "./revoke";

/** Why a link or code cannot be used (SPEC §3 rule 2), or no_access (rule 3). */
export type DeadReason = "unknown" | "expired" | "used" | "replaced" | "revoked";
export type LinkProblem = DeadReason | "no_access";

/** Why a revoked link was revoked (auth_tokens.revoked_reason), said in words on the dead-link page. */
export type RevokeCause = RevokeReason | "by_team";

const REVOKE_REASONS: ReadonlySet<string> = new Set<RevokeReason>(["password_changed", "signed_out", "access_revoked", "burned"]);

export function deadReason(token: Pick<AuthToken, "kind" | "usedAt" | "revokedAt" | "revokedReason" | "expiresAt"> | undefined, now = new Date()): DeadReason | null {
  if (!token) return "unknown";
  if (token.usedAt && !isMultiUse(token.kind)) return "used";
  if (token.revokedAt) return token.revokedReason === "superseded" ? "replaced" : "revoked";
  if (token.expiresAt <= now) return "expired";
  return null;
}

/** The cause behind a "revoked" link; "revoked" (the team's button) and anything unknown read as the team's doing. */
export function revokeCause(revokedReason: string | null | undefined): RevokeCause {
  return revokedReason && REVOKE_REASONS.has(revokedReason) ? (revokedReason as RevokeReason) : "by_team";
}

/**
 * A used one-time sign-in link that its own browser may use again (REUSE_GRACE): same IP and
 * user agent as its first use, within the grace window, under the use cap. The redemption
 * statement (redeem.ts) applies the same rule in SQL, where it counts.
 */
export function inReuseGrace(
  token: Pick<AuthToken, "kind" | "usedAt" | "useCount" | "usedIp" | "usedUserAgent" | "revokedAt" | "expiresAt">,
  request: RequestInfo,
  now = new Date(),
): boolean {
  const ua = request.userAgent?.slice(0, 512) ?? null;
  return (
    token.kind === "login_link" &&
    !!token.usedAt &&
    !token.revokedAt &&
    token.expiresAt > now &&
    now.getTime() - token.usedAt.getTime() < REUSE_GRACE.seconds * 1000 &&
    token.useCount < REUSE_GRACE.uses &&
    !!request.ip &&
    !!ua &&
    token.usedIp === request.ip &&
    token.usedUserAgent === ua
  );
}
