import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { portalUrl } from "@/lib/links/policy";
import { workspaceOverview } from "@/lib/tenancy/overview";

export const metadata: Metadata = { title: "Client Portal" };

export default async function WorkspaceHome({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace } = await requireWorkspaceAdmin(slug);
  const o = await workspaceOverview(workspace.id);
  const url = portalUrl(workspace.slug);
  const stats = [
    { label: "Total invited", value: o.invited },
    { label: "Total active", value: o.active },
    { label: "Contacts", value: o.contacts },
    { label: "Courses", value: o.products },
    { label: "Published offers", value: o.offers },
    { label: "Community groups", value: o.groups },
  ];
  return (
    <main>
      <h1 className="text-2xl font-semibold">Client Portal</h1>
      <p className="mt-1 text-zinc-600" data-testid="workspace-name">{workspace.name}</p>
      <Card className="mt-6">
        <p className="text-sm font-medium text-zinc-500">Portal URL</p>
        <a href={url} className="mt-1 block break-all text-accent underline underline-offset-4" data-testid="portal-url">
          {url}
        </a>
      </Card>
      <dl className="mt-6 grid grid-cols-2 gap-4 lg:grid-cols-3">
        {stats.map((s) => (
          <Card key={s.label} className="p-5">
            <dt className="text-sm text-zinc-500">{s.label}</dt>
            <dd className="mt-1 text-3xl font-semibold tabular-nums">{s.value}</dd>
          </Card>
        ))}
      </dl>
    </main>
  );
}
