import type { Metadata } from "next";
import { CourseGrid } from "@/components/portal/course-grid";
import { PortalHeader } from "@/components/portal/portal-header";
import { listGroupsForContact } from "@/lib/access/groups";
import { listProductsForContact } from "@/lib/access/products";
import { requireLearnerPage } from "@/lib/auth/portal-page";

export const metadata: Metadata = { title: "My portal" };

export default async function PortalHome({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const [courses, groups] = await Promise.all([listProductsForContact(workspace.id, learner.id), listGroupsForContact(workspace.id, learner.id)]);
  return (
    <div className="min-h-dvh">
      <PortalHeader workspace={workspace} email={learner.email} />
      <main className="mx-auto max-w-5xl px-4 py-8">
        <h1 className="text-2xl font-semibold">Welcome{learner.firstName ? `, ${learner.firstName}` : ""}</h1>
        <h2 className="mt-8 text-lg font-semibold">My courses</h2>
        <CourseGrid courses={courses} />
        {groups.length ? (
          <>
            <h2 className="mt-10 text-lg font-semibold">My communities</h2>
            <ul className="mt-4 grid gap-3 sm:grid-cols-2">
              {groups.map((g) => (
                <li key={g.id} className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm">
                  <p className="font-medium">{g.name}</p>
                  <p className="mt-1 text-sm text-zinc-600">{g.description}</p>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </main>
    </div>
  );
}
