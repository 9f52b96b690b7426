import type { ReactNode } from "react";
import { LocalTime } from "@/components/ui/local-time";
import type { AttemptView } from "@/lib/webhooks/deliveries";
import { HttpStatus, latency } from "../../../labels";

/** JSON indented for reading; anything else as it came. */
export function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Wrapped rather than scrolled, so it reads at 390 px and needs no focusable scroll region. */
export function Code({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <pre data-testid={testId} className="mt-1.5 rounded-lg bg-zinc-50 p-3 font-mono text-xs break-all whitespace-pre-wrap text-zinc-800 ring-1 ring-zinc-200 ring-inset">
      {children}
    </pre>
  );
}

/** Every attempt, oldest first: its answer or error, latency and the first 2 KB of the response. */
export function Attempts({ attempts }: { attempts: AttemptView[] }) {
  if (attempts.length === 0) return <p className="px-6 pt-3 pb-6 text-sm text-zinc-600" data-testid="delivery-attempts-empty">No attempt yet: the worker sends it within seconds while the endpoint is on.</p>;
  return (
    <ol className="mt-3 divide-y divide-zinc-100 text-sm" data-testid="delivery-attempt-log">
      {attempts.map((a) => (
        <li key={`${a.attempt}-${String(a.at)}`} className="space-y-1 px-6 py-3">
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-medium">Attempt {a.attempt}</span>
            <span>
              HTTP <HttpStatus status={a.status} />
            </span>
            <span className="text-zinc-600">{latency(a.latencyMs)}</span>
            <LocalTime at={a.at} className="text-xs text-zinc-600" />
          </p>
          {a.error ? <p className="text-xs break-words text-red-700">{a.error}</p> : null}
          {a.response ? (
            <>
              <p className="text-xs text-zinc-600">Response (first 2 KB)</p>
              <Code>{a.response}</Code>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
