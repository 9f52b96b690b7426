/** What a run's steps execute with, shared by the runner and the batch runner. */
import { and, eq, sql } from "drizzle-orm";
import { db, rowsOf, type Tx } from "@/db/client";
import { contacts, workflowVersions, workspaces, type Event, type WorkflowRun, type WorkflowVersion, type Workspace } from "@/db/schema";
import { stepKey } from "./definitions";
import type { StepEnv, StepOutput } from "./steps/types";

/** The run is no longer this worker's at this step (cancelled, or released and taken by another): drop it. */
export class LostClaim extends Error {}


const versions = new Map<string, WorkflowVersion>();
export async function versionOf(run: WorkflowRun): Promise<WorkflowVersion | undefined> {
  const key = `${run.workflowId}:${run.version}`;
  const cached = versions.get(key);
  if (cached) return cached;
  const [v] = await db.select().from(workflowVersions).where(and(eq(workflowVersions.workflowId, run.workflowId), eq(workflowVersions.version, run.version)));
  if (v) {
    if (versions.size > 1000) versions.clear();
    versions.set(key, v); // immutable: safe to keep
  }
  return v;
}

const workspaceCache = new Map<string, { at: number; w: Workspace }>();
export async function workspaceOf(id: string): Promise<Workspace | undefined> {
  const hit = workspaceCache.get(id);
  if (hit && Date.now() - hit.at < 5_000) return hit.w;
  const [w] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  if (w) workspaceCache.set(id, { at: Date.now(), w });
  return w;
}

/** Locks the run and checks it is still ours at this step; returns the attempts made of this step so far. */
export async function fence(tx: Tx, run: WorkflowRun, workerId: string, index: number): Promise<number> {
  const [row] = await rowsOf<{ status: string; claimed_by: string | null; current_step: number; attempts: number }>(
    tx,
    sql`select r.status, r.claimed_by, r.current_step,
          (select coalesce(max(s.attempt), 0) from workflow_run_steps s where s.run_id = r.id and s.step_index = r.current_step)::int as attempts
        from workflow_runs r where r.id = ${run.id} for update of r`,
  );
  if (!row || row.status !== "running" || row.claimed_by !== workerId || row.current_step !== index) throw new LostClaim();
  return row.attempts;
}

export type Loaded = { run: WorkflowRun; version: WorkflowVersion; workspace: Workspace; event: Event };


export const envFor = (l: Loaded, index: number, contact: StepEnv["contact"]): StepEnv => ({
  ...l,
  contact,
  index,
  key: stepKey(l.run.id, index),
  config: l.version.steps[index]!.config,
  ctx: { workspace: l.workspace, actor: { type: "system", id: `workflow:${l.version.workflowId}` }, request: {} },
});
export const causeOf = (l: Loaded) => ({ runId: l.run.id, workflowId: l.run.workflowId, depth: l.run.depth, root: rootOf(l.run) });
export const rootOf = (run: WorkflowRun) => run.rootEventId ?? run.eventId;
export const sendsEmail = (step: { type: string; config: Record<string, unknown> }) => step.type.startsWith("send_") || (step.type === "grant_offer" && step.config.sendWelcome === true);


export async function loadContact(tx: Tx, run: WorkflowRun) {
  if (!run.contactId) return null;
  const [c] = await tx.select().from(contacts).where(and(eq(contacts.workspaceId, run.workspaceId), eq(contacts.id, run.contactId)));
  return c ?? null;
}

/** JSON-safe output (drops undefined). */
export const clean = (o: StepOutput): StepOutput => JSON.parse(JSON.stringify(o ?? {}));

