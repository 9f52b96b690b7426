import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OfferForm } from "@/components/admin/offer-form";
import { Card, CardTitle } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { getOffer, offerProductIds } from "@/lib/access/offers";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { listProducts } from "@/lib/courses/products";
import { portalUrl } from "@/lib/links/policy";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { saveOfferAction } from "../actions";

export const metadata: Metadata = { title: "Offer" };

export default async function OfferPage({ params }: { params: Promise<{ workspace: string; offerId: string }> }) {
  const { workspace: slug, offerId } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const offer = await getOffer(workspace.id, offerId);
  if (!offer) notFound();
  const [products, productIds] = await Promise.all([listProducts(workspace.id), offerProductIds(workspace.id, offer.id)]);
  const price = offer.priceCents ? (offer.priceCents / 100).toFixed(2) : "";
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/offers`} className="text-sm text-zinc-600 hover:underline">← Offers</Link>
        <h1 className="mt-2 text-2xl font-semibold">{offer.title}</h1>
      </div>
      <Card>
        <CardTitle>Checkout link</CardTitle>
        <div className="mt-3">
          {offer.status === "published" ? (
            <CopyField label="Public checkout page" value={portalUrl(workspace.slug, `/checkout/${offer.slug}`)} testId="checkout-link" />
          ) : (
            <p className="text-sm text-zinc-600">Publish the offer to open its checkout page.</p>
          )}
        </div>
      </Card>
      <Card>
        <CardTitle>Details</CardTitle>
        <div className="mt-4">
          <OfferForm
            action={saveOfferAction}
            workspace={workspace.slug}
            disabled={!roleAtLeast(role, "admin")}
            offer={{ id: offer.id, title: offer.title, slug: offer.slug, description: offer.description, price, currency: offer.currency, status: offer.status, productIds }}
            products={products.map((p) => ({ id: p.product.id, title: p.product.title }))}
          />
        </div>
      </Card>
    </main>
  );
}
