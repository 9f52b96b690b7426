import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { RunListItem } from "@/lib/workflows/runs";
import { RunStatus, RunWhen } from "./run-status";

/** Contact record → Activity: the workflows that ran for this contact, newest first. */
export function ContactRuns({ workspace, runs }: { workspace: string; runs: RunListItem[] }) {
  return (
    <Card data-testid="contact-runs">
      <CardTitle>Workflow runs</CardTitle>
      {runs.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600">No workflow has run for this contact yet.</p>
      ) : (
        <ol className="mt-3 divide-y divide-zinc-100 text-sm">
          {runs.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
              <span className="min-w-0">
                <Link className="font-medium text-accent hover:underline" href={`/admin/${workspace}/workflows/${r.workflowId}/runs/${r.id}`}>{r.workflowName}</Link>
                <span className="text-zinc-600"> · {r.trigger}</span>
                {r.error ? <span className="block truncate text-xs text-red-700" title={r.error}>{r.error}</span> : null}
              </span>
              <span className="flex items-center gap-2 text-xs text-zinc-600">
                <span className="text-right">
                  <RunStatus status={r.status} />
                  <RunWhen status={r.status} resumeAt={r.resumeAt} />
                </span>
                <LocalTime at={r.createdAt} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
