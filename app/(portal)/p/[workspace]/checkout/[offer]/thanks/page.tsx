import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { BackLink } from "@/components/auth/back-link";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { getOfferBySlug } from "@/lib/access/offers";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { viewDashboardAction } from "../actions";
import { oneParam, type SearchParams } from "@/lib/utils";

export const metadata: Metadata = { title: "Thank you" };

export default async function ThanksPage({ params, searchParams }: { params: Promise<{ workspace: string; offer: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug, offer: offerSlug } = await params;
  const check = oneParam((await searchParams).check);
  const workspace = await portalWorkspaceOr404(slug);
  const offer = await getOfferBySlug(workspace.id, offerSlug);
  if (!offer || offer.status !== "published") notFound();
  const paid = offer.priceCents > 0;
  return (
    <AuthShell brand={workspace.name} logoUrl={workspace.logoUrl} title="Thank you!" footer={<BackLink href={`/p/${workspace.slug}/login`}>Sign in</BackLink>}>
      <div className="space-y-4 text-sm text-zinc-700" data-testid="thanks">
        {paid ? (
          <p>
            Your request for <strong>{offer.title}</strong> is in. {workspace.name} will complete the payment with you; as soon as it is done we email you a link to
            your dashboard.
          </p>
        ) : check ? (
          <Alert tone="info" data-testid="check-email">
            Check your email: we have sent you a link to get into your dashboard. It is the safe way in for this address.
          </Alert>
        ) : (
          <>
            <p>
              You now have access to <strong>{offer.title}</strong>. We have also emailed you a link, so you can come back any time.
            </p>
            <form action={viewDashboardAction}>
              <input type="hidden" name="workspace" value={workspace.slug} />
              <input type="hidden" name="offer" value={offer.slug} />
              <SubmitButton className="w-full" size="lg" pendingText="Opening…">
                View Dashboard
              </SubmitButton>
            </form>
          </>
        )}
      </div>
    </AuthShell>
  );
}
