import { StatusBadge } from "@/components/admin/status-badge";
import { LocalTime } from "@/components/ui/local-time";
import { cn } from "@/lib/utils";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";

/** "Contact created" for `contact.created`, "Test event" for the test, else the type itself. */
export const eventTypeLabel = (type: string) => (type === TEST_EVENT_TYPE ? "Test event" : ((WEBHOOK_EVENT_TYPES as Record<string, { label: string }>)[type]?.label ?? type));

export const latency = (ms: number | null) => (ms == null ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

export const endpointPath = (workspace: string, id: string) => `/admin/${workspace}/settings/webhooks/${id}`;

/** The HTTP status an endpoint answered, coloured by class; "—" when there was no answer. */
export function HttpStatus({ status, className }: { status: number | null; className?: string }) {
  if (status == null) return <span className={className}>—</span>;
  const tone = status < 300 ? "text-emerald-800" : status < 500 ? "text-amber-800" : "text-red-800";
  return <span className={cn("font-mono font-medium", tone, className)}>{status}</span>;
}

export function DeliveryStatus({ status }: { status: string }) {
  return <StatusBadge status={status === "delivering" ? "sending" : status} label={status} />;
}

export function EndpointState({ enabled, disabledReason, failingSince }: { enabled: boolean; disabledReason: string | null; failingSince: Date | null }) {
  if (enabled) return failingSince ? <StatusBadge status="delivery_delayed" label="failing" /> : <StatusBadge status="active" label="enabled" />;
  return <StatusBadge status={disabledReason ? "failed" : "none"} label={disabledReason ? "disabled (kept failing)" : "disabled"} />;
}

/** "Failing since … · N failed attempts in a row": the endpoint page's alert and the list both say it. */
export function FailingSince({ since, failures }: { since: Date; failures: number }) {
  return (
    <>
      Failing since <LocalTime at={since} /> · {failures} failed {failures === 1 ? "attempt" : "attempts"} in a row
    </>
  );
}
