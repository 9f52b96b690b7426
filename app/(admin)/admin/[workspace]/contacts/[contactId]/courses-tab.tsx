import Link from "next/link";
import { percent } from "@/components/portal/course-grid";
import { ProgressBar } from "@/components/portal/progress-bar";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { contactCourseProgress } from "@/lib/courses/contact-progress";

/** The contact record's Courses tab: each course this learner can open (or has progress in) and how far they are. */
export async function CoursesTab({ workspace, contactId }: { workspace: { id: string; slug: string }; contactId: string }) {
  const courses = await contactCourseProgress(workspace.id, contactId);
  return (
    <Card className="max-w-3xl">
      <CardTitle>Course progress</CardTitle>
      {courses.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600">
          No course is open to this contact yet. Grant an offer that includes a course on the{" "}
          <Link href="?tab=offers" className="text-accent hover:underline">
            Offers tab
          </Link>
          .
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-100" data-testid="contact-courses">
          {courses.map((c) => (
            <li key={c.productId} className="py-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link href={`/admin/${workspace.slug}/courses/${c.productId}`} className="font-medium hover:underline">
                  {c.title}
                </Link>
                <span className="text-xs text-zinc-600">
                  {c.hasAccess ? "has access" : "access ended"}
                  {c.published ? "" : " · unpublished"}
                  {" · last activity "}
                  {c.lastActivityAt ? <LocalTime at={c.lastActivityAt} /> : "none yet"}
                </span>
              </div>
              <ProgressBar className="mt-2 max-w-md" value={percent(c.completedCount, c.lessonCount)} detail={`${c.completedCount} of ${c.lessonCount} lessons completed, ${c.startedCount} opened`} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
