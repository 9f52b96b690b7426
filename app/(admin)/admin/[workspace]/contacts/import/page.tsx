import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { listOffers } from "@/lib/access/offers";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import contacts" };

export default async function ImportPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await requireWorkspaceAdmin((await params).workspace, "admin");
  const offers = await listOffers(workspace.id);
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/contacts`} className="text-sm text-zinc-600 hover:underline">← Contacts</Link>
        <h1 className="mt-2 text-2xl font-semibold">Import contacts</h1>
        <p className="mt-1 text-sm text-zinc-600">Existing contacts (same email) keep their data: empty names and phone are filled in and tags are added.</p>
      </div>
      <Card>
        <ImportForm workspace={workspace.slug} offers={offers.map((o) => ({ id: o.offer.id, label: o.offer.title }))} />
      </Card>
    </main>
  );
}
