/**
 * Test run: what each step would do for a chosen contact — the email rendered, the SMS text,
 * the webhook body — without writing or sending anything. Only reads: no token is minted (a
 * stand-in link shows where the login link goes), no row is inserted, no provider is called.
 */
import { and, eq, isNull } from "drizzle-orm";
import { db } from "@/db/client";
import { contacts, customTemplates, groupMemberships, groups, offerGrants, offers, type Contact, type Event, type WorkflowRun, type WorkflowVersion } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { urlProblem } from "@/lib/http/outbound";
import { hasProvenPassword } from "@/lib/links/send";
import { portalUrl } from "@/lib/links/policy";
import { previewTemplate } from "@/lib/mail/templates";
import { isUuid, plural } from "@/lib/utils";
import { STEPS, SUBJECT_FIELD, TRIGGERS, type WorkflowDef } from "./definitions";
import { smsText } from "./steps/sms";
import { StepError, type StepEnv } from "./steps/types";
import { webhookPayload } from "./steps/webhook";

export type TestStep = {
  index: number;
  type: string;
  label: string;
  /** One sentence: what would happen. */
  summary: string;
  email?: { to: string; subject: string; html: string; text: string };
  sms?: { to: string; text: string };
  webhook?: { url: string; body: string };
  problem?: string;
};

export type TestRunResult = { ok: true; contact: string; steps: TestStep[] } | { ok: false; error: string };

const STAND_IN_ID = "00000000-0000-4000-8000-000000000000";

export async function testRun(ctx: Ctx, input: { def: WorkflowDef; contactId: string }): Promise<TestRunResult> {
  const w = ctx.workspace;
  if (!isUuid(input.contactId)) return { ok: false, error: "Choose a contact." };
  const [contact] = await db.select().from(contacts).where(and(eq(contacts.workspaceId, w.id), eq(contacts.id, input.contactId)));
  if (!contact) return { ok: false, error: "That contact is not in this workspace." };
  const { def } = input;
  const subject = TRIGGERS[def.trigger].subject;
  const now = new Date();
  const event: Event = {
    id: STAND_IN_ID,
    seq: 0,
    workspaceId: w.id,
    type: def.trigger,
    contactId: contact.id,
    data: subject && (def.filter as Record<string, unknown>)[SUBJECT_FIELD[subject]] ? { [SUBJECT_FIELD[subject]]: (def.filter as Record<string, unknown>)[SUBJECT_FIELD[subject]] } : {},
    createdAt: now,
  };
  const version = { workflowId: STAND_IN_ID, version: 0, name: def.name, trigger: def.trigger, filter: def.filter, steps: def.steps, stopWhen: def.stopWhen } as unknown as WorkflowVersion;
  const run = { id: STAND_IN_ID, workspaceId: w.id, workflowId: STAND_IN_ID, contactId: contact.id, depth: 0 } as WorkflowRun;
  const steps: TestStep[] = [];
  for (const [index, step] of def.steps.entries()) {
    const env: StepEnv = { run, version, workspace: w, event, contact, index, key: `wf_test_${index}`, config: step.config, ctx };
    const base = { index, type: step.type, label: STEPS[step.type].label };
    try {
      steps.push({ ...base, ...(await describe(env, step.type, contact)) });
    } catch (err) {
      if (!(err instanceof StepError)) throw err;
      steps.push({ ...base, summary: "This step would fail.", problem: err.message });
    }
  }
  return { ok: true, contact: contact.email, steps };
}

async function describe(s: StepEnv, type: WorkflowDef["steps"][number]["type"], c: Contact): Promise<Omit<TestStep, "index" | "type" | "label">> {
  const w = s.workspace;
  const cfg = s.config as { templateId: string; offerId: string; groupId: string; tag: string; url: string; unit: string; sendWelcome?: boolean };
  switch (type) {
    case "send_email": {
      const [t] = await db.select().from(customTemplates).where(and(eq(customTemplates.workspaceId, w.id), eq(customTemplates.id, cfg.templateId)));
      if (!t) throw new StepError("The email template no longer exists.");
      const p = await previewTemplate(w, t, c);
      if (!p.ok) throw new StepError(p.error);
      return { summary: `Would email “${p.email.subject}” to ${c.email}.`, email: { to: c.email, ...p.email } };
    }
    case "send_welcome_email":
      return { summary: `Would send the membership welcome email to ${c.email}, with ${hasProvenPassword(c) ? "a one-time sign-in link" : "a link to set a password"}.` };
    case "send_login_email":
      return { summary: `Would send a login email with a one-time sign-in link to ${c.email}.` };
    case "grant_offer":
    case "revoke_offer": {
      const [o] = await db.select({ id: offers.id, title: offers.title }).from(offers).where(and(eq(offers.workspaceId, w.id), eq(offers.id, cfg.offerId)));
      if (!o) throw new StepError("The offer no longer exists.");
      const [held] = await db.select({ id: offerGrants.id }).from(offerGrants).where(and(eq(offerGrants.workspaceId, w.id), eq(offerGrants.contactId, c.id), eq(offerGrants.offerId, o.id), isNull(offerGrants.revokedAt)));
      if (type === "grant_offer") return { summary: held ? `Has “${o.title}” already: nothing would change.` : `Would grant “${o.title}”${cfg.sendWelcome ? " and send the welcome email" : ""}.` };
      return { summary: held ? `Would revoke “${o.title}”.` : `Does not have “${o.title}”: nothing would change.` };
    }
    case "add_to_group":
    case "remove_from_group": {
      const [g] = await db.select({ id: groups.id, name: groups.name }).from(groups).where(and(eq(groups.workspaceId, w.id), eq(groups.id, cfg.groupId)));
      if (!g) throw new StepError("The group no longer exists.");
      const [member] = await db.select({ id: groupMemberships.contactId }).from(groupMemberships).where(and(eq(groupMemberships.groupId, g.id), eq(groupMemberships.contactId, c.id)));
      if (type === "add_to_group") return { summary: member ? `Is in “${g.name}” already: nothing would change.` : `Would add them to “${g.name}”.` };
      return { summary: member ? `Would remove them from “${g.name}”.` : `Is not in “${g.name}”: nothing would change.` };
    }
    case "add_tag":
    case "remove_tag": {
      const has = c.tags.some((t) => t.toLowerCase() === String(cfg.tag).toLowerCase());
      if (type === "add_tag") return { summary: has ? `Has the tag “${cfg.tag}” already.` : `Would add the tag “${cfg.tag}”.` };
      return { summary: has ? `Would remove the tag “${cfg.tag}”.` : `Does not have the tag “${cfg.tag}”.` };
    }
    case "wait": {
      const amount = Number(s.config.amount);
      const unit = String(cfg.unit).replace(/s$/, "");
      return { summary: `Would wait ${plural(amount, unit)}, then go on${s.version.stopWhen.length ? " unless a stop condition holds by then" : ""}.` };
    }
    case "send_sms": {
      if (c.smsOptedOutAt) return { summary: "Would be skipped: the contact replied STOP." };
      if (!c.phone) return { summary: "Would be skipped: the contact has no phone number." };
      const { text } = await smsText(s, { mint: false });
      return { summary: `Would text ${c.phone} (${plural(text.length, "character")}).`, sms: { to: c.phone, text } };
    }
    case "call_webhook": {
      const problem = urlProblem(String(cfg.url));
      const body = JSON.stringify(webhookPayload(s), null, 2);
      return { summary: problem ? "Would be refused." : `Would POST the event to ${new URL(String(cfg.url)).host}, signed.`, webhook: { url: String(cfg.url), body }, problem: problem ?? undefined };
    }
  }
  return { summary: `Would open ${portalUrl(w.slug)}.` };
}
