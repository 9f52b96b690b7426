import type { AuthToken } from "@/db/schema";
import { isMultiUse } from "./policy";

/** Why a link or code cannot be used (SPEC §3 rule 2), or no_access (rule 3). */
export type DeadReason = "unknown" | "expired" | "used" | "replaced" | "revoked";
export type LinkProblem = DeadReason | "no_access";

export function deadReason(token: Pick<AuthToken, "kind" | "usedAt" | "revokedAt" | "revokedReason" | "expiresAt"> | undefined, now = new Date()): DeadReason | null {
  if (!token) return "unknown";
  if (token.usedAt && !isMultiUse(token.kind)) return "used";
  if (token.revokedAt) return token.revokedReason === "superseded" ? "replaced" : "revoked";
  if (token.expiresAt <= now) return "expired";
  return null;
}
