import type { Metadata } from "next";
import { PortalHeader } from "@/components/portal/portal-header";
import { listGroupsForContact } from "@/lib/access/groups";
import { requireLearnerPage } from "@/lib/auth/portal-page";

export const metadata: Metadata = { title: "My communities" };

export default async function CommunitiesPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const groups = await listGroupsForContact(workspace.id, learner.id);
  return (
    <div className="min-h-dvh">
      <PortalHeader workspace={workspace} email={learner.email} />
      <main className="mx-auto max-w-5xl px-4 py-8">
        <h1 className="text-2xl font-semibold">My communities</h1>
        {groups.length === 0 ? (
          <p className="mt-3 text-zinc-600">You are not in any community group yet.</p>
        ) : (
          <ul className="mt-4 grid gap-3 sm:grid-cols-2">
            {groups.map((g) => (
              <li key={g.id} className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm">
                <p className="font-medium">{g.name}</p>
                <p className="mt-1 text-sm text-zinc-600">{g.description}</p>
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}
