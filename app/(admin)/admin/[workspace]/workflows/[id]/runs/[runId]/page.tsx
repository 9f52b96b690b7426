import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { AutoRefresh } from "@/components/workflows/auto-refresh";
import { dataPairs } from "@/components/workflows/labels";
import { RunControls } from "@/components/workflows/run-controls";
import { contactLabel, RunStatus, RunWhen, stepOf } from "@/components/workflows/run-status";
import { RunSteps } from "@/components/workflows/run-steps";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { devMailboxMode } from "@/lib/env";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { TRIGGERS, type TriggerType } from "@/lib/workflows/definitions";
import { workflowChoices } from "@/lib/workflows/manage";
import { getRun } from "@/lib/workflows/runs";
import { cancelRunAction, resumeRunAction, retryRunAction, skipStepAction } from "../../../run-actions";

export const metadata: Metadata = { title: "Workflow run" };

export default async function WorkflowRunPage({ params }: { params: Promise<{ workspace: string; id: string; runId: string }> }) {
  const { workspace: slug, id, runId } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const detail = await getRun(workspace.id, runId ?? "");
  // A run of another workspace, or reached under another workflow's address, is not found.
  if (!detail || detail.run.workflowId !== id) notFound();
  const choices = await workflowChoices(workspace.id);
  const { run, item, event } = detail;
  const canEdit = roleAtLeast(role, "admin");
  const base = `/admin/${workspace.slug}`;
  const who = contactLabel(item);
  const moving = run.status === "queued" || run.status === "running";
  return (
    <main className="space-y-6">
      {moving ? <AutoRefresh /> : null}
      <div>
        <Link href={`${base}/workflows/${run.workflowId}#runs`} className="text-sm text-zinc-600 hover:underline">← {item.workflowName}</Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 text-2xl font-semibold break-words">Run for {who}</h1>
          <RunStatus status={run.status} className="text-sm" />
        </div>
        <p className="mt-1 text-sm text-zinc-600">
          {item.workflowName} · version {run.version} · step {stepOf(item)} · started <LocalTime at={run.createdAt} />
          {run.finishedAt ? <> · ended <LocalTime at={run.finishedAt} /></> : null}
        </p>
        <RunWhen status={run.status} resumeAt={run.resumeAt} />
      </div>
      {run.error ? <Alert tone={run.status === "failed" ? "error" : "info"}>{run.error}</Alert> : null}
      {canEdit ? (
        <RunControls workspace={workspace.slug} detail={detail} actions={{ retry: retryRunAction, skip: skipStepAction, resume: resumeRunAction, cancel: cancelRunAction }} />
      ) : detail.can.retry || detail.can.skip || detail.can.cancel || detail.can.resume ? (
        <p className="text-sm text-zinc-600">Only a workspace admin or owner can retry, skip, resume or cancel a run.</p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Card className="h-fit">
          <CardTitle>What started it</CardTitle>
          {event ? (
            <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm" data-testid="run-event">
              <dt className="text-zinc-600">Event</dt>
              <dd className="font-medium">{TRIGGERS[event.type as TriggerType]?.label ?? event.type}</dd>
              <dt className="text-zinc-600">When</dt>
              <dd><LocalTime at={event.createdAt} /></dd>
              <dt className="text-zinc-600">Contact</dt>
              <dd className="break-all">{item.contactId ? <Link className="text-accent hover:underline" href={`${base}/contacts/${item.contactId}`}>{who}</Link> : who}</dd>
              {dataPairs(event.data, choices).map((p) => (
                <div key={p.label} className="contents">
                  <dt className="text-zinc-600">{p.label}</dt>
                  <dd className="break-words">{p.value}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="mt-2 text-sm text-zinc-600">The event is no longer stored.</p>
          )}
        </Card>
        <section aria-labelledby="steps-title" className="min-w-0 space-y-3">
          <h2 id="steps-title" className="text-lg font-semibold">Steps</h2>
          <RunSteps detail={detail} choices={choices} links={{ contactEmails: item.contactId ? `${base}/contacts/${item.contactId}?tab=emails` : null, devMailbox: devMailboxMode !== "off" }} />
        </section>
      </div>
    </main>
  );
}
