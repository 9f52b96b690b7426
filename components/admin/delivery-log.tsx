import Link from "next/link";
import { StatusBadge } from "@/components/admin/status-badge";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { retryEmailAction } from "@/app/(admin)/admin/[workspace]/emails/actions";
import { timeline, type LogRow } from "@/lib/mail/delivery-log";
import { LocalTime } from "@/components/ui/local-time";
import { cn, plural } from "@/lib/utils";

/** Outbox rows with their timeline and a Retry button for failed and bounced ones. */
export function DeliveryLog({ workspace, rows, showRecipient = true }: { workspace: string; rows: LogRow[]; showRecipient?: boolean }) {
  if (rows.length === 0) return <p className="px-6 pb-6 pt-2 text-sm text-zinc-600">No emails yet.</p>;
  return (
    <ol className="divide-y divide-zinc-100 text-sm" data-testid="delivery-log">
      {rows.map((r) => (
        <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 px-6 py-3">
          <div className="min-w-0 flex-1">
            <p className="flex flex-wrap items-center gap-2">
              <StatusBadge status={r.status ?? "none"} />
              <span className="font-medium">{r.subject}</span>
              <span className="text-xs text-zinc-500">{r.template?.replace(/_/g, " ")}</span>
            </p>
            {showRecipient ? (
              <p className="mt-0.5 text-xs text-zinc-600">
                to {r.contactId ? <Link className="text-accent hover:underline" href={`/admin/${workspace}/contacts/${r.contactId}`}>{r.to}</Link> : r.to}
                {r.attempts ? ` · ${plural(r.attempts, "attempt")}` : ""}
              </p>
            ) : null}
            <ol className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-500" aria-label="Timeline">
              {timeline(r).map((s) => (
                <li key={s.step} className={cn(s.bad && "text-red-700")}>
                  {s.step} <LocalTime at={s.at} />
                </li>
              ))}
            </ol>
            {r.lastError ? <p className="mt-1 text-xs break-words text-red-700">{r.lastError}</p> : null}
          </div>
          {r.status === "failed" || r.status === "bounced" ? (
            <ActionForm action={retryEmailAction} hidden={{ workspace, messageId: r.id! }}>
              <Button type="submit" variant="secondary" size="sm">Retry</Button>
            </ActionForm>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
