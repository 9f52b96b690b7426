"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, adminCtx, savedRecord, type FormState } from "@/lib/actions";
import { countContacts, findContactByEmail, searchContacts } from "@/lib/contacts/record";
import { getTemplate, previewTemplate, saveTemplate, sendTemplate, sendTestEmail, templateSchema } from "@/lib/mail/templates";
import { slugSchema } from "@/lib/slug";
import { plural } from "@/lib/utils";

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

const SEND_LIMIT = 50_000;
const sendSchema = base.extend({ templateId: z.uuid(), q: z.string().max(100).default("") });

/** What Send's confirmation asks: how many contacts the email reaches (nothing is sent), as JSON in `data.question`. */
export const templateSendQuestionAction = adminAction(sendSchema, async (data, ctx): Promise<FormState> => {
  const [template, matching] = await Promise.all([getTemplate(ctx.workspace.id, data.templateId), countContacts(ctx.workspace.id, data.q)]);
  if (!template) return { error: "That template no longer exists." };
  const n = Math.min(matching, SEND_LIMIT);
  const people = plural(n, "contact");
  const who = data.q.trim() ? `every contact whose name or email contains “${data.q.trim()}”` : "every contact in this workspace";
  const question = n === 0
    ? { title: "No contacts match", description: "Nothing would be sent: change the search, or leave it empty for every contact.", confirmLabel: null }
    : {
        title: `Email ${people}?`,
        description: `The template “${template.name}” goes to ${who}, each with a one-time link of their own.${matching > SEND_LIMIT ? ` Only the newest ${SEND_LIMIT.toLocaleString("en")} of ${matching.toLocaleString("en")}: narrow the search to reach the rest.` : ""}`,
        confirmLabel: `Send to ${people}`,
      };
  return { ok: true, data: { question: JSON.stringify(question) } };
});

/** Sends the saved template to every contact matching a search (members may send). */
export const sendTemplateAction = adminAction(sendSchema, async (data, ctx) => {
  const matches = await searchContacts(ctx.workspace.id, data.q, SEND_LIMIT);
  if (matches.length === 0) return { error: "No contacts match that search." };
  const result = await sendTemplate(adminCtx(ctx), { templateId: data.templateId, contactIds: matches.map((c) => c.id) });
  if (!result.ok) return { error: result.error };
  redirect(`/admin/${ctx.workspace.slug}/emails/bulk/${result.batchId}`);
});
