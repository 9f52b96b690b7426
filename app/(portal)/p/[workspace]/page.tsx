import { Gift } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CourseGrid } from "@/components/portal/course-grid";
import { GroupList } from "@/components/portal/group-list";
import { PortalPage } from "@/components/portal/portal-page";
import { listGroupsForContact } from "@/lib/access/groups";
import { listProductsForContact } from "@/lib/access/products";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { lastOpenedLessons } from "@/lib/courses/learner";

export const metadata: Metadata = { title: "My portal" };

export default async function PortalHome({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const [courses, groups, resume] = await Promise.all([listProductsForContact(workspace.id, learner.id), listGroupsForContact(workspace.id, learner.id), lastOpenedLessons(workspace.id, learner.id)]);
  return (
    <PortalPage workspace={workspace} email={learner.email} title={`Welcome${learner.firstName ? `, ${learner.firstName}` : ""}`}>
      <h2 className="mt-8 text-lg font-semibold">My courses</h2>
      <CourseGrid workspace={workspace.slug} courses={courses} resume={resume} />
      <h2 className="mt-10 text-lg font-semibold">My communities</h2>
      <GroupList workspace={workspace.slug} groups={groups} />
      <Link
        href={`/p/${workspace.slug}/affiliate`}
        className="mt-10 flex items-center gap-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm hover:shadow-md"
        data-testid="affiliate-card"
      >
        <Gift className="size-8 shrink-0 text-accent" aria-hidden />
        <span>
          <span className="block font-semibold">Invite friends</span>
          <span className="block text-sm text-zinc-600">Get your referral link and see who joined through it.</span>
        </span>
      </Link>
    </PortalPage>
  );
}
