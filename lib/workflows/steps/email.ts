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

/** The template step for one run or many: tokens minted in one statement, the template parsed once, the emails inserted in one. */
async function queueTemplateEmails(tx: Tx, envs: StepEnv[]) {
  const s0 = envs[0]!;
  const recipients = envs.map(needContact);
  const [t] = await tx.select().from(customTemplates).where(and(eq(customTemplates.workspaceId, s0.workspace.id), eq(customTemplates.id, String(s0.config.templateId))));
  if (!t) throw new StepError("The email template no longer exists. Choose another one in the workflow.");
  const problems = checkTemplate(t);
  if (problems) throw new StepError(`The email template cannot be sent: ${Object.values(problems).join(" ")}`);
  const withLink = usesField(t, "login_url");
  const issued = withLink
    ? await issueLearnerTokens(tx, recipients.map((contact) => ({ workspace: s0.workspace, contact, kind: "login_link" as const, via: "workflow", actor: s0.ctx.actor })))
    : [];
  const render = await rendererFor(s0.workspace, t);
  const subjects = new Map<string, Awaited<ReturnType<typeof eventSubjects>>>();
  const mails = [];
  for (const [n, s] of envs.entries()) {
    const contact = recipients[n]!;
    const url = issued[n]?.url ?? portalUrl(s.workspace.slug, "/login");
    const subjectKey = `${s.event.data.offerId ?? ""}:${s.event.data.productId ?? ""}`;
    if (!subjects.has(subjectKey)) subjects.set(subjectKey, await eventSubjects(tx, s));
    let rendered;
    try {
      rendered = render(contact, url, subjects.get(subjectKey));
    } catch (err) {
      if (err instanceof TemplateError) throw new StepError(`The email template could not be rendered for this contact: ${err.message}`);
      throw err;
    }
    mails.push({
      workspaceId: s.workspace.id,
      contactId: contact.id,
      to: contact.email,
      senderName: s.workspace.senderName ?? s.workspace.name,
      replyTo: s.workspace.replyTo,
      template: `custom:${t.id}`,
      ...rendered,
      links: withLink ? [url] : [],
      authTokenId: issued[n]?.token.id ?? null,
      idempotencyKey: s.key,
    });
  }
  const ids = await queueRendered(tx, mails);
  // Not the rendered text: a run's output is shown to every team member.
  return mails.map((m, n) => ({ emailId: ids[n], to: m.to, template: t.name, loginLink: withLink }));
}

export const sendEmail: DbStep = {
  kind: "db",
  run: async (tx, s) => (await queueTemplateEmails(tx, [s]))[0]!,
  runMany: queueTemplateEmails,
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
