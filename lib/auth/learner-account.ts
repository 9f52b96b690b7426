/** The learner's own account page: set a first password, change it, sign out everywhere. */
import { db } from "@/db/client";
import type { Contact, Workspace } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { RequestInfo } from "@/lib/context";
import { queuePasswordChangedNotice } from "@/lib/links/send";
import { wakeOutbox } from "@/lib/mail/outbox";
import { applyNewPassword, bumpSessionVersion } from "./learner-passwords";
import { checkPassword, hashPassword, verifyPassword } from "./password";

type Input = { workspace: Workspace; contact: Contact; request: RequestInfo };
export type AccountResult = { ok: true; contact: Contact } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Sets a password: the first one (no current password needed: the learner signed in with a
 * link) or a new one (the current one is required). Other sessions end either way.
 */
export async function setOwnPassword(input: Input & { current?: string; password: string }): Promise<AccountResult> {
  const { workspace, contact, request } = input;
  const changing = !!contact.passwordHash;
  if (changing && !(await verifyPassword(input.current ?? "", contact.passwordHash))) {
    return { ok: false, fieldErrors: { current: "That is not your current password." } };
  }
  const check = checkPassword(input.password, [contact.email, contact.firstName, contact.lastName]);
  if (!check.ok) return { ok: false, fieldErrors: { password: check.message } };
  const passwordHash = await hashPassword(input.password);
  const updated = await db.transaction(async (tx) => {
    const c = await applyNewPassword(tx, { workspaceId: workspace.id, contactId: contact.id, passwordHash, proof: "keep" });
    if (changing) await queuePasswordChangedNotice(tx, { workspace, contact: c, byAdmin: false });
    await recordAudit(tx, { workspaceId: workspace.id, actor: { type: "learner", id: contact.id }, action: changing ? "learner.password_changed" : "learner.password_set", contactId: contact.id, request });
    return c;
  });
  if (changing) await wakeOutbox();
  return { ok: true, contact: updated };
}

export async function signOutEverywhere(input: Input): Promise<void> {
  await db.transaction(async (tx) => {
    await bumpSessionVersion(tx, input.workspace.id, input.contact.id);
    await recordAudit(tx, { workspaceId: input.workspace.id, actor: { type: "learner", id: input.contact.id }, action: "learner.signed_out_everywhere", contactId: input.contact.id, request: input.request });
  });
}
