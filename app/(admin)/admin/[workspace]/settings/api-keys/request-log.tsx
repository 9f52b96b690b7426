import { LocalTime } from "@/components/ui/local-time";
import type { ApiRequestRow } from "@/lib/api/request-log";
import { cn } from "@/lib/utils";

const tone = (status: number | null) => (status == null ? "text-zinc-700" : status < 300 ? "text-emerald-800" : status < 500 ? "text-amber-800" : "text-red-800");

/** The newest API calls of the workspace (its audit entries), each with the key that made it. */
export function RequestLog({ rows }: { rows: ApiRequestRow[] }) {
  if (rows.length === 0) {
    return (
      <p className="px-6 pt-4 pb-6 text-sm text-zinc-600" data-testid="api-requests-empty">
        No API requests yet. Once a key is used, each call shows here with its key, method, path and status.
      </p>
    );
  }
  return (
    <ol className="mt-3 divide-y divide-zinc-100 text-sm" data-testid="api-requests">
      {rows.map((r) => (
        <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-6 py-2.5">
          <p className="flex min-w-0 flex-wrap items-baseline gap-x-2">
            <span className="font-mono text-xs font-semibold">{r.method}</span>
            <span className="font-mono text-xs break-all">{r.path}</span>
            <span className={cn("font-mono text-xs font-medium", tone(r.status))} data-testid="api-request-status">
              <span className="sr-only">status </span>
              {r.status ?? "—"}
            </span>
          </p>
          <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-zinc-600">
            <span className="text-zinc-800">{r.keyName ?? "deleted key"}</span>
            {r.keyPrefix ? <code className="rounded bg-zinc-100 px-1 py-0.5">{r.keyPrefix}…</code> : null}
            <LocalTime at={r.at} />
          </p>
        </li>
      ))}
    </ol>
  );
}
