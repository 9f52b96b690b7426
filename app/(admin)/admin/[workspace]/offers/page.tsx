import type { Metadata } from "next";
import Link from "next/link";
import { OfferForm } from "@/components/admin/offer-form";
import { StatusBadge } from "@/components/admin/status-badge";
import { Card, CardTitle } from "@/components/ui/card";
import { formatPrice, listOffers } from "@/lib/access/offers";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { listProducts } from "@/lib/courses/products";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { saveOfferAction } from "./actions";

export const metadata: Metadata = { title: "Offers" };

export default async function OffersPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, role } = await requireWorkspaceAdmin((await params).workspace);
  const [offers, products] = await Promise.all([listOffers(workspace.id), listProducts(workspace.id)]);
  return (
    <main className="space-y-6">
      <h1 className="text-2xl font-semibold">Offers</h1>
      <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm" data-testid="offers-table">
          <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-500 uppercase">
            <tr>
              <th className="px-4 py-2 font-medium">Offer</th>
              <th className="px-4 py-2 font-medium">Status</th>
              <th className="px-4 py-2 font-medium">Price</th>
              <th className="px-4 py-2 font-medium">Courses</th>
              <th className="px-4 py-2 font-medium">Active grants</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {offers.map(({ offer, productCount, activeGrants }) => (
              <tr key={offer.id}>
                <td className="px-4 py-2"><Link className="font-medium text-accent hover:underline" href={`/admin/${workspace.slug}/offers/${offer.id}`}>{offer.title}</Link></td>
                <td className="px-4 py-2"><StatusBadge status={offer.status === "published" ? "live" : "none"} label={offer.status} /></td>
                <td className="px-4 py-2">{formatPrice(offer)}</td>
                <td className="px-4 py-2">{productCount}</td>
                <td className="px-4 py-2">{activeGrants}</td>
              </tr>
            ))}
            {offers.length === 0 ? <tr><td colSpan={5} className="px-4 py-6 text-zinc-600">No offers yet.</td></tr> : null}
          </tbody>
        </table>
      </div>
      {roleAtLeast(role, "admin") ? (
        <Card>
          <CardTitle>New offer</CardTitle>
          <div className="mt-4">
            <OfferForm action={saveOfferAction} workspace={workspace.slug} products={products.map((p) => ({ id: p.product.id, title: p.product.title }))} />
          </div>
        </Card>
      ) : null}
    </main>
  );
}
