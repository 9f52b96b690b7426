import type { Metadata } from "next";
import { PortalPage } from "@/components/portal/portal-page";
import { CopyField } from "@/components/ui/copy-field";
import { affiliateCodeFor, findAffiliateCode, listReferrals } from "@/lib/access/affiliate";
import { listOffers } from "@/lib/access/offers";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { currentPreview } from "@/lib/auth/session";
import { portalUrl } from "@/lib/links/policy";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Affiliate" };

export default async function AffiliatePage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, learner } = await requireLearnerPage((await params).workspace);
  // A preview shows the code if the learner has one; it never creates one in their name.
  const code = (await currentPreview(workspace)) ? await findAffiliateCode(workspace.id, learner.id) : await affiliateCodeFor(workspace.id, learner.id);
  const [offers, referrals] = await Promise.all([listOffers(workspace.id), listReferrals(workspace.id, learner.id)]);
  const published = offers.filter((o) => o.offer.status === "published");
  return (
    <PortalPage workspace={workspace} email={learner.email} title="Invite friends" subtitle="Share a link: people who sign up through it are credited to you." narrow>
      <div className="mt-6 space-y-4" data-testid="referral-links">
        {published.length === 0 ? <p className="text-sm text-zinc-600">{workspace.name} has nothing on sale right now.</p> : null}
        {code ? (
          <>
            {published.map(({ offer }) => (
              <CopyField key={offer.id} label={offer.title} value={portalUrl(workspace.slug, `/checkout/${offer.slug}?ref=${code}`)} />
            ))}
            <p className="text-xs text-zinc-500">Your referral code: <span className="font-mono">{code}</span></p>
          </>
        ) : (
          <p className="text-sm text-zinc-600" data-testid="no-referral-code">No referral code yet: it is created the first time the learner opens this page themselves.</p>
        )}
      </div>
      <h2 className="mt-10 text-lg font-semibold">Your referrals</h2>
      {referrals.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600">Nobody yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white text-sm" data-testid="referrals">
          {referrals.map((r, i) => (
            <li key={i} className="flex justify-between gap-4 px-4 py-2">
              <span>{r.name}{r.offer ? <span className="text-zinc-500"> · {r.offer}</span> : null}</span>
              <span className="text-zinc-500"><LocalTime at={r.at} /></span>
            </li>
          ))}
        </ul>
      )}
    </PortalPage>
  );
}
