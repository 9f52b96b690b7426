import Link from "next/link";
import type { DeliveryStatus } from "@/db/schema";
import type { EndpointView } from "@/lib/webhooks/endpoints";
import { EndpointState, FailingSince, endpointPath, eventTypeLabel } from "./labels";

type Counts = Partial<Record<DeliveryStatus, number>>;

/** The workspace's endpoints, oldest first: URL, what they hear, whether they are on, and how their deliveries went. */
export function EndpointList({ endpoints, counts, workspace }: { endpoints: EndpointView[]; counts: Map<string, Counts>; workspace: string }) {
  return (
    <ul className="mt-3 divide-y divide-zinc-100" data-testid="webhook-endpoints">
      {endpoints.map((e) => {
        const c = counts.get(e.id) ?? {};
        return (
          <li key={e.id} className="space-y-1.5 px-6 py-4 text-sm">
            <p className="flex flex-wrap items-center gap-2">
              <Link href={endpointPath(workspace, e.id)} className="min-w-0 font-medium [overflow-wrap:anywhere] text-accent hover:underline">
                {e.url}
              </Link>
              <EndpointState enabled={e.enabled} disabledReason={e.disabledReason} failingSince={e.failingSince} />
            </p>
            {e.description ? <p className="text-zinc-700">{e.description}</p> : null}
            {e.disabledReason ? <p className="text-xs break-words text-red-700">{e.disabledReason}</p> : null}
            {e.enabled && e.failingSince ? (
              <p className="text-xs text-amber-800">
                <FailingSince since={e.failingSince} failures={e.consecutiveFailures} />; deliveries wait until it answers again
              </p>
            ) : null}
            <ul className="flex flex-wrap gap-1" aria-label={`Event types of ${e.url}`}>
              {e.eventTypes.map((t) => (
                <li key={t} className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-800 ring-1 ring-zinc-200 ring-inset" title={t}>
                  {eventTypeLabel(t)}
                </li>
              ))}
            </ul>
            <dl className="flex flex-wrap gap-x-4 text-xs text-zinc-600" aria-label={`Deliveries to ${e.url}`} data-testid="endpoint-counts">
              {(["delivered", "failed", "queued"] as const).map((s) => (
                <div key={s} className="flex gap-1">
                  <dt>{s[0]!.toUpperCase() + s.slice(1)}</dt>
                  <dd className="font-medium text-zinc-800">{(c[s] ?? 0) + (s === "queued" ? (c.delivering ?? 0) : 0)}</dd>
                </div>
              ))}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
