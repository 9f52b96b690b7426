import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { WorkflowBuilder } from "@/components/workflows/builder";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { MERGE_FIELDS } from "@/lib/mail/templates";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { oneParam, type SearchParams } from "@/lib/utils";
import { workflowChoices } from "@/lib/workflows/manage";
import { isRecipeKey, recipeDraft, RECIPES, type WorkflowDraft } from "@/lib/workflows/recipes";
import { saveWorkflowAction } from "../actions";
import { testRunAction } from "../test-run-actions";

export const metadata: Metadata = { title: "New workflow" };

const BLANK: WorkflowDraft = { name: "", trigger: "", filter: {}, steps: [], stopWhen: [] };

export default async function NewWorkflowPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireWorkspaceAdmin((await params).workspace);
  const recipe = oneParam((await searchParams).recipe);
  const choices = await workflowChoices(workspace.id);
  const draft = isRecipeKey(recipe) ? recipeDraft(recipe, choices) : BLANK;
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/workflows`} className="text-sm text-zinc-600 hover:underline">← Workflows</Link>
        <h1 className="mt-2 text-2xl font-semibold">New workflow</h1>
      </div>
      {!roleAtLeast(role, "admin") ? <Alert tone="info">Only a workspace admin or owner can create workflows.</Alert> : null}
      {isRecipeKey(recipe) ? <Alert tone="info">From the recipe “{RECIPES[recipe].label}”: make the choices left empty, then create it. It starts turned off.</Alert> : null}
      <Card className="p-4 sm:p-6">
        <WorkflowBuilder
          action={saveWorkflowAction}
          testAction={testRunAction}
          workspace={workspace.slug}
          draft={draft}
          choices={choices}
          canEdit={roleAtLeast(role, "admin")}
          mergeFields={Object.entries(MERGE_FIELDS)}
          templatesHref={`/admin/${workspace.slug}/emails/templates`}
        />
      </Card>
    </main>
  );
}
