import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { DeliveryView } from "@/lib/webhooks/deliveries";
import { RedeliverForm } from "../endpoint-controls";
import { DeliveryStatus, HttpStatus, endpointPath, eventTypeLabel, latency } from "../labels";

/** An endpoint's deliveries, newest first: what, how it went, and a way into each one. */
export function DeliveryList({ deliveries, workspace, endpointId, canManage, held = false }: { deliveries: DeliveryView[]; workspace: string; endpointId: string; canManage: boolean; held?: boolean }) {
  return (
    <ol className="divide-y divide-zinc-100 text-sm" data-testid="webhook-deliveries">
      {deliveries.map((d) => (
        <li key={d.id} className="flex flex-wrap items-start justify-between gap-3 px-6 py-3">
          <div className="min-w-0 flex-1 space-y-1">
            <p className="flex flex-wrap items-center gap-2">
              <DeliveryStatus status={d.status} />
              <Link href={`${endpointPath(workspace, endpointId)}/deliveries/${d.id}`} className="font-medium text-accent hover:underline">
                {eventTypeLabel(d.type)}
              </Link>
              <span className="font-mono text-xs text-zinc-500">{d.type}</span>
            </p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-zinc-600 sm:flex sm:flex-wrap sm:gap-x-5">
              <div className="contents sm:flex sm:gap-1">
                <dt>Attempts</dt>
                <dd className="text-zinc-800" data-testid="delivery-attempts">{d.attempts}</dd>
              </div>
              <div className="contents sm:flex sm:gap-1">
                <dt>HTTP status</dt>
                <dd data-testid="delivery-http-status"><HttpStatus status={d.lastStatus} /></dd>
              </div>
              <div className="contents sm:flex sm:gap-1">
                <dt>Latency</dt>
                <dd className="text-zinc-800" data-testid="delivery-latency">{latency(d.lastLatencyMs)}</dd>
              </div>
              <div className="contents sm:flex sm:gap-1">
                <dt>Created</dt>
                <dd className="text-zinc-800"><LocalTime at={d.createdAt} /></dd>
              </div>
              {d.status === "queued" && held ? (
                <div className="contents sm:flex sm:gap-1">
                  <dt>Next try</dt>
                  <dd className="text-amber-800">waiting for the receiver to recover</dd>
                </div>
              ) : d.nextAttemptAt && d.attempts > 0 ? (
                <div className="contents sm:flex sm:gap-1">
                  <dt>Next try</dt>
                  <dd className="text-zinc-800"><LocalTime at={d.nextAttemptAt} /></dd>
                </div>
              ) : null}
            </dl>
            {d.lastError && d.status !== "delivered" ? <p className="text-xs break-words text-red-700">{d.lastError}</p> : null}
          </div>
          {canManage && (d.status === "delivered" || d.status === "failed") ? <RedeliverForm workspace={workspace} id={endpointId} deliveryId={d.id} size="sm" /> : null}
        </li>
      ))}
    </ol>
  );
}
