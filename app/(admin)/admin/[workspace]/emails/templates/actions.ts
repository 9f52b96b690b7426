"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, adminCtx, savedRecord, type FormState } from "@/lib/actions";
import { findContactByEmail, searchContacts } from "@/lib/contacts/record";
import { previewTemplate, saveTemplate, sendTemplate, sendTestEmail, templateSchema } from "@/lib/mail/templates";
import { slugSchema } from "@/lib/slug";

const base = z.object({ workspace: slugSchema });

export const saveTemplateAction = adminAction(
  templateSchema.extend({ workspace: slugSchema, id: z.uuid().optional() }),
  async (data, ctx) =>
    savedRecord(await saveTemplate(adminCtx(ctx), data), { listPath: `/admin/${ctx.workspace.slug}/emails/templates`, editing: !!data.id, message: "Template saved." }),
  { role: "admin" },
);

/** Renders the unsaved subject and body for a contact (or a sample person): the editor's live preview. */
export const previewTemplateAction = adminAction(
  base.extend({ subject: z.string().max(300), body: z.string().max(20_000), previewEmail: z.string().max(254).default("") }),
  async (data, ctx): Promise<FormState> => {
    const contact = data.previewEmail ? await findContactByEmail({ workspaceId: ctx.workspace.id }, data.previewEmail) : undefined;
    if (data.previewEmail && !contact) return { error: `No contact with the email ${data.previewEmail} in this workspace.` };
    const to = contact ?? { email: "dana@example.com", firstName: "Dana", lastName: "Sample" };
    const out = await previewTemplate(ctx.workspace, data, to);
    if (!out.ok) return { error: out.error, fieldErrors: out.fieldErrors };
    return { ok: true, data: { subject: out.email.subject, html: out.email.html, for: to.email } };
  },
);

export const sendTestAction = adminAction(base.extend({ subject: z.string().max(300), body: z.string().max(20_000) }), async (data, ctx) => {
  const sent = await sendTestEmail(adminCtx(ctx), { template: data, to: { email: ctx.admin.email, name: ctx.admin.name } });
  if (!sent.ok) return { error: sent.error, fieldErrors: sent.fieldErrors };
  return { ok: true, message: `Test email queued for ${ctx.admin.email}.` };
});

/** Sends the saved template to every contact matching a search (members may send). */
export const sendTemplateAction = adminAction(base.extend({ templateId: z.uuid(), q: z.string().max(100).default("") }), async (data, ctx) => {
  const matches = await searchContacts(ctx.workspace.id, data.q, 50_000);
  if (matches.length === 0) return { error: "No contacts match that search." };
  const result = await sendTemplate(adminCtx(ctx), { templateId: data.templateId, contactIds: matches.map((c) => c.id) });
  if (!result.ok) return { error: result.error };
  redirect(`/admin/${ctx.workspace.slug}/emails/bulk/${result.batchId}`);
});
