import { BookOpen } from "lucide-react";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { listProductsForContact } from "@/lib/access/products";
import { currentLearner } from "@/lib/auth/session";
import { getWorkspaceBySlug } from "@/lib/tenancy/workspaces";
import { learnerSignOutAction } from "./actions";

export const metadata: Metadata = { title: "My portal" };

export default async function PortalHome({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const workspace = await getWorkspaceBySlug(slug);
  if (!workspace) notFound();
  const learner = await currentLearner(workspace);
  if (!learner) redirect(`/p/${workspace.slug}/login`);
  const courses = await listProductsForContact(workspace.id, learner.id);
  return (
    <div className="min-h-dvh">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <p className="font-semibold text-accent">{workspace.name}</p>
          <form action={learnerSignOutAction} className="flex items-center gap-3">
            <span className="hidden text-sm text-zinc-600 sm:inline">{learner.email}</span>
            <input type="hidden" name="workspace" value={workspace.slug} />
            <Button type="submit" variant="secondary" size="sm">
              Sign out
            </Button>
          </form>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">
        <h1 className="text-2xl font-semibold">Welcome{learner.firstName ? `, ${learner.firstName}` : ""}</h1>
        <h2 className="mt-8 text-lg font-semibold">My courses</h2>
        {courses.length === 0 ? (
          <p className="mt-3 text-zinc-600">You have no courses yet.</p>
        ) : (
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="my-courses">
            {courses.map((c) => {
              const pct = c.lessonCount ? Math.round((100 * c.completedCount) / c.lessonCount) : 0;
              return (
                <li key={c.id} className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm">
                  <div className="flex h-28 items-center justify-center bg-accent/10">
                    <BookOpen className="size-10 text-accent" aria-hidden />
                  </div>
                  <div className="p-4">
                    <h3 className="font-semibold">{c.title}</h3>
                    <p className="mt-1 line-clamp-2 text-sm text-zinc-600">{c.description}</p>
                    <div className="mt-3" aria-label={`${pct}% complete`}>
                      <div className="h-2 rounded-full bg-zinc-100">
                        <div className="h-2 rounded-full bg-accent" style={{ width: `${pct}%` }} />
                      </div>
                      <p className="mt-1 text-xs text-zinc-500">
                        {pct}% complete · {c.lessonCount} lessons
                      </p>
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </main>
    </div>
  );
}
