/**
 * What a link page may say beyond what openLink decides (which it never changes): whether a
 * setup link's owner has an unproven password to replace (checkout shortcut, SPEC §3), and on a
 * dead-link page (rule 2) why it was revoked, and an opaque reference (the token's id) that lets "Email me a new link" send to the
 * address the link was for without the page ever showing that address in full.
 */
import { and, eq, inArray } from "drizzle-orm";
import { isUuid } from "@/lib/utils";
import { db } from "@/db/client";
import { authTokens, contacts, type Workspace } from "@/db/schema";
import { hashSecret, isWellFormedSecret } from "./secret";
import { ALL_LEARNER_KINDS } from "./revoke";
import { revokeCause, type RevokeCause } from "./state";

/** Links (not codes): what a link page can be about. */
const LEARNER_LINKS = ALL_LEARNER_KINDS.filter((k) => k !== "login_code");

export type DeadLinkInfo = { ref: string; contactId: string; cause: RevokeCause | null };

/** The dead link behind a secret, in this workspace: its reference, its contact and the cause of a revocation. */
export async function deadLinkInfo(workspace: Workspace, secret: string): Promise<DeadLinkInfo | null> {
  if (!isWellFormedSecret(secret)) return null;
  const [row] = await db
    .select({ id: authTokens.id, contactId: authTokens.contactId, revokedAt: authTokens.revokedAt, revokedReason: authTokens.revokedReason })
    .from(authTokens)
    .where(and(eq(authTokens.tokenHash, hashSecret(secret)), eq(authTokens.workspaceId, workspace.id), inArray(authTokens.kind, [...LEARNER_LINKS])))
    .limit(1);
  if (!row?.contactId) return null;
  return { ref: row.id, contactId: row.contactId, cause: row.revokedAt ? revokeCause(row.revokedReason) : null };
}

/** The contact a dead-link reference points to (same workspace only), or null. */
export async function contactOfLinkRef(workspace: Workspace, ref: string | null | undefined): Promise<{ id: string; email: string } | null> {
  if (!ref || !isUuid(ref)) return null;
  const [row] = await db
    .select({ id: contacts.id, email: contacts.email })
    .from(authTokens)
    .innerJoin(contacts, and(eq(contacts.id, authTokens.contactId), eq(contacts.workspaceId, authTokens.workspaceId)))
    .where(and(eq(authTokens.id, ref), eq(authTokens.workspaceId, workspace.id), inArray(authTokens.kind, [...LEARNER_LINKS])))
    .limit(1);
  return row ?? null;
}

/** A setup link whose contact set a password through the checkout shortcut: the page asks them to choose it again. */
export async function replacesUnprovenPassword(workspace: Workspace, secret: string): Promise<boolean> {
  if (!isWellFormedSecret(secret)) return false;
  const [row] = await db
    .select({ unproven: contacts.passwordUnproven, hash: contacts.passwordHash })
    .from(authTokens)
    .innerJoin(contacts, and(eq(contacts.id, authTokens.contactId), eq(contacts.workspaceId, authTokens.workspaceId)))
    .where(and(eq(authTokens.tokenHash, hashSecret(secret)), eq(authTokens.workspaceId, workspace.id), eq(authTokens.kind, "password_setup")))
    .limit(1);
  return !!row?.hash && !!row.unproven;
}
