/**
 * Setup and reset links: the set-password form is their confirmation page (GET shows it,
 * changes nothing); submitting it uses the link once, sets the password, ends every other
 * session and signs the learner in.
 */
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db/client";
import { authTokens, contacts, type Contact, type Workspace } from "@/db/schema";
import { hasLiveAccess } from "@/lib/access/live-access";
import type { RequestInfo } from "@/lib/context";
import { learnerAccountKey, recordSignIn } from "@/lib/auth/learner-login";
import { LIMITS, reset } from "@/lib/auth/rate-limit";
import { applyNewPassword } from "@/lib/auth/learner-passwords";
import { checkPassword, hashPassword } from "@/lib/auth/password";
import { wakeOutbox } from "@/lib/mail/outbox";
import { destinationPath } from "./destination";
import { CHECKOUT_VIA } from "./policy";
import { hashSecret, isWellFormedSecret } from "./secret";
import { queuePasswordChangedNotice } from "./send";
import { deadReason, type LinkProblem } from "./state";

const PASSWORD_KINDS = ["password_setup", "password_reset"] as const;

export type PasswordLinkResult =
  | { ok: true; contact: Contact; next: string }
  | { ok: false; problem: LinkProblem }
  | { ok: false; passwordError: string };

export async function completePasswordLink(input: { workspace: Workspace; secret: string; password: string; request: RequestInfo }): Promise<PasswordLinkResult> {
  const { workspace, request } = input;
  if (!isWellFormedSecret(input.secret)) return { ok: false, problem: "unknown" };
  const hash = hashSecret(input.secret);
  const where = and(eq(authTokens.tokenHash, hash), eq(authTokens.workspaceId, workspace.id), inArray(authTokens.kind, [...PASSWORD_KINDS]));
  const [preview] = await db
    .select({ email: contacts.email, firstName: contacts.firstName, lastName: contacts.lastName })
    .from(authTokens)
    .innerJoin(contacts, and(eq(contacts.id, authTokens.contactId), eq(contacts.workspaceId, workspace.id)))
    .where(where)
    .limit(1);
  if (!preview) return { ok: false, problem: "unknown" };
  const check = checkPassword(input.password, [preview.email, preview.firstName, preview.lastName]);
  if (!check.ok) return { ok: false, passwordError: check.message };
  const passwordHash = await hashPassword(input.password);

  const result = await db.transaction(async (tx): Promise<PasswordLinkResult> => {
    const [token] = await tx.select().from(authTokens).where(where).for("update").limit(1);
    const dead = deadReason(token);
    if (dead || !token?.contactId) return { ok: false, problem: dead ?? "unknown" };
    if (!(await hasLiveAccess(tx, workspace.id, token.contactId))) return { ok: false, problem: "no_access" };
    const now = new Date();
    await tx.update(authTokens).set({ usedAt: now, useCount: 1 }).where(eq(authTokens.id, token.id));
    // The checkout shortcut ("View Dashboard") proves nothing about the address (SPEC §3).
    const proof = token.issuedVia === CHECKOUT_VIA ? "unproven" : "proven";
    const updated = await applyNewPassword(tx, { workspaceId: workspace.id, contactId: token.contactId, passwordHash, proof, now });
    const signedIn = await recordSignIn(tx, updated, proof === "unproven" ? CHECKOUT_VIA : token.kind, request, { authTokenId: token.id, action: `${token.kind}.used` });
    if (token.kind === "password_reset") await queuePasswordChangedNotice(tx, { workspace, contact: signedIn, byAdmin: false, now });
    return { ok: true, contact: signedIn, next: destinationPath(workspace.slug, token.destination) };
  });
  if (result.ok) {
    await wakeOutbox();
    // The emailed link proved who this is: wrong guesses by others no longer keep them out.
    await reset(LIMITS.passwordPerAccount, learnerAccountKey(workspace.slug, result.contact.email));
  }
  return result;
}
