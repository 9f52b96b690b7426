import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { LocalTime } from "@/components/ui/local-time";
import { listTemplates, MERGE_FIELDS } from "@/lib/mail/templates";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { TemplateEditor } from "./template-editor";

export const metadata: Metadata = { title: "Email templates" };

export default async function TemplatesPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, role } = await requireWorkspaceAdmin((await params).workspace);
  const templates = await listTemplates(workspace.id);
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/emails`} className="text-sm text-zinc-600 hover:underline">← Delivery log</Link>
        <h1 className="mt-2 text-2xl font-semibold">Email templates</h1>
      </div>
      <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white shadow-sm" data-testid="templates">
        {templates.map((t) => (
          <li key={t.id} className="flex items-center justify-between px-4 py-3 text-sm">
            <Link className="font-medium text-accent hover:underline" href={`/admin/${workspace.slug}/emails/templates/${t.id}`}>{t.name}</Link>
            <span className="text-zinc-500">edited <LocalTime at={t.updatedAt} /></span>
          </li>
        ))}
        {templates.length === 0 ? <li className="px-4 py-6 text-sm text-zinc-600">No templates yet.</li> : null}
      </ul>
      {roleAtLeast(role, "admin") ? (
        <Card>
          <CardTitle>New template</CardTitle>
          <div className="mt-4">
            <TemplateEditor workspace={workspace.slug} canEdit fields={Object.entries(MERGE_FIELDS)} template={{ name: "", subject: "", body: "Hi {{contact.first_name}},\n\n\n\nSign in here: {{login_url}}\n\n{{workspace.name}}" }} />
          </div>
        </Card>
      ) : null}
    </main>
  );
}
