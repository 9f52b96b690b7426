import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { previewSystemEmail } from "@/lib/mail/system-emails";

export const metadata: Metadata = { title: "Email preview" };

export default async function SystemEmailPreview({ params }: { params: Promise<{ workspace: string; key: string }> }) {
  const { workspace: slug, key } = await params;
  const { workspace } = await requireWorkspaceAdmin(slug);
  const preview = await previewSystemEmail(workspace, key);
  if (!preview) notFound();
  return (
    <main className="space-y-4">
      <div>
        <Link href={`/admin/${workspace.slug}/emails/system`} className="text-sm text-zinc-600 hover:underline">← System emails</Link>
        <h1 className="mt-2 text-2xl font-semibold">{preview.email.name}</h1>
        <p className="mt-1 text-sm text-zinc-600">With sample data. Subject: <span className="font-medium text-zinc-900" data-testid="preview-subject">{preview.subject}</span></p>
      </div>
      <Card className="p-0">
        {/* The preview cannot run anything: an empty sandbox. */}
        <iframe title="Email preview" srcDoc={preview.html} sandbox="" className="h-[36rem] w-full rounded-xl" />
      </Card>
      <Card>
        <h2 className="text-sm font-semibold">Plain-text part</h2>
        <pre className="mt-2 text-xs whitespace-pre-wrap text-zinc-700">{preview.text}</pre>
      </Card>
    </main>
  );
}
