import type { Metadata } from "next";
import { PortalPage } from "@/components/portal/portal-page";
import { CopyField } from "@/components/ui/copy-field";
import { affiliateCodeFor } from "@/lib/access/affiliate";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { portalUrl } from "@/lib/links/policy";

export const metadata: Metadata = { title: "Affiliate" };

export default async function AffiliatePage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, learner } = await requireLearnerPage((await params).workspace);
  const code = await affiliateCodeFor(workspace.id, learner.id);
  return (
    <PortalPage workspace={workspace} email={learner.email} title="Your affiliate link" subtitle="Share it: people who sign up through it are credited to you." narrow>
      <div className="mt-4">
        <CopyField label="Referral link" value={portalUrl(workspace.slug, `?ref=${code}`)} />
      </div>
    </PortalPage>
  );
}
