import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { RunListItem } from "@/lib/workflows/runs";
import { contactLabel, RunStatus, RunWhen, stepOf } from "./run-status";

/** A workflow's runs, newest first: who, how it stands, where it is, and why it failed. */
export function RunHistory({ workspace, runs, empty }: { workspace: string; runs: RunListItem[]; empty: string }) {
  if (runs.length === 0) return <p className="mt-3 text-sm text-zinc-600" data-testid="run-history-empty">{empty}</p>;
  const base = `/admin/${workspace}`;
  return (
    <div className="relative -mx-6 mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="run-history">
        <thead className="border-y border-zinc-200 bg-zinc-50 text-xs text-zinc-500 uppercase">
          <tr>
            <th className="px-4 py-2 font-medium sm:pl-6">Contact</th>
            <th className="px-4 py-2 font-medium">Status</th>
            <th className="px-4 py-2 font-medium">Started</th>
            <th className="px-4 py-2 font-medium">Step</th>
            <th className="px-4 py-2 font-medium">Version</th>
            <th className="px-4 py-2 font-medium">Error</th>
            <th className="px-4 py-2 sm:pr-6"><span className="sr-only">Details</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {runs.map((r) => (
            <tr key={r.id} data-run={r.id}>
              <td className="min-w-44 px-4 py-2 sm:pl-6">
                {r.contactId ? <Link className="font-medium text-accent hover:underline" href={`${base}/contacts/${r.contactId}`}>{contactLabel(r)}</Link> : <span className="text-zinc-600">{contactLabel(r)}</span>}
                {r.contactName && r.contactEmail ? <span className="block text-xs break-all text-zinc-500">{r.contactEmail}</span> : null}
              </td>
              <td className="px-4 py-2">
                <RunStatus status={r.status} />
                <RunWhen status={r.status} resumeAt={r.resumeAt} />
              </td>
              <td className="px-4 py-2 whitespace-nowrap text-zinc-600"><LocalTime at={r.createdAt} /></td>
              <td className="px-4 py-2 whitespace-nowrap">{stepOf(r)}</td>
              <td className="px-4 py-2">{r.version}</td>
              <td className="max-w-56 px-4 py-2">{r.error ? <span className="line-clamp-2 text-red-700" title={r.error}>{r.error}</span> : <span className="text-zinc-400">—</span>}</td>
              <td className="px-4 py-2 text-right sm:pr-6">
                <Link className="whitespace-nowrap text-accent hover:underline" href={`${base}/workflows/${r.workflowId}/runs/${r.id}`} aria-label={`Run details: ${contactLabel(r)}, started ${r.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC`}>
                  Details
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
