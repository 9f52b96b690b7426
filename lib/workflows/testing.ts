/** Test helpers for the workflow engine (imported by *.test.ts only). */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { workflowRunSteps, workflowRuns, workflows, workflowVersions, type Workspace } from "@/db/schema";
import { workflowSchema, type WorkflowInput } from "./definitions";
import { dispatchAll } from "./dispatch";
import { processRuns } from "./engine";
import { claimRuns } from "./runner";

export const testWorker = randomUUID();

/** Publishes an enabled workflow (v1) the way the dashboard does: the row and its version. */
export async function publish(workspace: Workspace, def: Partial<WorkflowInput> & Pick<WorkflowInput, "trigger" | "steps">) {
  const values = workflowSchema.parse({ name: "Test workflow", ...def });
  const [w] = await db.insert(workflows).values({ workspaceId: workspace.id, ...values, enabled: true, version: 1 }).returning();
  await db.insert(workflowVersions).values({ workspaceId: workspace.id, workflowId: w!.id, version: 1, ...values });
  return w!;
}

/** What the worker loop does (lib/workflows/engine.ts), until nothing is due. */
export async function settle(workerId = testWorker) {
  for (let round = 0; round < 50; round++) {
    await dispatchAll();
    const runs = await claimRuns(workerId, 50);
    if (runs.length === 0) return;
    await processRuns(runs, workerId);
  }
  throw new Error("the engine did not settle");
}

export const runsOf = (workflowId: string) => db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, workflowId)).orderBy(workflowRuns.createdAt);
export const stepsOf = (runId: string) => db.select().from(workflowRunSteps).where(eq(workflowRunSteps.runId, runId)).orderBy(workflowRunSteps.stepIndex, workflowRunSteps.attempt);
export const disable = (id: string) => db.update(workflows).set({ enabled: false }).where(eq(workflows.id, id));
/** Time travel: what is waiting or retrying is due now. */
export const dueNow = (runId: string) => db.update(workflowRuns).set({ resumeAt: new Date(Date.now() - 1000) }).where(eq(workflowRuns.id, runId));
