/**
 * Workflows as the dashboard manages them. The contract with the engine: `workflows.version`
 * always has its `workflow_versions` row (the engine reads steps only from there), so every
 * publish — create, edit, restore — writes the version row and moves `version` in one
 * transaction, with the workflow row locked against a concurrent save.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { categories, customTemplates, groups, lessons, offers, products, workflowRuns, workflows, workflowVersions, type Workflow, type WorkflowVersion } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx, SaveResult } from "@/lib/context";
import { isUuid } from "@/lib/utils";
import type { WorkflowDef } from "./definitions";
import { checkWorkflow } from "./validate";

export type Outcome = { ok: true; message: string } | { ok: false; error: string };

export async function listWorkflows(workspaceId: string) {
  return db
    .select({
      workflow: workflows,
      // Correlated subqueries name the outer row in full: Drizzle leaves a one-table select's columns unqualified.
      runs7d: sql<number>`(select count(*)::int from workflow_runs r where r.workflow_id = "workflows"."id" and r.workspace_id = "workflows"."workspace_id" and r.created_at > now() - interval '7 days')`,
      failed7d: sql<number>`(select count(*)::int from workflow_runs r where r.workflow_id = "workflows"."id" and r.workspace_id = "workflows"."workspace_id" and r.status = 'failed' and r.created_at > now() - interval '7 days')`,
      runsTotal: sql<number>`(select count(*)::int from workflow_runs r where r.workflow_id = "workflows"."id" and r.workspace_id = "workflows"."workspace_id")`,
    })
    .from(workflows)
    .where(eq(workflows.workspaceId, workspaceId))
    .orderBy(asc(workflows.name), asc(workflows.createdAt));
}

export async function getWorkflow(workspaceId: string, id: string): Promise<Workflow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(workflows).where(and(eq(workflows.workspaceId, workspaceId), eq(workflows.id, id))).limit(1);
  return row;
}

/** Newest first. */
export async function listVersions(workspaceId: string, workflowId: string): Promise<WorkflowVersion[]> {
  if (!isUuid(workflowId)) return [];
  return db.select().from(workflowVersions).where(and(eq(workflowVersions.workspaceId, workspaceId), eq(workflowVersions.workflowId, workflowId))).orderBy(desc(workflowVersions.version));
}

export async function countRuns(workspaceId: string, workflowId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(workflowRuns).where(and(eq(workflowRuns.workspaceId, workspaceId), eq(workflowRuns.workflowId, workflowId)));
  return row?.n ?? 0;
}

const defOf = (def: WorkflowDef) => ({ name: def.name, trigger: def.trigger, filter: def.filter, steps: def.steps, stopWhen: def.stopWhen });
const teamMemberOf = (ctx: Ctx) => (ctx.actor.type === "admin" ? ctx.actor.id : null);

/** Locks the workflow row (a concurrent save waits) and returns it, or undefined. */
async function lock(tx: Tx, workspaceId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await tx.select().from(workflows).where(and(eq(workflows.workspaceId, workspaceId), eq(workflows.id, id))).for("update");
  return row;
}

/** Writes the next version of a locked workflow and makes it current. */
async function publish(tx: Tx, ctx: Ctx, current: Workflow, def: WorkflowDef, restoredFrom: number | null = null): Promise<number> {
  const version = current.version + 1;
  await tx.update(workflows).set({ ...defOf(def), version, updatedAt: new Date() }).where(and(eq(workflows.workspaceId, ctx.workspace.id), eq(workflows.id, current.id)));
  await tx.insert(workflowVersions).values({ workspaceId: ctx.workspace.id, workflowId: current.id, version, ...defOf(def), createdBy: teamMemberOf(ctx), restoredFrom });
  return version;
}

/** Creates (disabled, version 1) or edits (version + 1) a workflow; the definition is checked first. */
export async function saveWorkflow(ctx: Ctx, input: WorkflowDef & { id?: string }): Promise<SaveResult> {
  const { id, ...raw } = input;
  const checked = await checkWorkflow(ctx.workspace.id, raw);
  if (!checked.ok) return checked;
  const def = checked.def;
  const ws = ctx.workspace.id;
  return db.transaction(async (tx): Promise<SaveResult> => {
    if (id) {
      const current = await lock(tx, ws, id);
      if (!current) return { ok: false, fieldErrors: { name: "That workflow no longer exists." } };
      const version = await publish(tx, ctx, current, def);
      await recordAudit(tx, { workspaceId: ws, actor: ctx.actor, request: ctx.request, action: "workflow.updated", data: { workflowId: id, name: def.name, version } });
      return { ok: true, id };
    }
    const [row] = await tx.insert(workflows).values({ workspaceId: ws, ...defOf(def), enabled: false, version: 1 }).returning();
    await tx.insert(workflowVersions).values({ workspaceId: ws, workflowId: row!.id, version: 1, ...defOf(def), createdBy: teamMemberOf(ctx) });
    await recordAudit(tx, { workspaceId: ws, actor: ctx.actor, request: ctx.request, action: "workflow.created", data: { workflowId: row!.id, name: def.name } });
    return { ok: true, id: row!.id };
  });
}

/**
 * Turns a workflow on or off. Turning on checks the published version again: an offer or
 * template it names may have been deleted since it was saved.
 */
export async function setWorkflowEnabled(ctx: Ctx, id: string, enabled: boolean): Promise<Outcome> {
  const ws = ctx.workspace.id;
  const current = await getWorkflow(ws, id);
  if (!current) return { ok: false, error: "That workflow no longer exists." };
  if (enabled) {
    const checked = await checkWorkflow(ws, current);
    if (!checked.ok) return { ok: false, error: `“${current.name}” cannot be turned on: ${Object.values(checked.fieldErrors)[0]} Edit and save it first.` };
  }
  await db.transaction(async (tx) => {
    await tx.update(workflows).set({ enabled, updatedAt: new Date() }).where(and(eq(workflows.workspaceId, ws), eq(workflows.id, id)));
    await recordAudit(tx, { workspaceId: ws, actor: ctx.actor, request: ctx.request, action: enabled ? "workflow.enabled" : "workflow.disabled", data: { workflowId: id, name: current.name } });
  });
  return { ok: true, message: `“${current.name}” is ${enabled ? "on: new events start it" : "off"}.` };
}

/** A copy of the current definition: "<name> (copy)", disabled, version 1. */
export async function duplicateWorkflow(ctx: Ctx, id: string): Promise<SaveResult> {
  const ws = ctx.workspace.id;
  const source = await getWorkflow(ws, id);
  if (!source) return { ok: false, fieldErrors: { name: "That workflow no longer exists." } };
  const name = `${source.name} (copy)`.slice(0, 120);
  const def = { name, trigger: source.trigger, filter: source.filter, steps: source.steps, stopWhen: source.stopWhen };
  return db.transaction(async (tx): Promise<SaveResult> => {
    const [row] = await tx.insert(workflows).values({ workspaceId: ws, ...def, enabled: false, version: 1 }).returning();
    await tx.insert(workflowVersions).values({ workspaceId: ws, workflowId: row!.id, version: 1, ...def, createdBy: teamMemberOf(ctx) });
    await recordAudit(tx, { workspaceId: ws, actor: ctx.actor, request: ctx.request, action: "workflow.duplicated", data: { workflowId: row!.id, from: id, name } });
    return { ok: true, id: row!.id };
  });
}

/** Deletes a workflow with its versions and runs (the foreign keys cascade). */
export async function deleteWorkflow(ctx: Ctx, id: string): Promise<Outcome> {
  const ws = ctx.workspace.id;
  return db.transaction(async (tx): Promise<Outcome> => {
    const current = await lock(tx, ws, id);
    if (!current) return { ok: false, error: "That workflow no longer exists." };
    const [runs] = await tx.select({ n: sql<number>`count(*)::int` }).from(workflowRuns).where(and(eq(workflowRuns.workspaceId, ws), eq(workflowRuns.workflowId, id)));
    await tx.delete(workflows).where(and(eq(workflows.workspaceId, ws), eq(workflows.id, id)));
    await recordAudit(tx, { workspaceId: ws, actor: ctx.actor, request: ctx.request, action: "workflow.deleted", data: { workflowId: id, name: current.name, runs: runs?.n ?? 0 } });
    return { ok: true, message: `“${current.name}” deleted.` };
  });
}

/** Publishes an old version again as a new one (restored_from set); history is never rewritten. */
export async function restoreVersion(ctx: Ctx, id: string, version: number): Promise<Outcome & { version?: number }> {
  const ws = ctx.workspace.id;
  const [old] = isUuid(id)
    ? await db.select().from(workflowVersions).where(and(eq(workflowVersions.workspaceId, ws), eq(workflowVersions.workflowId, id), eq(workflowVersions.version, version))).limit(1)
    : [];
  if (!old) return { ok: false, error: "That version no longer exists." };
  // The old version may name an offer or template deleted since: it is checked like any save.
  const checked = await checkWorkflow(ws, old);
  if (!checked.ok) return { ok: false, error: `Version ${version} cannot be restored: ${Object.values(checked.fieldErrors)[0]}` };
  return db.transaction(async (tx) => {
    const current = await lock(tx, ws, id);
    if (!current) return { ok: false as const, error: "That workflow no longer exists." };
    const next = await publish(tx, ctx, current, checked.def, version);
    await recordAudit(tx, { workspaceId: ws, actor: ctx.actor, request: ctx.request, action: "workflow.restored", data: { workflowId: id, from: version, version: next } });
    return { ok: true as const, message: `Version ${version} restored as version ${next}.`, version: next };
  });
}

export type Choice = { id: string; label: string };
export type WorkflowChoices = Record<"offers" | "products" | "categories" | "lessons" | "groups" | "templates", Choice[]>;

/** What the builder's pickers offer: this workspace's records, sections and lessons named with their course. */
export async function workflowChoices(workspaceId: string): Promise<WorkflowChoices> {
  const [o, p, c, l, g, t] = await Promise.all([
    db.select({ id: offers.id, label: offers.title }).from(offers).where(eq(offers.workspaceId, workspaceId)).orderBy(asc(offers.title)),
    db.select({ id: products.id, label: products.title }).from(products).where(eq(products.workspaceId, workspaceId)).orderBy(asc(products.title)),
    db
      .select({ id: categories.id, label: sql<string>`${products.title} || ' › ' || ${categories.title}` })
      .from(categories)
      .innerJoin(products, and(eq(products.id, categories.productId), eq(products.workspaceId, workspaceId)))
      .where(eq(categories.workspaceId, workspaceId))
      .orderBy(asc(products.title), asc(categories.position)),
    db
      .select({ id: lessons.id, label: sql<string>`${products.title} || ' › ' || ${lessons.title}` })
      .from(lessons)
      .innerJoin(categories, and(eq(categories.id, lessons.categoryId), eq(categories.workspaceId, workspaceId)))
      .innerJoin(products, and(eq(products.id, categories.productId), eq(products.workspaceId, workspaceId)))
      .where(eq(lessons.workspaceId, workspaceId))
      .orderBy(asc(products.title), asc(categories.position), asc(lessons.position)),
    db.select({ id: groups.id, label: groups.name }).from(groups).where(eq(groups.workspaceId, workspaceId)).orderBy(asc(groups.name)),
    db.select({ id: customTemplates.id, label: customTemplates.name }).from(customTemplates).where(eq(customTemplates.workspaceId, workspaceId)).orderBy(asc(customTemplates.name)),
  ]);
  return { offers: o, products: p, categories: c, lessons: l, groups: g, templates: t };
}
