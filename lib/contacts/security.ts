/** Admin actions on a learner's password and sessions (SPEC §6 contact record → Actions). */
import { db } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { applyNewPassword, bumpSessionVersion } from "@/lib/auth/learner-passwords";
import { checkPassword, hashPassword } from "@/lib/auth/password";
import type { Ctx } from "@/lib/context";
import { queuePasswordChangedNotice } from "@/lib/links/send";
import { wakeOutbox } from "@/lib/mail/outbox";
import { getContactOrThrow } from "./record";

export async function adminChangePassword(ctx: Ctx, input: { contactId: string; password: string; notify: boolean }) {
  const { workspace } = ctx;
  const contact = await getContactOrThrow(workspace.id, input.contactId);
  const check = checkPassword(input.password, [contact.email, contact.firstName, contact.lastName]);
  if (!check.ok) return { ok: false as const, fieldErrors: { password: check.message } };
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const updated = await applyNewPassword(tx, { workspaceId: workspace.id, contactId: contact.id, passwordHash, proof: "proven" });
    if (input.notify) await queuePasswordChangedNotice(tx, { workspace, contact: updated, byAdmin: true });
    await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, action: "learner.password_changed", contactId: contact.id, request: ctx.request, data: { notified: input.notify } });
  });
  if (input.notify) await wakeOutbox();
  return { ok: true as const, message: `Password changed; ${contact.email} was signed out everywhere${input.notify ? " and notified by email" : ""}.` };
}

export async function adminSignOutEverywhere(ctx: Ctx, contactId: string) {
  const { workspace } = ctx;
  const contact = await getContactOrThrow(workspace.id, contactId);
  await db.transaction(async (tx) => {
    await bumpSessionVersion(tx, workspace.id, contact.id);
    await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, action: "learner.signed_out_everywhere", contactId: contact.id, request: ctx.request });
  });
  return { ok: true as const, message: `${contact.email} was signed out of every device.` };
}
