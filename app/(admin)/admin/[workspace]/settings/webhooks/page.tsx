import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { deliveryCounts } from "@/lib/webhooks/deliveries";
import { listEndpoints, MAX_ENDPOINTS } from "@/lib/webhooks/endpoints";
import { SettingsNav } from "../settings-nav";
import { CreateEndpointForm } from "./endpoint-forms";
import { EndpointList } from "./endpoint-list";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ deleted?: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const { deleted } = await searchParams;
  const endpoints = await listEndpoints(workspace.id);
  const counts = await deliveryCounts(workspace.id, endpoints.map((e) => e.id));
  const canManage = roleAtLeast(role, "admin");
  return (
    <main>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsNav workspace={workspace.slug} />
      {deleted ? <Alert tone="success" className="mt-6">Endpoint deleted, with its delivery history.</Alert> : null}
      <Card className="mt-6 p-0">
        <div className="px-6 pt-6">
          <CardTitle>Webhook endpoints</CardTitle>
          <p className="mt-1 text-sm text-zinc-600">
            Portico POSTs each event you choose to these URLs, signed with the endpoint&apos;s secret (Standard Webhooks), and retries for about a day when they fail.
          </p>
        </div>
        {endpoints.length ? (
          <EndpointList endpoints={endpoints} counts={counts} workspace={workspace.slug} />
        ) : (
          <p className="px-6 pt-4 pb-6 text-sm text-zinc-600" data-testid="webhook-endpoints-empty">
            {canManage ? "No webhook endpoints yet. Add one below to hear about new contacts, grants, sign-ups and more in your own systems." : "No webhook endpoints yet. An admin or owner can add one."}
          </p>
        )}
      </Card>
      {!canManage ? (
        <Alert className="mt-6">Only an admin or owner can add, change or delete webhook endpoints.</Alert>
      ) : endpoints.length >= MAX_ENDPOINTS ? (
        <Alert className="mt-6">This workspace has {MAX_ENDPOINTS} endpoints, the most it can have: delete one to add another.</Alert>
      ) : (
        <Card className="mt-6">
          <CardTitle>Add an endpoint</CardTitle>
          <p className="mt-1 mb-4 text-sm text-zinc-600">Its signing secret is shown once, right after it is added.</p>
          <CreateEndpointForm workspace={workspace.slug} />
        </Card>
      )}
    </main>
  );
}
