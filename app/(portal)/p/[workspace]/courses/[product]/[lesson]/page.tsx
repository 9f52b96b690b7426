import { CheckCircle2, ChevronLeft, ChevronRight, Lock } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Curriculum } from "@/components/portal/curriculum";
import { LessonBody, LessonVideo } from "@/components/portal/lesson-body";
import { NoAccess } from "@/components/portal/no-access";
import { PortalPage } from "@/components/portal/portal-page";
import { ActionForm } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { SubmitButton } from "@/components/ui/submit-button";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { currentPreview } from "@/lib/auth/session";
import { lessonIn, openCourse, type LearnerCourse } from "@/lib/courses/learner";
import { recordUnlocks } from "@/lib/courses/drip";
import { startLesson } from "@/lib/courses/progress";
import { videoEmbed } from "@/lib/courses/video";
import { completeLessonAction, uncompleteLessonAction } from "../../actions";

export const metadata: Metadata = { title: "Lesson" };

const outlineFor = (course: LearnerCourse) =>
  course.categories.map((c) => ({ id: c.id, title: c.title, lessons: c.lessons.map((l) => ({ id: l.id, title: l.title, done: course.completed.has(l.id), started: course.started.has(l.id), lockedUntil: course.lockedUntil.get(l.id)?.toISOString() })),
  }));

export default async function LessonPage({ params, searchParams }: { params: Promise<{ workspace: string; product: string; lesson: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { workspace: slug, product, lesson: lessonId } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const preview = !!(await currentPreview(workspace));
  const course = await openCourse(learner, product);
  const view = course ? lessonIn(course, lessonId) : null;
  if (!course || !view) return <NoAccess workspace={workspace} email={learner.email} what="lesson" />;
  const { lesson, prev, next } = view;
  const base = `/p/${workspace.slug}/courses/${course.product.slug}`;
  if (!preview) await recordUnlocks(learner, course.product.id, course.dripOpen);
  const locked = course.lockedUntil.get(lesson.id);
  if (locked)
    return (
      <PortalPage workspace={workspace} email={learner.email} title={lesson.title} subtitle={`${course.product.title} · ${view.categoryTitle}`}>
        <div className="mt-4 grid gap-6 md:grid-cols-[16rem_minmax(0,1fr)] md:items-start">
          <Curriculum base={base} current={lesson.id} categories={outlineFor(course)} done={course.completed.size} total={course.lessonCount} />
          <section className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm" data-testid="lesson-locked">
            <Lock className="size-8 text-zinc-500" aria-hidden />
            <p className="mt-3 font-semibold">
              This lesson opens <LocalTime at={locked} />.
            </p>
            <p className="mt-1 text-sm text-zinc-600">Lessons in this course open over time. Come back then, or carry on with a lesson that is already open.</p>
            <p className="mt-4 text-sm">
              <Link href={base} className="text-accent hover:underline">
                ← All lessons
              </Link>
            </p>
          </section>
        </div>
      </PortalPage>
    );
  if (!course.started.has(lesson.id) && (await startLesson({ contact: learner, preview }, { lesson, categoryId: lesson.categoryId, productId: course.product.id })) && !preview) course.started.add(lesson.id);
  const done = course.completed.has(lesson.id);
  const video = videoEmbed(lesson.videoUrl);
  const hidden = { workspace: workspace.slug, product: course.product.slug, lesson: lesson.id };
  const marked = (await searchParams).marked === "incomplete" && !done;
  return (
    <PortalPage workspace={workspace} email={learner.email} title={lesson.title} subtitle={`${course.product.title} · ${view.categoryTitle}`}>
      <p className="mt-2 text-sm">
        <Link href={base} className="text-accent hover:underline">
          ← All lessons
        </Link>
      </p>
      <div className="mt-4 grid gap-6 md:grid-cols-[16rem_minmax(0,1fr)] md:items-start">
        <Curriculum base={base} current={lesson.id} categories={outlineFor(course)} done={course.completed.size} total={course.lessonCount} />
        <div className="min-w-0">
          {video ? <LessonVideo video={video} title={lesson.title} /> : null}
          <article className="mt-4 rounded-xl first:mt-0 border border-zinc-200 bg-white p-5 shadow-sm sm:p-8">
            <LessonBody markdown={lesson.body} />
          </article>
          <div className="mt-6 flex flex-wrap items-center justify-between gap-3">
            {prev ? (
              <Link href={`${base}/${prev.id}`} className="inline-flex items-center gap-1 text-sm text-zinc-700 hover:underline">
                <ChevronLeft className="size-4" aria-hidden /> Previous: {prev.title}
              </Link>
            ) : (
              <span />
            )}
            {done ? (
              <div className="flex flex-wrap items-center gap-3">
                <p className="inline-flex items-center gap-1 text-sm font-medium text-accent" data-testid="lesson-done">
                  <CheckCircle2 className="size-5" aria-hidden /> Completed
                </p>
                <ActionForm action={uncompleteLessonAction} hidden={hidden}>
                  <SubmitButton variant="secondary" size="sm" pendingText="Saving…">
                    Mark incomplete
                  </SubmitButton>
                </ActionForm>
              </div>
            ) : (
              <div className="flex flex-wrap items-center gap-3">
                {marked ? (
                  <p role="status" className="text-sm text-zinc-700" data-testid="lesson-undone">
                    Marked as not completed.
                  </p>
                ) : null}
                <ActionForm action={completeLessonAction} hidden={hidden}>
                  <SubmitButton pendingText="Saving…">Mark complete</SubmitButton>
                </ActionForm>
              </div>
            )}
            {next ? (
              <Link href={`${base}/${next.id}`} className="inline-flex items-center gap-1 text-sm text-zinc-700 hover:underline">
                Next: {next.title} <ChevronRight className="size-4" aria-hidden />
              </Link>
            ) : (
              <span />
            )}
          </div>
        </div>
      </div>
    </PortalPage>
  );
}
