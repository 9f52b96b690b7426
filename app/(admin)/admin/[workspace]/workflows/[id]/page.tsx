import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { WorkflowBuilder } from "@/components/workflows/builder";
import { EnabledSwitch } from "@/components/workflows/enabled-switch";
import { RunHistory } from "@/components/workflows/run-history";
import { deleteQuestion } from "@/components/workflows/labels";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { MERGE_FIELDS } from "@/lib/mail/templates";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { oneParam, type SearchParams } from "@/lib/utils";
import { countRuns, getWorkflow, listVersions, workflowChoices } from "@/lib/workflows/manage";
import { draftOf } from "@/lib/workflows/recipes";
import { listRuns, STATUS_LABELS } from "@/lib/workflows/runs";
import { TRIGGERS, type TriggerType } from "@/lib/workflows/definitions";
import { deleteWorkflowAction, duplicateWorkflowAction, restoreVersionAction, saveWorkflowAction, setWorkflowEnabledAction } from "../actions";
import { testRunAction } from "../test-run-actions";

export const metadata: Metadata = { title: "Workflow" };

export default async function WorkflowPage({ params, searchParams }: { params: Promise<{ workspace: string; id: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug, id } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const workflow = await getWorkflow(workspace.id, id);
  if (!workflow) notFound();
  const canEdit = roleAtLeast(role, "admin");
  const query = await searchParams;
  const status = oneParam(query.status);
  const statusFilter = status && STATUS_LABELS[status] ? status : undefined;
  const [choices, versions, runs, history] = await Promise.all([
    workflowChoices(workspace.id),
    listVersions(workspace.id, workflow.id),
    countRuns(workspace.id, workflow.id),
    listRuns(workspace.id, { workflowId: workflow.id, status: statusFilter, limit: 50 }),
  ]);
  const fromRecipe = oneParam(query.from) === "recipe";
  const triggerLabel = TRIGGERS[workflow.trigger as TriggerType]?.label ?? workflow.trigger;
  const hidden = { workspace: workspace.slug, id: workflow.id };
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/workflows`} className="text-sm text-zinc-600 hover:underline">← Workflows</Link>
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <h1 className="min-w-0 text-2xl font-semibold break-words">{workflow.name}</h1>
          <div className="flex flex-wrap items-center gap-2">
            <EnabledSwitch action={setWorkflowEnabledAction} workspace={workspace.slug} id={workflow.id} name={workflow.name} enabled={workflow.enabled} disabled={!canEdit} />
            {canEdit ? (
              <>
                <ActionForm action={duplicateWorkflowAction} hidden={hidden}>
                  <Button type="submit" variant="secondary" size="sm">Duplicate</Button>
                </ActionForm>
                <ActionForm action={deleteWorkflowAction} hidden={{ ...hidden, from: "page" }} confirm={deleteQuestion(workflow.name, runs)}>
                  <Button type="submit" variant="secondary" size="sm" className="text-red-700">Delete</Button>
                </ActionForm>
              </>
            ) : null}
          </div>
        </div>
        <p className="mt-1 text-sm text-zinc-600">Version {workflow.version} · {workflow.enabled ? "on: new events start it" : "off: nothing starts it"}</p>
      </div>
      {fromRecipe ? <Alert tone="info">Created from a recipe and turned off: check the steps, then turn it on.</Alert> : null}
      <Card className="p-4 sm:p-6">
        <WorkflowBuilder
          key={workflow.version}
          action={saveWorkflowAction}
          testAction={testRunAction}
          workspace={workspace.slug}
          id={workflow.id}
          draft={draftOf(workflow)}
          choices={choices}
          canEdit={canEdit}
          mergeFields={Object.entries(MERGE_FIELDS)}
          templatesHref={`/admin/${workspace.slug}/emails/templates`}
        />
      </Card>
      <Card>
        <CardTitle>Versions</CardTitle>
        <p className="mt-1 text-sm text-zinc-600">Each save publishes a version. New runs start on the current one; a run already started keeps its own.</p>
        <ol className="mt-4 divide-y divide-zinc-100" data-testid="workflow-versions">
          {versions.map((v) => (
            <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium">Version {v.version}</span>
                {v.version === workflow.version ? <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset">current</span> : null}
                <span className="block text-zinc-600">
                  {v.name} · <LocalTime at={v.createdAt} />
                  {v.restoredFrom ? ` · restored from version ${v.restoredFrom}` : ""}
                </span>
              </span>
              {canEdit && v.version !== workflow.version ? (
                <ActionForm action={restoreVersionAction} hidden={{ ...hidden, version: String(v.version) }} confirm={`Restore version ${v.version}? It is published again as version ${workflow.version + 1}; runs already started keep their version.`}>
                  <Button type="submit" variant="secondary" size="sm" aria-label={`Restore version ${v.version}`}>Restore</Button>
                </ActionForm>
              ) : null}
            </li>
          ))}
        </ol>
      </Card>
      <Card id="runs">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <CardTitle id="runs-title">Run history</CardTitle>
          {statusFilter ? (
            <p className="text-sm text-zinc-600">
              Showing {STATUS_LABELS[statusFilter]?.toLowerCase()} runs only · <Link className="text-accent hover:underline" href={`/admin/${workspace.slug}/workflows/${workflow.id}#runs`}>Show all runs</Link>
            </p>
          ) : null}
        </div>
        <p className="mt-1 text-sm text-zinc-600">Newest first{history.length === 50 ? ", the latest 50" : ""}. Open a run to see each step’s attempts, and to retry, skip or cancel it.</p>
        <RunHistory
          workspace={workspace.slug}
          runs={history}
          empty={statusFilter ? `No ${STATUS_LABELS[statusFilter]?.toLowerCase()} runs.` : `No runs yet. Runs appear here when ${triggerLabel} happens for a contact while the workflow is on.`}
        />
      </Card>
    </main>
  );
}
