import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { getTemplate, MERGE_FIELDS } from "@/lib/mail/templates";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { sendTemplateAction, templateSendQuestionAction } from "../actions";
import { TemplateEditor } from "../template-editor";

export const metadata: Metadata = { title: "Email template" };

export default async function TemplatePage({ params }: { params: Promise<{ workspace: string; templateId: string }> }) {
  const { workspace: slug, templateId } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const template = await getTemplate(workspace.id, templateId);
  if (!template) notFound();
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/emails/templates`} className="text-sm text-zinc-600 hover:underline">← Templates</Link>
        <h1 className="mt-2 text-2xl font-semibold">{template.name}</h1>
      </div>
      <Card>
        <TemplateEditor workspace={workspace.slug} canEdit={roleAtLeast(role, "admin")} fields={Object.entries(MERGE_FIELDS)} template={template} />
      </Card>
      <Card>
        <CardTitle>Send</CardTitle>
        <p className="mt-1 text-sm text-zinc-600">To every contact whose name or email contains the search (empty: all contacts). Each gets their own one-time link for {"{{login_url}}"}.</p>
        <ActionForm action={sendTemplateAction} hidden={{ workspace: workspace.slug, templateId: template.id }} className="mt-3" confirm={{ ask: templateSendQuestionAction }}>
          <div className="flex max-w-lg gap-2">
            <label htmlFor="send-q" className="sr-only">Contacts matching</label>
            <Input id="send-q" name="q" placeholder="Contacts matching… (e.g. @example.com)" />
            <Button type="submit">Send</Button>
          </div>
        </ActionForm>
      </Card>
    </main>
  );
}
