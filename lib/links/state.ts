import type { AuthToken } from "@/db/schema";
import { isMultiUse } from "./policy";

/** Why a link or code cannot be used (SPEC §3 rule 2), or no_access (rule 3). */
export type DeadReason = "unknown" | "expired" | "used" | "replaced" | "revoked";
export type LinkProblem = DeadReason | "no_access";

/** Why a revoked link was revoked (auth_tokens.revoked_reason), said in words on the dead-link page. */
export type RevokeCause = "password_changed" | "signed_out" | "access_revoked" | "by_team" | "burned";

export function deadReason(token: Pick<AuthToken, "kind" | "usedAt" | "revokedAt" | "revokedReason" | "expiresAt"> | undefined, now = new Date()): DeadReason | null {
  if (!token) return "unknown";
  if (token.usedAt && !isMultiUse(token.kind)) return "used";
  if (token.revokedAt) return token.revokedReason === "superseded" ? "replaced" : "revoked";
  if (token.expiresAt <= now) return "expired";
  return null;
}

/** The cause behind a "revoked" link; "revoked" (the team's button) and anything unknown read as the team's doing. */
export function revokeCause(revokedReason: string | null | undefined): RevokeCause {
  switch (revokedReason) {
    case "password_changed":
    case "signed_out":
    case "access_revoked":
    case "burned":
      return revokedReason;
    default:
      return "by_team";
  }
}
