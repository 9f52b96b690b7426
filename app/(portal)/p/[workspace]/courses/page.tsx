import type { Metadata } from "next";
import { CourseGrid } from "@/components/portal/course-grid";
import { PortalPage } from "@/components/portal/portal-page";
import { listProductsForContact } from "@/lib/access/products";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { lastOpenedLessons } from "@/lib/courses/learner";

export const metadata: Metadata = { title: "My courses" };

export default async function CoursesPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, learner } = await requireLearnerPage((await params).workspace);
  const [courses, resume] = await Promise.all([listProductsForContact(workspace.id, learner.id), lastOpenedLessons(workspace.id, learner.id)]);
  return (
    <PortalPage workspace={workspace} email={learner.email} title="My courses">
      <CourseGrid workspace={workspace.slug} courses={courses} resume={resume} />
    </PortalPage>
  );
}
