import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { AutoRefresh } from "@/components/workflows/auto-refresh";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { getDelivery } from "@/lib/webhooks/deliveries";
import { getEndpoint } from "@/lib/webhooks/endpoints";
import { RedeliverForm, RefreshButton } from "../../../endpoint-controls";
import { DeliveryStatus, HttpStatus, endpointPath, eventTypeLabel, latency } from "../../../labels";
import { Attempts, Code, pretty } from "./attempts";

export const metadata: Metadata = { title: "Webhook delivery" };

export default async function DeliveryPage({ params }: { params: Promise<{ workspace: string; endpointId: string; deliveryId: string }> }) {
  const { workspace: slug, endpointId, deliveryId } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const endpoint = await getEndpoint(workspace.id, endpointId ?? "");
  const d = endpoint ? await getDelivery(workspace.id, deliveryId ?? "", endpoint.id) : null;
  if (!endpoint || !d) notFound();
  const canManage = roleAtLeast(role, "admin");
  const moving = (d.status === "queued" || d.status === "delivering") && endpoint.enabled;
  const last = d.attemptLog.at(-1);
  // What the worker sent (the signature left out: it is the one header a replay would need).
  const headers = last?.requestHeaders ?? { "content-type": "application/json", "webhook-id": d.webhookId };
  return (
    <main className="space-y-6">
      {moving ? <AutoRefresh ms={2000} /> : null}
      <div className="space-y-2">
        <Link href={endpointPath(workspace.slug, endpoint.id)} className="text-sm break-all text-zinc-600 hover:underline">← {endpoint.url}</Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 text-2xl font-semibold break-words">{eventTypeLabel(d.type)}</h1>
          <DeliveryStatus status={d.status} />
        </div>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm" data-testid="delivery-summary">
          <dt className="text-zinc-600">webhook-id</dt>
          <dd className="font-mono text-xs break-all">{d.webhookId}</dd>
          <dt className="text-zinc-600">Type</dt>
          <dd className="font-mono text-xs">{d.type}</dd>
          <dt className="text-zinc-600">Created</dt>
          <dd><LocalTime at={d.createdAt} /></dd>
          <dt className="text-zinc-600">Attempts</dt>
          <dd>{d.attempts}</dd>
          <dt className="text-zinc-600">Last answer</dt>
          <dd>
            <HttpStatus status={d.lastStatus} /> · {latency(d.lastLatencyMs)}
          </dd>
          {d.deliveredAt ? (
            <>
              <dt className="text-zinc-600">Delivered</dt>
              <dd><LocalTime at={d.deliveredAt} /></dd>
            </>
          ) : null}
          {d.nextAttemptAt ? (
            <>
              <dt className="text-zinc-600">{d.attempts ? "Next try" : "Due"}</dt>
              <dd><LocalTime at={d.nextAttemptAt} /></dd>
            </>
          ) : null}
        </dl>
      </div>
      {d.lastError && d.status !== "delivered" ? <Alert tone={d.status === "failed" ? "error" : "info"}>{d.lastError}</Alert> : null}
      <div className="flex flex-wrap items-center gap-2">
        {canManage && (d.status === "delivered" || d.status === "failed") ? <RedeliverForm workspace={workspace.slug} id={endpoint.id} deliveryId={d.id} /> : null}
        <RefreshButton />
        {moving ? <p className="text-sm text-zinc-600" role="status">On its way: this page updates by itself.</p> : null}
        {!canManage ? <p className="text-sm text-zinc-600">Only an admin or owner can redeliver.</p> : null}
      </div>
      <Card>
        <CardTitle>Request</CardTitle>
        <p className="mt-1 text-sm text-zinc-600">
          POST {endpoint.url} — the same body and webhook-id on every attempt and redelivery. The webhook-signature header is not kept.
        </p>
        <h3 className="mt-4 text-sm font-medium">Headers{last ? ` (attempt ${last.attempt})` : ""}</h3>
        <Code testId="delivery-request-headers">{Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\n")}</Code>
        <h3 className="mt-4 text-sm font-medium">Body</h3>
        <Code testId="delivery-request-body">{d.requestBody ? pretty(d.requestBody) : "Built from the event at the first attempt."}</Code>
      </Card>
      <Card className="p-0">
        <CardTitle className="px-6 pt-6">Attempts</CardTitle>
        <Attempts attempts={d.attemptLog} />
      </Card>
    </main>
  );
}
