import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { appUrl } from "@/lib/env";
import { verificationRecord } from "@/lib/tenancy/domain-verify";
import { settingsOf } from "@/lib/tenancy/settings";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { CustomDomainPanel } from "./custom-domain";
import { PortalSettingsForm } from "./portal-form";
import { SettingsNav } from "./settings-nav";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ saved?: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const canEdit = roleAtLeast(role, "admin");
  const appHost = new URL(appUrl).host;
  const record = verificationRecord(workspace);
  return (
    <main>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsNav workspace={workspace.slug} />
      {(await searchParams).saved ? <Alert tone="success" className="mt-4">Settings saved. The portal now lives at its new address.</Alert> : null}
      {!canEdit ? <Alert className="mt-4">Only an admin or owner can change settings.</Alert> : null}
      <Card className="mt-6 max-w-3xl">
        <PortalSettingsForm workspace={workspace.slug} settings={settingsOf(workspace)} canEdit={canEdit} appHost={appHost} />
      </Card>
      {workspace.customDomain && record ? (
        <Card className="mt-6 max-w-3xl">
          <CustomDomainPanel
            workspace={workspace.slug}
            domain={workspace.customDomain}
            record={record}
            verifiedAt={workspace.customDomainVerifiedAt?.toISOString() ?? null}
            appHost={appHost}
            canEdit={canEdit}
          />
        </Card>
      ) : null}
    </main>
  );
}
