import { CheckCircle2, Circle, Lock, PlayCircle } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CourseComplete } from "@/components/portal/course-complete";
import { LocalTime } from "@/components/ui/local-time";
import { NoAccess } from "@/components/portal/no-access";
import { percent } from "@/components/portal/course-grid";
import { PortalPage } from "@/components/portal/portal-page";
import { ProgressBar } from "@/components/portal/progress-bar";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { currentPreview } from "@/lib/auth/session";
import { recordUnlocks } from "@/lib/courses/drip";
import { courseFinished, lastOpenedLessons, openCourse } from "@/lib/courses/learner";
import { listGroupsForContact } from "@/lib/access/groups";
import { listProductsForContact } from "@/lib/access/products";

export const metadata: Metadata = { title: "Course" };

async function nextSteps(workspaceId: string, contactId: string, productId: string) {
  const [courses, groups, resume] = await Promise.all([listProductsForContact(workspaceId, contactId), listGroupsForContact(workspaceId, contactId), lastOpenedLessons(workspaceId, contactId)]);
  return { others: courses.filter((c) => c.id !== productId), groups, resume };
}

export default async function CoursePage({ params }: { params: Promise<{ workspace: string; product: string }> }) {
  const { workspace: slug, product } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const course = await openCourse(learner, product);
  if (!course) return <NoAccess workspace={workspace} email={learner.email} what="course" />;
  if (!(await currentPreview(workspace))) await recordUnlocks(learner, course.product.id, course.dripOpen);
  const base = `/p/${workspace.slug}/courses/${course.product.slug}`;
  const firstOpen = course.categories.flatMap((c) => c.lessons).find((l) => !course.completed.has(l.id) && !course.lockedUntil.has(l.id));
  const finished = courseFinished(course);
  return (
    <PortalPage workspace={workspace} email={learner.email} title={course.product.title} subtitle={course.product.description}>
      <div className="mt-4 flex flex-wrap items-center gap-4">
        <ProgressBar className="w-64 max-w-full" value={percent(course.completed.size, course.lessonCount)} detail={`${course.completed.size} of ${course.lessonCount} lessons`} />
        {course.lastOpened ? (
          <Link href={`${base}/${course.lastOpened.id}`} className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-white hover:brightness-110" data-testid="resume">
            Resume: {course.lastOpened.title}
          </Link>
        ) : firstOpen ? (
          <Link href={`${base}/${firstOpen.id}`} className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-white hover:brightness-110">
            Start the course
          </Link>
        ) : null}
      </div>
      {finished ? <CourseComplete workspace={workspace} title={course.product.title} lessonCount={course.lessonCount} {...await nextSteps(workspace.id, learner.id, course.product.id)} /> : null}
      <div className="mt-8 space-y-6">
        {course.categories.map((category) => (
          <section key={category.id} className="rounded-xl border border-zinc-200 bg-white shadow-sm">
            <h2 className="border-b border-zinc-100 px-4 py-3 font-semibold">
              {category.title}
              {course.lockedUntil.get(category.id) ? (
                <span className="ml-2 text-xs font-normal text-zinc-600">
                  opens <LocalTime at={course.lockedUntil.get(category.id)!} />
                </span>
              ) : null}
            </h2>
            <ol className="divide-y divide-zinc-100">
              {category.lessons.map((lesson) => {
                const done = course.completed.has(lesson.id);
                const locked = course.lockedUntil.get(lesson.id);
                if (locked)
                  return (
                    <li key={lesson.id} className="flex items-center gap-3 px-4 py-3 text-sm text-zinc-600" data-testid="locked-lesson">
                      <Lock className="size-5 text-zinc-500" aria-hidden />
                      <span className="flex-1">{lesson.title}</span>
                      <span className="text-xs">
                        Opens <LocalTime at={locked} />
                      </span>
                    </li>
                  );
                const Icon = done ? CheckCircle2 : course.started.has(lesson.id) ? PlayCircle : Circle;
                return (
                  <li key={lesson.id}>
                    <Link href={`${base}/${lesson.id}`} className="flex items-center gap-3 px-4 py-3 text-sm hover:bg-zinc-50">
                      <Icon className={done ? "size-5 text-accent" : "size-5 text-zinc-500"} aria-hidden />
                      <span className="flex-1">{lesson.title}</span>
                      <span className="sr-only">{done ? "completed" : "not completed"}</span>
                    </Link>
                  </li>
                );
              })}
              {category.lessons.length === 0 ? <li className="px-4 py-3 text-sm text-zinc-500">No lessons yet.</li> : null}
            </ol>
          </section>
        ))}
      </div>
    </PortalPage>
  );
}
