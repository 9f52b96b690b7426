import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { formatPrice, getOfferBySlug } from "@/lib/access/offers";
import { listOfferProducts } from "@/lib/courses/products";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { CheckoutForm } from "./checkout-form";
import { oneParam, type SearchParams } from "@/lib/utils";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({ params, searchParams }: { params: Promise<{ workspace: string; offer: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug, offer: offerSlug } = await params;
  const ref = oneParam((await searchParams).ref);
  const workspace = await portalWorkspaceOr404(slug);
  const offer = await getOfferBySlug(workspace.id, offerSlug);
  if (!offer || offer.status !== "published") notFound();
  const included = await listOfferProducts(workspace.id, offer.id);
  const paid = offer.priceCents > 0;
  return (
    <AuthShell brand={workspace.name} logoUrl={workspace.logoUrl} title={offer.title} subtitle={offer.description || undefined}>
      <div className="mb-5 space-y-3 border-b border-zinc-100 pb-5">
        <p className="text-2xl font-semibold" data-testid="price">{formatPrice(offer)}</p>
        {included.length ? (
          <div>
            <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Includes</p>
            <ul className="mt-1 list-inside list-disc text-sm text-zinc-700">
              {included.map((p) => (
                <li key={p.id}>{p.title}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {paid ? <p className="text-sm text-zinc-600">{workspace.name} completes the payment with you after you proceed; your access opens once it is done.</p> : null}
      </div>
      <CheckoutForm workspace={workspace.slug} offer={offer.slug} referral={ref?.slice(0, 64)} />
    </AuthShell>
  );
}
