/**
 * The email steps. Each queues its one email in the step's transaction under the step's key
 * (email_messages.idempotency_key), so the step's success and its email commit together; the
 * outbox then delivers it once, retrying the provider under its own send key.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customTemplates, offers, products, type Workspace } from "@/db/schema";
import { issueLearnerTokens } from "@/lib/links/issue";
import { portalUrl } from "@/lib/links/policy";
import { queueLoginEmails, queueWelcomeEmails } from "@/lib/links/send";
import { queueRendered } from "@/lib/mail/outbox";
import { checkTemplate, templateRenderer, usesField } from "@/lib/mail/templates";
import { TemplateError } from "@/lib/mail/template-sandbox";
import { needContact, StepError, type DbStep, type StepEnv } from "./types";

type Renderer = Awaited<ReturnType<typeof templateRenderer>>;
const renderers = new Map<string, Renderer>();

/** One parsed template and rendered layout per template version and workspace look (a render of the layout costs ~8 ms). */
async function rendererFor(w: Workspace, t: { id: string; subject: string; body: string; updatedAt: Date }): Promise<Renderer> {
  const key = `${t.id}:${t.updatedAt.getTime()}:${w.updatedAt.getTime()}`;
  let r = renderers.get(key);
  if (!r) {
    if (renderers.size > 200) renderers.clear();
    r = await templateRenderer(w, t);
    renderers.set(key, r);
  }
  return r;
}

/** {{offer.title}} and {{product.title}}: the offer or course of the event that started the run. */
export async function eventSubjects(q: Tx, s: Pick<StepEnv, "workspace" | "event">) {
  const data = s.event.data;
  const extra: { offer?: { title: string }; product?: { title: string } } = {};
  if (typeof data.offerId === "string") {
    const title = typeof data.offerTitle === "string" ? data.offerTitle : (await q.select({ title: offers.title }).from(offers).where(and(eq(offers.workspaceId, s.workspace.id), eq(offers.id, data.offerId))))[0]?.title;
    if (title) extra.offer = { title };
  }
  if (typeof data.productId === "string") {
    const [p] = await q.select({ title: products.title }).from(products).where(and(eq(products.workspaceId, s.workspace.id), eq(products.id, data.productId)));
    if (p) extra.product = { title: p.title };
  }
  return extra;
}

export const sendEmail: DbStep = {
  kind: "db",
  async run(tx, s) {
    const contact = needContact(s);
    const [t] = await tx.select().from(customTemplates).where(and(eq(customTemplates.workspaceId, s.workspace.id), eq(customTemplates.id, String(s.config.templateId))));
    if (!t) throw new StepError("The email template no longer exists. Choose another one in the workflow.");
    const problems = checkTemplate(t);
    if (problems) throw new StepError(`The email template cannot be sent: ${Object.values(problems).join(" ")}`);
    const withLink = usesField(t, "login_url");
    const [issued] = withLink
      ? await issueLearnerTokens(tx, [{ workspace: s.workspace, contact, kind: "login_link", via: "workflow", actor: s.ctx.actor }])
      : [];
    const url = issued?.url ?? portalUrl(s.workspace.slug, "/login");
    let rendered;
    try {
      rendered = (await rendererFor(s.workspace, t))(contact, url, await eventSubjects(tx, s));
    } catch (err) {
      if (err instanceof TemplateError) throw new StepError(`The email template could not be rendered for this contact: ${err.message}`);
      throw err;
    }
    const [emailId] = await queueRendered(tx, [
      {
        workspaceId: s.workspace.id,
        contactId: contact.id,
        to: contact.email,
        senderName: s.workspace.senderName ?? s.workspace.name,
        replyTo: s.workspace.replyTo,
        template: `custom:${t.id}`,
        ...rendered,
        links: withLink ? [url] : [],
        authTokenId: issued?.token.id ?? null,
        idempotencyKey: s.key,
      },
    ]);
    return { emailId, to: contact.email, subject: rendered.subject, template: t.name, loginLink: withLink };
  },
};

export const sendWelcomeEmail: DbStep = {
  kind: "db",
  async run(tx, s) {
    const contact = needContact(s);
    // The workflow asks for it by name: sent even where the workspace turned the automatic one off.
    const [issued] = await queueWelcomeEmails(tx, { workspace: s.workspace, contacts: [contact], via: "workflow", actor: s.ctx.actor, force: true, idempotencyKey: s.key });
    return { to: contact.email, link: issued?.token.kind };
  },
};

export const sendLoginEmail: DbStep = {
  kind: "db",
  async run(tx, s) {
    const contact = needContact(s);
    await queueLoginEmails(tx, { workspace: s.workspace, contacts: [contact], via: "workflow", actor: s.ctx.actor, idempotencyKey: s.key });
    return { to: contact.email };
  },
};
