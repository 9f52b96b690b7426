/**
 * Opening a link (GET): look, never consume (SPEC §3 rule 1). The first open is recorded
 * (time, IP, user agent) for the contact's email timeline; later opens change nothing.
 */
import { and, eq, isNull } from "drizzle-orm";
import { db } from "@/db/client";
import { authTokens, contacts, type Workspace } from "@/db/schema";
import { hasLiveAccess } from "@/lib/access/live-access";
import { recordAudit } from "@/lib/audit/record";
import type { RequestInfo } from "@/lib/context";
import { destinationLabel, maskEmail } from "./destination";
import { signsInDirectly } from "./policy";
import { hashSecret, isWellFormedSecret } from "./secret";
import { deadReason, inReuseGrace, type LinkProblem } from "./state";

export type Landing =
  | { state: "dead"; problem: LinkProblem }
  /** `again`: a used one-time link its own browser may use once more (REUSE_GRACE: its first answer was lost). */
  | { state: "confirm"; kind: "login_link" | "learner_magic_link"; maskedEmail: string; leadsTo: string; again?: true }
  | { state: "set_password"; kind: "password_setup" | "password_reset"; email: string; firstName: string; lastName: string };

export async function openLink(workspace: Workspace, secret: string, request: RequestInfo): Promise<Landing> {
  if (!isWellFormedSecret(secret)) return { state: "dead", problem: "unknown" };
  const [row] = await db
    .select({ token: authTokens, contact: contacts })
    .from(authTokens)
    .innerJoin(contacts, and(eq(contacts.id, authTokens.contactId), eq(contacts.workspaceId, authTokens.workspaceId)))
    .where(and(eq(authTokens.tokenHash, hashSecret(secret)), eq(authTokens.workspaceId, workspace.id)))
    .limit(1);
  if (!row || row.token.kind === "login_code") return { state: "dead", problem: "unknown" };
  const { token, contact } = row;
  const dead = deadReason(token);
  const again = dead === "used" && inReuseGrace(token, request);
  if (dead && !again) return { state: "dead", problem: dead };
  if (!(await hasLiveAccess(db, workspace.id, contact.id))) return { state: "dead", problem: "no_access" };
  await recordFirstOpen(workspace.id, token.id, contact.id, request);
  if (signsInDirectly(token.kind)) {
    return { state: "confirm", kind: token.kind as "login_link", maskedEmail: maskEmail(contact.email), leadsTo: destinationLabel(workspace.slug, token.destination), ...(again ? { again } : {}) };
  }
  return { state: "set_password", kind: token.kind as "password_setup", email: contact.email, firstName: contact.firstName, lastName: contact.lastName };
}

async function recordFirstOpen(workspaceId: string, tokenId: string, contactId: string, request: RequestInfo) {
  await db.transaction(async (tx) => {
    const [first] = await tx
      .update(authTokens)
      .set({ firstOpenedAt: new Date() })
      .where(and(eq(authTokens.id, tokenId), isNull(authTokens.firstOpenedAt)))
      .returning({ id: authTokens.id });
    if (first) await recordAudit(tx, { workspaceId, actor: { type: "anonymous" }, action: "link.opened", contactId, authTokenId: tokenId, request });
  });
}
