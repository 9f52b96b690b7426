import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { listApiKeys } from "@/lib/api/keys";
import { recentApiRequests, REQUEST_LOG_LIMIT } from "@/lib/api/request-log";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { SettingsNav } from "../settings-nav";
import { ApiKeyList } from "./api-key-list";
import { CreateApiKeyForm } from "./api-key-forms";
import { RequestLog } from "./request-log";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const [keys, requests] = await Promise.all([listApiKeys(workspace.id), recentApiRequests(workspace.id)]);
  const canManage = roleAtLeast(role, "admin");
  return (
    <main>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsNav workspace={workspace.slug} />
      <Card className="mt-6 p-0">
        <div className="px-6 pt-6">
          <CardTitle>API keys</CardTitle>
          <p className="mt-1 text-sm text-zinc-600">A key lets another system act on this workspace, within the scopes it was given. Revoke a key as soon as nothing should use it.</p>
        </div>
        {keys.length ? (
          <ApiKeyList keys={keys} workspace={workspace.slug} canManage={canManage} />
        ) : (
          <p className="px-6 pt-4 pb-6 text-sm text-zinc-600" data-testid="api-keys-empty">
            No API keys yet. Create one to call the API from your checkout, CRM or automation tool.
          </p>
        )}
      </Card>
      {canManage ? (
        <Card className="mt-6">
          <CardTitle>Create an API key</CardTitle>
          <p className="mt-1 mb-4 text-sm text-zinc-600">The key is shown once, right after it is made.</p>
          <CreateApiKeyForm workspace={workspace.slug} />
        </Card>
      ) : (
        <Alert className="mt-6">Only an admin or owner can create or revoke API keys.</Alert>
      )}
      <Card className="mt-6 p-0">
        <div className="px-6 pt-6">
          <CardTitle>Recent API requests</CardTitle>
          <p className="mt-1 text-sm text-zinc-600">The last {REQUEST_LOG_LIMIT} calls made with this workspace&apos;s keys, newest first.</p>
        </div>
        <RequestLog rows={requests} />
      </Card>
    </main>
  );
}
