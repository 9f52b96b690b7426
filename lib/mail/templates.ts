/**
 * Custom email templates (SPEC §5): a subject and a plain-text body written by admins with
 * Liquid merge fields. Strict: a template that uses a field not in MERGE_FIELDS, or a filter
 * Liquid does not know, is refused when saved — never a blank in a sent email. `{{login_url}}`
 * mints a one-time login link for each recipient when the email is queued. Every parse and
 * render goes through ./template-sandbox: no file access, bounded renders, and the admin is
 * told in words when a template breaks a rule (at save, preview, test and send).
 */
import { and, asc, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { z } from "zod";
import { db, type Queryable } from "@/db/client";
import { customTemplates, type Contact, type Workspace } from "@/db/schema";
import CustomEmail from "@/emails/custom";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx, SaveResult } from "@/lib/context";
import { issueLearnerTokens } from "@/lib/links/issue";
import { brandOf } from "@/lib/links/send";
import { portalUrl } from "@/lib/links/policy";
import { queueForContacts } from "./bulk";
import { queueRendered, renderStamp, wakeOutbox } from "./outbox";
import { compileTemplate, renderTemplate, templateFields, TemplateError } from "./template-sandbox";
import { escapeHtml, isUuid } from "@/lib/utils";

export const MERGE_FIELDS = {
  "contact.first_name": "The recipient's first name",
  "contact.last_name": "The recipient's last name",
  "contact.email": "The recipient's email address",
  login_url: "A one-time sign-in link for the recipient, created when the email is sent",
  portal_url: "The portal's address",
  "workspace.name": "Your business's name",
  "offer.title": "The offer (workflow emails only)",
  "product.title": "The course (workflow emails only)",
} as const;
const WORKFLOW_ONLY = ["offer.title", "product.title"];

export const templateSchema = z.object({
  name: z.string().trim().min(1, "Give the template a name.").max(120),
  subject: z.string().trim().min(1, "Write a subject.").max(300),
  body: z.string().trim().min(1, "Write the email.").max(20_000, "Keep it under 20,000 characters."),
});
export type TemplateInput = z.infer<typeof templateSchema>;

const SAMPLE = {
  contact: { first_name: "Dana", last_name: "Sample", email: "dana@example.com" },
  login_url: "https://portal.example/l/sample",
  portal_url: "https://portal.example/p/sample",
  workspace: { name: "Sample Academy" },
  offer: { title: "Sample offer" },
  product: { title: "Sample course" },
};

/**
 * Field errors for a template, or null: file tags, syntax errors and unknown fields are reported
 * by name, and a trial render with sample values catches a template that breaks a render limit.
 */
export function checkTemplate(input: Pick<TemplateInput, "subject" | "body">): Record<string, string> | null {
  const errors: Record<string, string> = {};
  for (const part of ["subject", "body"] as const) {
    try {
      const compiled = compileTemplate(input[part]);
      const fields = templateFields(compiled);
      const unknown = fields.filter((v) => !(v in MERGE_FIELDS));
      if (unknown.length) errors[part] = `Unknown field${unknown.length > 1 ? "s" : ""}: ${unknown.map((u) => `{{${u}}}`).join(", ")}. Use one of the fields listed.`;
      // Subjects show in inbox lists, notifications, the delivery log and run history (members see those): no credential there.
      else if (part === "subject" && fields.includes("login_url")) errors[part] = "Put {{login_url}} in the email's text, not its subject: subjects show in inbox lists, notifications and logs.";
      else renderTemplate(compiled, SAMPLE);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      errors[part] = err.message;
    }
  }
  return Object.keys(errors).length ? errors : null;
}

/** Whether a template reads a field; a template that does not parse reads none (it is refused anyway). */
export const usesField = (t: Pick<TemplateInput, "subject" | "body">, field: string) =>
  [t.subject, t.body].some((part) => {
    try {
      return templateFields(part).includes(field);
    } catch (err) {
      if (err instanceof TemplateError) return false;
      throw err;
    }
  });

export async function listTemplates(workspaceId: string) {
  return db.select().from(customTemplates).where(eq(customTemplates.workspaceId, workspaceId)).orderBy(asc(customTemplates.name));
}

export async function getTemplate(workspaceId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return (await db.select().from(customTemplates).where(and(eq(customTemplates.workspaceId, workspaceId), eq(customTemplates.id, id))).limit(1))[0];
}

export async function saveTemplate(ctx: Ctx, input: TemplateInput & { id?: string }): Promise<SaveResult> {
  const problems = checkTemplate(input);
  if (problems) return { ok: false, fieldErrors: problems };
  const { workspace } = ctx;
  const values = { name: input.name, subject: input.subject, body: input.body };
  const [row] = input.id
    ? await db.update(customTemplates).set({ ...values, updatedAt: new Date() }).where(and(eq(customTemplates.workspaceId, workspace.id), eq(customTemplates.id, input.id))).returning()
    : await db.insert(customTemplates).values({ workspaceId: workspace.id, ...values }).returning();
  if (!row) return { ok: false, fieldErrors: { name: "That template no longer exists." } };
  await recordAudit(db, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: input.id ? "template.updated" : "template.created", data: { templateId: row.id } });
  return { ok: true, id: row.id };
}

type Recipient = Pick<Contact, "email" | "firstName" | "lastName">;
type Extra = { offer?: { title: string }; product?: { title: string } };

/** The values merge fields read (MERGE_FIELDS), for emails and workflow SMS alike. */
export function mergeScope(w: Workspace, to: Recipient, loginUrl: string, extra: Extra = {}) {
  return {
    contact: { first_name: to.firstName, last_name: to.lastName, email: to.email },
    login_url: loginUrl,
    portal_url: portalUrl(w.slug),
    workspace: { name: w.name },
    ...extra,
  };
}

/**
 * A renderer for one template in one workspace: the Liquid is parsed and the email layout is
 * rendered once (≈ 8 ms), and each recipient's Liquid output is escaped into it, line breaks
 * kept. Throws TemplateError (at once or per recipient) when the template breaks a rule.
 */
export async function templateRenderer(w: Workspace, t: Pick<TemplateInput, "subject" | "body">) {
  const subjectTpl = compileTemplate(t.subject);
  const bodyTpl = compileTemplate(t.body);
  const stamp = await renderStamp((p) => createElement(CustomEmail, { brand: brandOf(w), body: p.body }), ["body"] as const, {
    html: { body: (v) => escapeHtml(v).replace(/\r?\n/g, "<br/>") },
  });
  return (to: Recipient, loginUrl: string, extra?: Extra) => {
    const data = mergeScope(w, to, loginUrl, extra);
    const subject = renderTemplate(subjectTpl, data).replace(/\s+/g, " ").trim();
    return { subject, ...stamp({ body: renderTemplate(bodyTpl, data) }) };
  };
}

type Rendered = ReturnType<Awaited<ReturnType<typeof templateRenderer>>>;

/** What the editor shows: the template rendered for a chosen contact, with a stand-in link; or why it cannot be. */
export async function previewTemplate(w: Workspace, t: Pick<TemplateInput, "subject" | "body">, to: Recipient): Promise<{ ok: true; email: Rendered } | { ok: false; error: string; fieldErrors?: Record<string, string> }> {
  const problems = checkTemplate(t);
  if (problems) return { ok: false, error: Object.values(problems).join(" "), fieldErrors: problems };
  try {
    const render = await templateRenderer(w, t);
    return { ok: true, email: render(to, portalUrl(w.slug, "/l/one-time-link-created-when-sent"), { offer: { title: "Sample offer" }, product: { title: "Sample course" } }) };
  } catch (err) {
    if (err instanceof TemplateError) return { ok: false, error: err.message };
    throw err;
  }
}

/**
 * Queues the template to contacts of the workspace (one bulk send id for progress), minting
 * a one-time login link per recipient when the template uses {{login_url}}.
 */
export async function sendTemplate(ctx: Ctx, input: { templateId: string; contactIds: string[] }): Promise<{ ok: true; batchId: string; queued: number } | { ok: false; error: string }> {
  const { workspace } = ctx;
  const t = await getTemplate(workspace.id, input.templateId);
  if (!t) return { ok: false, error: "That template does not exist." };
  // A row may predate these rules or have been written around saveTemplate: check it again.
  const problems = checkTemplate(t);
  if (problems) return { ok: false, error: `This template cannot be sent: ${Object.values(problems).join(" ")} Edit and save it first.` };
  if (WORKFLOW_ONLY.some((f) => usesField(t, f))) return { ok: false, error: "This template uses {{offer.title}} or {{product.title}}, which only a workflow can fill in." };
  const batchId = randomUUID();
  const withLink = usesField(t, "login_url");
  try {
    const queued = await queueForContacts({
      workspaceId: workspace.id,
      contactIds: input.contactIds,
      queue: (tx, recipients) => queueTemplateEmails(tx, { ctx, template: t, recipients, withLink, batchId }),
    });
    return { ok: true, batchId, queued };
  } catch (err) {
    // A recipient's own values made a render break a limit (the sample render passed): that
    // chunk is rolled back; chunks queued before it still go out.
    if (err instanceof TemplateError) return { ok: false, error: `Sending stopped at a contact whose details break a limit: ${err.message}` };
    throw err;
  }
}


async function queueTemplateEmails(q: Queryable, input: { ctx: Ctx; template: TemplateInput & { id: string }; recipients: Contact[]; withLink: boolean; batchId: string }) {
  const { ctx, template, recipients, withLink, batchId } = input;
  const w = ctx.workspace;
  const issued = withLink
    ? await issueLearnerTokens(q, recipients.map((contact) => ({ workspace: w, contact, kind: "login_link" as const, via: "template", actor: ctx.actor, request: ctx.request })))
    : [];
  const render = await templateRenderer(w, template);
  const mails = [];
  let since = performance.now();
  for (const [n, c] of recipients.entries()) {
    // Renders are synchronous: let other requests run between them, whatever the template.
    if (performance.now() - since > 20) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
    const url = issued[n]?.url ?? portalUrl(w.slug, "/login");
    const body = render(c, url);
    mails.push({
      workspaceId: w.id,
      contactId: c.id,
      to: c.email,
      senderName: w.senderName ?? w.name,
      replyTo: w.replyTo,
      template: `custom:${template.id}`,
      ...body,
      links: withLink ? [url] : [],
      authTokenId: issued[n]?.token.id ?? null,
      batchId,
    });
  }
  await queueRendered(q, mails);
}

/** "Send test": the template to the admin, with a stand-in link (no learner link is minted for a test). */
export async function sendTestEmail(ctx: Ctx, input: { template: Pick<TemplateInput, "subject" | "body">; to: { email: string; name: string } }): Promise<{ ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string> }> {
  const [firstName = "", ...rest] = input.to.name.split(/\s+/);
  const preview = await previewTemplate(ctx.workspace, input.template, { email: input.to.email, firstName, lastName: rest.join(" ") });
  if (!preview.ok) return preview;
  const body = preview.email;
  await db.transaction((tx) =>
    queueRendered(tx, [{ workspaceId: ctx.workspace.id, teamMemberId: ctx.actor.id ?? null, to: input.to.email, senderName: ctx.workspace.senderName ?? ctx.workspace.name, template: "custom:test", ...body, subject: `[Test] ${body.subject}`, links: [] }]),
  );
  await wakeOutbox();
  return { ok: true };
}
