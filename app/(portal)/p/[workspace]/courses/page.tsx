import type { Metadata } from "next";
import { CourseGrid } from "@/components/portal/course-grid";
import { PortalHeader } from "@/components/portal/portal-header";
import { listProductsForContact } from "@/lib/access/products";
import { requireLearnerPage } from "@/lib/auth/portal-page";

export const metadata: Metadata = { title: "My courses" };

export default async function CoursesPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const courses = await listProductsForContact(workspace.id, learner.id);
  return (
    <div className="min-h-dvh">
      <PortalHeader workspace={workspace} email={learner.email} />
      <main className="mx-auto max-w-5xl px-4 py-8">
        <h1 className="text-2xl font-semibold">My courses</h1>
        <CourseGrid courses={courses} />
      </main>
    </div>
  );
}
