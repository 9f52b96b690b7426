"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, adminCtx, savedRecord, type AdminActionCtx, type FormState } from "@/lib/actions";
import { checkbox } from "@/lib/form-values";
import { slugSchema } from "@/lib/slug";
import type { WorkflowDef } from "@/lib/workflows/definitions";
import { deleteWorkflow, duplicateWorkflow, getWorkflow, restoreVersion, saveWorkflow, setWorkflowEnabled, type Outcome } from "@/lib/workflows/manage";
import { isRecipeKey, startRecipe } from "@/lib/workflows/recipes";
import { parseWorkflowForm } from "@/lib/workflows/validate";

const ws = z.object({ workspace: slugSchema });
const one = ws.extend({ id: z.uuid() });
const listPath = (ctx: AdminActionCtx) => `/admin/${ctx.workspace.slug}/workflows`;

function refresh(ctx: AdminActionCtx, outcome: Outcome, id?: string): FormState {
  if (!outcome.ok) return { error: outcome.error };
  revalidatePath(listPath(ctx));
  if (id) revalidatePath(`${listPath(ctx)}/${id}`);
  return { ok: true, message: outcome.message };
}

/** The builder's form: its step fields (`steps.0.type`, …) are read by parseWorkflowForm, checked by saveWorkflow. */
export const saveWorkflowAction = adminAction(
  z.looseObject({ workspace: slugSchema, id: z.uuid().optional() }),
  async (data, ctx) => {
    const result = await saveWorkflow(adminCtx(ctx), { ...(parseWorkflowForm(data) as WorkflowDef), id: data.id });
    if (result.ok && data.id) {
      revalidatePath(`${listPath(ctx)}/${data.id}`);
      const saved = await getWorkflow(ctx.workspace.id, data.id);
      return savedRecord(result, { listPath: listPath(ctx), editing: true, message: `Workflow saved as version ${saved?.version ?? "?"}.` });
    }
    return savedRecord(result, { listPath: listPath(ctx), editing: !!data.id, message: "Workflow saved." });
  },
  { role: "admin" },
);

export const setWorkflowEnabledAction = adminAction(
  one.extend({ enabled: checkbox }),
  async (data, ctx) => refresh(ctx, await setWorkflowEnabled(adminCtx(ctx), data.id, data.enabled), data.id),
  { role: "admin" },
);

export const duplicateWorkflowAction = adminAction(
  one,
  async (data, ctx) => {
    const copy = await duplicateWorkflow(adminCtx(ctx), data.id);
    if (!copy.ok) return { error: Object.values(copy.fieldErrors)[0] };
    const row = await getWorkflow(ctx.workspace.id, copy.id);
    return refresh(ctx, { ok: true, message: `Copied as “${row?.name}”, turned off.` });
  },
  { role: "admin" },
);

export const deleteWorkflowAction = adminAction(
  one.extend({ from: z.enum(["list", "page"]).default("list") }),
  async (data, ctx) => {
    const outcome = await deleteWorkflow(adminCtx(ctx), data.id);
    if (outcome.ok && data.from === "page") {
      revalidatePath(listPath(ctx));
      redirect(listPath(ctx));
    }
    return refresh(ctx, outcome);
  },
  { role: "admin" },
);

// The version and the recipe are checked once the admin is (an unknown one is "no longer exists").
export const restoreVersionAction = adminAction(
  one.extend({ version: z.string().max(9).default("") }),
  async (data, ctx) => refresh(ctx, await restoreVersion(adminCtx(ctx), data.id, /^\d+$/.test(data.version) ? Number(data.version) : 0), data.id),
  { role: "admin" },
);

/** A recipe's one click: its workflow created turned off, or the builder prefilled when a choice is left to make. */
export const startRecipeAction = adminAction(
  ws.extend({ recipe: z.string().max(40).default("") }),
  async (data, ctx) => {
    if (!isRecipeKey(data.recipe)) return { error: "That recipe does not exist." };
    const started = await startRecipe(adminCtx(ctx), data.recipe);
    if (!started.ok) redirect(`${listPath(ctx)}/new?recipe=${data.recipe}`);
    revalidatePath(listPath(ctx));
    redirect(`${listPath(ctx)}/${started.id}?from=recipe`);
  },
  { role: "admin" },
);
