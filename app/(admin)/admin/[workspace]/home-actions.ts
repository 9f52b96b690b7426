"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { inviteByEmail, inviteSchema } from "@/lib/access/invite";
import { adminAction, adminCtx } from "@/lib/actions";
import { runBulkAction } from "@/lib/contacts/bulk-actions";
import { many } from "@/lib/form-values";
import { slugSchema } from "@/lib/slug";
import { roleAtLeast } from "@/lib/tenancy/workspaces";

/** Invite: an existing contact or a new address, optionally with an offer or a group (granting needs the admin role). */
export const inviteAction = adminAction(inviteSchema.extend({ workspace: slugSchema }), async (data, ctx) => {
  if ((data.offerId || data.groupId) && !roleAtLeast(ctx.role, "admin")) return { error: "Only a workspace admin or owner can grant an offer or add to a group." };
  const result = await inviteByEmail(adminCtx(ctx), data);
  if (!result.ok) return { error: result.error, fieldErrors: result.field ? { [result.field]: result.error } : undefined };
  const who = `${result.contact.firstName} ${result.contact.lastName}`.trim() || result.contact.email;
  return { ok: true, message: `Invitation sent to ${who}${result.created ? " (new contact)" : ""}. Status: ${result.contact.portalStatus}.`, data: { contactId: result.contact.id } };
});

/** Send Login Email from the Client Portal home: the picked contacts, then the live progress page. */
export const sendLoginEmailsAction = adminAction(z.object({ workspace: slugSchema, ids: many(z.string()) }), async (data, ctx) => {
  const result = await runBulkAction(adminCtx(ctx), { action: "login_email", contactIds: data.ids });
  if (!result.ok) return { error: result.error };
  redirect(`/admin/${ctx.workspace.slug}/emails/bulk/${result.batchId}`);
});
