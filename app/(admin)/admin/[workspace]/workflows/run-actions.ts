"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction, adminCtx, type AdminActionCtx, type FormState } from "@/lib/actions";
import { slugSchema } from "@/lib/slug";
import { cancelRun, listRuns, resumeRun, retryRun, skipStep, type RunOutcome } from "@/lib/workflows/runs";

/** The run is `id` (the dashboard's one-record field name). */
const oneRun = z.object({ workspace: slugSchema, id: z.uuid() });

async function answer(ctx: AdminActionCtx, runId: string, outcome: RunOutcome): Promise<FormState> {
  if (!outcome.ok) return { error: outcome.error };
  const [run] = await listRuns(ctx.workspace.id, { runId, limit: 1 });
  if (run) {
    const workflowPath = `/admin/${ctx.workspace.slug}/workflows/${run.workflowId}`;
    revalidatePath(workflowPath);
    revalidatePath(`${workflowPath}/runs/${run.id}`);
  }
  return { ok: true, message: outcome.message };
}

export const retryRunAction = adminAction(oneRun, async (data, ctx) => answer(ctx, data.id, await retryRun(adminCtx(ctx), data.id)), { role: "admin" });
export const skipStepAction = adminAction(oneRun, async (data, ctx) => answer(ctx, data.id, await skipStep(adminCtx(ctx), data.id)), { role: "admin" });
export const resumeRunAction = adminAction(oneRun, async (data, ctx) => answer(ctx, data.id, await resumeRun(adminCtx(ctx), data.id)), { role: "admin" });
export const cancelRunAction = adminAction(oneRun, async (data, ctx) => answer(ctx, data.id, await cancelRun(adminCtx(ctx), data.id)), { role: "admin" });
