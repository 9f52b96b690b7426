import type { Metadata } from "next";
import { CourseGrid } from "@/components/portal/course-grid";
import { GroupList } from "@/components/portal/group-list";
import { PortalPage } from "@/components/portal/portal-page";
import { listGroupsForContact } from "@/lib/access/groups";
import { listProductsForContact } from "@/lib/access/products";
import { requireLearnerPage } from "@/lib/auth/portal-page";

export const metadata: Metadata = { title: "My portal" };

export default async function PortalHome({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const [courses, groups] = await Promise.all([listProductsForContact(workspace.id, learner.id), listGroupsForContact(workspace.id, learner.id)]);
  return (
    <PortalPage workspace={workspace} email={learner.email} title={`Welcome${learner.firstName ? `, ${learner.firstName}` : ""}`}>
      <h2 className="mt-8 text-lg font-semibold">My courses</h2>
      <CourseGrid courses={courses} />
      {groups.length ? (
        <>
          <h2 className="mt-10 text-lg font-semibold">My communities</h2>
          <GroupList groups={groups} />
        </>
      ) : null}
    </PortalPage>
  );
}
