import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { AutoRefresh } from "@/components/workflows/auto-refresh";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { listDeliveries } from "@/lib/webhooks/deliveries";
import { getEndpoint } from "@/lib/webhooks/endpoints";
import { SettingsNav } from "../../settings-nav";
import { EndpointControls, RefreshButton } from "../endpoint-controls";
import { EditEndpointForm } from "../endpoint-forms";
import { EndpointState, FailingSince, endpointPath, eventTypeLabel } from "../labels";
import { DeliveryList } from "./delivery-list";

export const metadata: Metadata = { title: "Webhook endpoint" };

const PAGE = 20;

export default async function EndpointPage({ params, searchParams }: { params: Promise<{ workspace: string; endpointId: string }>; searchParams: Promise<{ after?: string }> }) {
  const { workspace: slug, endpointId } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const endpoint = await getEndpoint(workspace.id, endpointId ?? "");
  if (!endpoint) notFound();
  const { after } = await searchParams;
  const here = endpointPath(workspace.slug, endpoint.id);
  const page = await listDeliveries(workspace.id, endpoint.id, { limit: PAGE, after: typeof after === "string" ? after : undefined });
  if (!page) notFound();
  if ("badCursor" in page) redirect(here);
  const canManage = roleAtLeast(role, "admin");
  // While the breaker holds the queue (lib/webhooks/deliver.ts) nothing moves for up to 30 s at a time: no 2-second refresh then.
  const paused = !!endpoint.pausedUntil && endpoint.pausedUntil > new Date();
  const moving = page.data.some((d) => d.status === "queued" || d.status === "delivering") && endpoint.enabled && !endpoint.pausedUntil;
  return (
    <main>
      {moving ? <AutoRefresh ms={2000} /> : null}
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsNav workspace={workspace.slug} />
      <div className="mt-6 space-y-6">
        <div className="space-y-2">
          <Link href={`/admin/${workspace.slug}/settings/webhooks`} className="text-sm text-zinc-600 hover:underline">← Webhook endpoints</Link>
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="min-w-0 text-xl font-semibold [overflow-wrap:anywhere]">{endpoint.url}</h2>
            <EndpointState enabled={endpoint.enabled} disabledReason={endpoint.disabledReason} failingSince={endpoint.failingSince} />
          </div>
          {endpoint.description ? <p className="text-sm text-zinc-700">{endpoint.description}</p> : null}
          <p className="text-xs text-zinc-600">
            Added <LocalTime at={endpoint.createdAt} /> · hears {endpoint.eventTypes.map(eventTypeLabel).join(", ")}
          </p>
        </div>
        {endpoint.disabledReason ? (
          <Alert tone="error">
            Portico turned this endpoint off <LocalTime at={endpoint.disabledAt} />: {endpoint.disabledReason} Fix the receiver, then turn it on: what was queued meanwhile goes out.
          </Alert>
        ) : !endpoint.enabled ? (
          <Alert>This endpoint is off: new events are queued for it and go out once it is turned on.</Alert>
        ) : endpoint.failingSince ? (
          <Alert tone="warning" data-testid="endpoint-failing">
            <p className="font-semibold">
              <FailingSince since={endpoint.failingSince} failures={endpoint.consecutiveFailures} />
            </p>
            {endpoint.pausedUntil ? (
              <p className="mt-1">
                The receiver is down, failing or asking to slow down, so Portico tries one delivery at a time, waiting between tries
                {paused ? <> (next try <LocalTime at={endpoint.pausedUntil} />)</> : null}; the others follow as soon as one succeeds. A test event you send now is tried next.
              </p>
            ) : null}
            <p className="mt-1">If every attempt fails for 24 hours, Portico turns the endpoint off and emails the owners.</p>
          </Alert>
        ) : null}
        {endpoint.previousSecretExpiresAt ? (
          <Alert>The secret before the last rotation keeps verifying until <LocalTime at={endpoint.previousSecretExpiresAt} />: each delivery carries a signature with each secret until then.</Alert>
        ) : null}
        {canManage ? (
          <EndpointControls workspace={workspace.slug} id={endpoint.id} url={endpoint.url} enabled={endpoint.enabled} />
        ) : (
          <Alert>Only an admin or owner can send test events, change, rotate or delete this endpoint, or redeliver.</Alert>
        )}
        <Card className="p-0">
          <div className="flex flex-wrap items-center justify-between gap-2 px-6 pt-6">
            <CardTitle>Deliveries</CardTitle>
            <RefreshButton />
          </div>
          <p className="px-6 pt-1 text-sm text-zinc-600">
            {moving ? "Deliveries are on their way; this list updates by itself." : endpoint.pausedUntil && endpoint.enabled ? "Waiting for the receiver to recover: refresh to see the latest try." : "Newest first. Open one to see the request as sent and every attempt's answer."}
          </p>
          {page.data.length ? (
            <div className="mt-3">
              <DeliveryList deliveries={page.data} workspace={workspace.slug} endpointId={endpoint.id} canManage={canManage} held={!!endpoint.pausedUntil} />
            </div>
          ) : (
            <p className="px-6 pt-3 pb-6 text-sm text-zinc-600" data-testid="webhook-deliveries-empty">
              {after ? "No older deliveries." : canManage ? "No deliveries yet. Send a test event to check that your receiver answers and verifies the signature." : "No deliveries yet."}
            </p>
          )}
          {after || page.next ? (
            <nav aria-label="Deliveries pages" className="flex flex-wrap gap-4 border-t border-zinc-100 px-6 py-3 text-sm">
              {after ? <Link href={here} className="text-accent hover:underline">← Newest</Link> : null}
              {page.next ? <Link href={`${here}?after=${encodeURIComponent(page.next)}`} className="text-accent hover:underline">Older deliveries →</Link> : null}
            </nav>
          ) : null}
        </Card>
        {canManage ? (
          <Card>
            <CardTitle>Edit endpoint</CardTitle>
            <p className="mt-1 mb-4 text-sm text-zinc-600">Pointing it at another URL starts its failure count afresh.</p>
            <EditEndpointForm workspace={workspace.slug} id={endpoint.id} defaults={{ url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes }} />
          </Card>
        ) : null}
      </div>
    </main>
  );
}
