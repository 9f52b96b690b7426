import type { Metadata } from "next";
import { PortalHeader } from "@/components/portal/portal-header";
import { CopyField } from "@/components/ui/copy-field";
import { affiliateCodeFor } from "@/lib/access/affiliate";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { portalUrl } from "@/lib/links/policy";

export const metadata: Metadata = { title: "Affiliate" };

export default async function AffiliatePage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const code = await affiliateCodeFor(workspace.id, learner.id);
  return (
    <div className="min-h-dvh">
      <PortalHeader workspace={workspace} email={learner.email} />
      <main className="mx-auto max-w-xl px-4 py-8">
        <h1 className="text-2xl font-semibold">Your affiliate link</h1>
        <p className="mt-1 text-sm text-zinc-600">Share it: people who sign up through it are credited to you.</p>
        <div className="mt-4">
          <CopyField label="Referral link" value={portalUrl(workspace.slug, `?ref=${code}`)} />
        </div>
      </main>
    </div>
  );
}
