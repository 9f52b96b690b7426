/** Test helpers for the workflow engine (imported by *.test.ts only). */
import { randomUUID } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { eventQueue, workflowRunSteps, workflowRuns, workflows, workflowVersions, type Workspace } from "@/db/schema";
import { workflowSchema, type WorkflowInput } from "./definitions";
import { dispatchAll } from "./dispatch";
import { drainRuns } from "./engine";

export const testWorker = randomUUID();

/** Publishes an enabled workflow (v1) the way the dashboard does: the row and its version. */
export async function publish(workspace: Workspace, def: Partial<WorkflowInput> & Pick<WorkflowInput, "trigger" | "steps">) {
  const values = workflowSchema.parse({ name: "Test workflow", ...def });
  const [w] = await db.insert(workflows).values({ workspaceId: workspace.id, ...values, enabled: true, version: 1 }).returning();
  await db.insert(workflowVersions).values({ workspaceId: workspace.id, workflowId: w!.id, version: 1, ...values });
  return w!;
}

/** What the worker loop does (lib/workflows/engine.ts), until nothing is due (a run waiting a moment for a provider slot counts as due). */
export async function settle(workerId = testWorker) {
  for (let round = 0; round < 100; round++) {
    await dispatchAll();
    const [due] = await db
      .select({ now: sql<number>`count(*) filter (where ${workflowRuns.resumeAt} <= now())::int`, soon: sql<number>`count(*) filter (where ${workflowRuns.status} = 'queued')::int` })
      .from(workflowRuns)
      .where(sql`${workflowRuns.status} in ('queued', 'waiting', 'retrying')`);
    const [queued] = await db.select({ n: count() }).from(eventQueue);
    if (due!.now === 0 && due!.soon === 0 && queued!.n === 0) return;
    if (due!.now === 0 && queued!.n === 0) await new Promise((r) => setTimeout(r, 200));
    await drainRuns(workerId);
  }
  throw new Error("the engine did not settle");
}

export const runsOf = (workflowId: string) => db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, workflowId)).orderBy(workflowRuns.createdAt);
export const stepsOf = (runId: string) => db.select().from(workflowRunSteps).where(eq(workflowRunSteps.runId, runId)).orderBy(workflowRunSteps.stepIndex, workflowRunSteps.attempt);
export const disable = (id: string) => db.update(workflows).set({ enabled: false }).where(eq(workflows.id, id));
/** Time travel: what is waiting or retrying is due now. */
export const dueNow = (runId: string) => db.update(workflowRuns).set({ resumeAt: new Date(Date.now() - 1000) }).where(eq(workflowRuns.id, runId));
