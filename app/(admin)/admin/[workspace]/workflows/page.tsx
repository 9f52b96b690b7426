import type { Metadata } from "next";
import Link from "next/link";
import { RecipeList } from "@/components/workflows/recipe-list";
import { EnabledSwitch } from "@/components/workflows/enabled-switch";
import { ActionForm } from "@/components/ui/action-form";
import { Button, buttonVariants } from "@/components/ui/button";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { plural } from "@/lib/utils";
import { TRIGGERS, type TriggerType } from "@/lib/workflows/definitions";
import { listWorkflows, workflowChoices } from "@/lib/workflows/manage";
import { RECIPE_KEYS, RECIPES, recipeDraft, recipeReady } from "@/lib/workflows/recipes";
import { deleteQuestion, filterLabel } from "@/components/workflows/labels";
import { WebhookSigning } from "@/components/workflows/webhook-signing";
import { deleteWorkflowAction, duplicateWorkflowAction, setWorkflowEnabledAction, startRecipeAction } from "./actions";
import { revealWebhookSecretAction, rotateWebhookSecretAction } from "./webhook-actions";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, role } = await requireWorkspaceAdmin((await params).workspace);
  const canEdit = roleAtLeast(role, "admin");
  const [rows, choices] = await Promise.all([listWorkflows(workspace.id), workflowChoices(workspace.id)]);
  const recipes = RECIPE_KEYS.map((key) => ({ key, label: RECIPES[key].label, description: RECIPES[key].description, ready: recipeReady(recipeDraft(key, choices)) }));
  const base = `/admin/${workspace.slug}/workflows`;
  return (
    <main className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Workflows</h1>
          <p className="mt-1 text-sm text-zinc-600">When something happens to a contact (an offer granted, a lesson completed…), run steps for them: emails, offers, groups, tags, waits.</p>
        </div>
        {canEdit ? <Link href={`${base}/new`} className={buttonVariants()}>New workflow</Link> : null}
      </div>
      {rows.length === 0 ? (
        <section aria-labelledby="empty-title" className="space-y-4 rounded-xl border border-dashed border-zinc-300 bg-white p-6">
          <div>
            <h2 id="empty-title" className="text-lg font-semibold">No workflows yet</h2>
            <p className="mt-1 text-sm text-zinc-600">{canEdit ? "Start from a recipe (created turned off, for you to check) or build one from scratch." : "An admin or owner of this workspace can create them."}</p>
          </div>
          <RecipeList recipes={recipes} workspace={workspace.slug} action={startRecipeAction} canEdit={canEdit} />
        </section>
      ) : (
        <div className="relative overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm" data-testid="workflows-table">
            <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-500 uppercase">
              <tr>
                <th className="px-4 py-2 font-medium">Workflow</th>
                <th className="px-4 py-2 font-medium">Trigger</th>
                <th className="px-4 py-2 font-medium">Enabled</th>
                <th className="px-4 py-2 font-medium whitespace-nowrap">Runs (7 days)</th>
                <th className="px-4 py-2 font-medium whitespace-nowrap">Failed (7 days)</th>
                <th className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map(({ workflow: w, runs7d, failed7d, runsTotal }) => {
                const trigger = TRIGGERS[w.trigger as TriggerType];
                const filter = filterLabel(w, choices);
                return (
                  <tr key={w.id}>
                    <td className="px-4 py-2">
                      <Link className="font-medium text-accent hover:underline" href={`${base}/${w.id}`}>{w.name}</Link>
                      <span className="block text-xs text-zinc-500">version {w.version} · {plural(w.steps.length, "step")}</span>
                    </td>
                    <td className="px-4 py-2">{trigger?.label ?? w.trigger}{filter ? <span className="block text-xs text-zinc-500">{filter}</span> : null}</td>
                    <td className="px-4 py-2"><EnabledSwitch action={setWorkflowEnabledAction} workspace={workspace.slug} id={w.id} name={w.name} enabled={w.enabled} disabled={!canEdit} /></td>
                    <td className="px-4 py-2">{runs7d ? <Link className="text-accent hover:underline" href={`${base}/${w.id}#runs`} aria-label={`${plural(runs7d, "run")} of ${w.name} in 7 days: run history`}>{runs7d}</Link> : 0}</td>
                    <td className="px-4 py-2">{failed7d ? <Link className="font-medium text-red-700 hover:underline" href={`${base}/${w.id}?status=failed#runs`} aria-label={`${plural(failed7d, "failed run")} of ${w.name} in 7 days: show them`}>{failed7d}</Link> : 0}</td>
                    <td className="px-4 py-2">
                      <div className="flex items-center justify-end gap-1">
                        <Link href={`${base}/${w.id}`} className={buttonVariants({ variant: "ghost", size: "sm" })} aria-label={`${canEdit ? "Edit" : "View"} ${w.name}`}>{canEdit ? "Edit" : "View"}</Link>
                        {canEdit ? (
                          <>
                            <ActionForm action={duplicateWorkflowAction} hidden={{ workspace: workspace.slug, id: w.id }}>
                              <Button type="submit" variant="ghost" size="sm" aria-label={`Duplicate ${w.name}`}>Duplicate</Button>
                            </ActionForm>
                            <ActionForm action={deleteWorkflowAction} hidden={{ workspace: workspace.slug, id: w.id }} confirm={deleteQuestion(w.name, runsTotal)}>
                              <Button type="submit" variant="ghost" size="sm" className="text-red-700" aria-label={`Delete ${w.name}`}>Delete</Button>
                            </ActionForm>
                          </>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rows.length && canEdit ? (
        <section aria-labelledby="recipes-title" className="space-y-3">
          <h2 id="recipes-title" className="text-lg font-semibold">Start from a recipe</h2>
          <RecipeList recipes={recipes} workspace={workspace.slug} action={startRecipeAction} canEdit={canEdit} />
        </section>
      ) : null}
      {canEdit ? <WebhookSigning workspace={workspace.slug} reveal={revealWebhookSecretAction} rotate={rotateWebhookSecretAction} /> : null}
    </main>
  );
}

