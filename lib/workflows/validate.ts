/**
 * What zod cannot check in a workflow definition (lib/workflows/definitions.ts): that every
 * offer, course, lesson, group and template it names belongs to this workspace, that the
 * filter fits the trigger, that merge fields exist, and that the steps make sense in order.
 * Errors are keyed by the builder's field names (`filter.offerId`, `steps.2.templateId`,
 * `stopWhen.0.tag`), the same keys parseWorkflowForm reads.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { db } from "@/db/client";
import { categories, customTemplates, groups, lessons, offers, products } from "@/db/schema";
import { urlProblem } from "@/lib/http/outbound";
import { checkTemplate } from "@/lib/mail/templates";
import { SUBJECT_FIELD, TRIGGERS, workflowSchema, type FilterSubject, type WorkflowDef } from "./definitions";

const GONE: Record<string, string> = {
  offer: "That offer no longer exists.",
  product: "That course no longer exists.",
  category: "That section no longer exists.",
  lesson: "That lesson no longer exists.",
  group: "That group no longer exists.",
  template: "That email template no longer exists.",
};
const SUBJECT_NAME: Record<FilterSubject, string> = { offer: "an offer", product: "a course", category: "a section", lesson: "a lesson", group: "a group", tag: "a tag" };
const tables = { offer: offers, product: products, category: categories, lesson: lessons, group: groups, template: customTemplates };
type Kind = keyof typeof tables;
type Ref = { kind: Kind; id: string; key: string };

/** Field errors for a parsed definition, or null when it can be published as it is. */
export async function validateWorkflow(workspaceId: string, def: WorkflowDef): Promise<Record<string, string> | null> {
  const errors: Record<string, string> = {};
  const refs: Ref[] = [];
  const subject = TRIGGERS[def.trigger].subject;
  for (const [s, field] of Object.entries(SUBJECT_FIELD) as [FilterSubject, keyof WorkflowDef["filter"]][]) {
    const value = def.filter[field];
    if (value === undefined) continue;
    if (s !== subject) errors[`filter.${field}`] = `${TRIGGERS[def.trigger].label} is not about ${SUBJECT_NAME[s]}: remove this filter or choose another trigger.`;
    else if (s !== "tag") refs.push({ kind: s, id: value, key: `filter.${field}` });
  }
  def.steps.forEach((step, i) => {
    const at = `steps.${i}`;
    switch (step.type) {
      case "send_email":
        refs.push({ kind: "template", id: step.config.templateId, key: `${at}.templateId` });
        break;
      case "grant_offer":
      case "revoke_offer":
        refs.push({ kind: "offer", id: step.config.offerId, key: `${at}.offerId` });
        break;
      case "add_to_group":
      case "remove_from_group":
        refs.push({ kind: "group", id: step.config.groupId, key: `${at}.groupId` });
        break;
      case "send_sms": {
        const problem = checkTemplate({ subject: "-", body: step.config.body })?.body;
        if (problem) errors[`${at}.body`] = problem;
        break;
      }
      case "call_webhook":
        // The same rule as when the call is made (lib/http/outbound.ts); names are resolved then.
        const problem = urlProblem(step.config.url);
        if (problem) errors[`${at}.url`] = problem;
        break;
    }
  });
  const last = def.steps.at(-1);
  if (last?.type === "wait") errors[`steps.${def.steps.length - 1}`] = "A wait must be followed by a step.";
  def.stopWhen.forEach((c, i) => {
    if (c.type === "offer_revoked" && c.offerId) refs.push({ kind: "offer", id: c.offerId, key: `stopWhen.${i}.offerId` });
    if (c.type === "offer_revoked" && !c.offerId && subject !== "offer") errors[`stopWhen.${i}.offerId`] = "Choose the offer: this trigger is not about an offer.";
  });

  const found = await existing(workspaceId, refs);
  for (const ref of refs) {
    if (!found[ref.kind].has(ref.id)) errors[ref.key] ??= GONE[ref.kind]!;
  }
  // A stored template may predate the merge-field rules: a workflow must not send a broken one.
  for (const ref of refs.filter((r) => r.kind === "template" && !errors[r.key])) {
    const t = found.template.get(ref.id) as { subject: string; body: string } | undefined;
    const problems = t ? checkTemplate(t) : null;
    if (problems) errors[ref.key] = `This template cannot be sent: ${Object.values(problems).join(" ")} Fix it under Emails → Templates.`;
  }
  return Object.keys(errors).length ? errors : null;
}

/** Which of the referenced ids exist in this workspace, per kind (templates with their text). */
async function existing(workspaceId: string, refs: Ref[]) {
  const out = Object.fromEntries(Object.keys(tables).map((k) => [k, new Map<string, unknown>()])) as Record<Kind, Map<string, unknown>>;
  const kinds = [...new Set(refs.map((r) => r.kind))];
  await Promise.all(
    kinds.map(async (kind) => {
      const ids = [...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id))];
      if (kind === "template") {
        const rows = await db.select().from(customTemplates).where(and(eq(customTemplates.workspaceId, workspaceId), inArray(customTemplates.id, ids)));
        for (const r of rows) out.template.set(r.id, r);
        return;
      }
      const t = tables[kind];
      const rows = await db.select({ id: t.id }).from(t).where(and(eq(t.workspaceId, workspaceId), inArray(t.id, ids)));
      for (const r of rows) out[kind].set(r.id, true);
    }),
  );
  return out;
}

/** zod's issues under the builder's field names: `steps.2.config.templateId` → `steps.2.templateId`. */
export function workflowFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.filter((p) => p !== "config").map(String).join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

/** Parses and checks a definition as the builder sent it: the definition, or what to fix, by field. */
export async function checkWorkflow(workspaceId: string, input: unknown): Promise<{ ok: true; def: WorkflowDef } | { ok: false; fieldErrors: Record<string, string> }> {
  const parsed = workflowSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: workflowFieldErrors(parsed.error) };
  const problems = await validateWorkflow(workspaceId, parsed.data);
  return problems ? { ok: false, fieldErrors: problems } : { ok: true, def: parsed.data };
}

const STEP_FIELDS = ["templateId", "offerId", "groupId", "tag", "amount", "unit", "body", "url"] as const;

/**
 * The builder's form (`steps.0.type`, `steps.0.templateId`, `filter.offerId`, `stopWhen.1.tag`…)
 * as the object workflowSchema parses. Steps keep the order of their indexes; a field a step type
 * does not have is dropped by the schema.
 */
export function parseWorkflowForm(form: FormData | Record<string, unknown>): unknown {
  const get = (k: string): unknown => (form instanceof FormData ? (form.get(k) ?? undefined) : form[k]);
  const keys = form instanceof FormData ? [...form.keys()] : Object.keys(form);
  const indexes = (list: string) =>
    [...new Set(keys.map((k) => new RegExp(`^${list}\\.(\\d{1,2})\\.type$`).exec(k)?.[1]).filter((n): n is string => !!n).map(Number))].sort((a, b) => a - b);
  const filter: Record<string, unknown> = {};
  for (const f of [...Object.values(SUBJECT_FIELD), "contactTag"]) {
    const v = get(`filter.${f}`);
    if (v !== undefined && v !== "") filter[f] = v;
  }
  const steps = indexes("steps").map((i) => {
    const config: Record<string, unknown> = {};
    for (const f of STEP_FIELDS) {
      const v = get(`steps.${i}.${f}`);
      if (v !== undefined) config[f] = v;
    }
    config.sendWelcome = get(`steps.${i}.sendWelcome`) === "on";
    return { type: get(`steps.${i}.type`), config };
  });
  const stopWhen = indexes("stopWhen").map((i) => ({ type: get(`stopWhen.${i}.type`), offerId: get(`stopWhen.${i}.offerId`), tag: get(`stopWhen.${i}.tag`) }));
  return { name: get("name"), trigger: get("trigger"), filter, steps, stopWhen };
}
