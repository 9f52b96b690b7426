import { CheckCircle2, ChevronLeft, ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { LessonBody, LessonVideo } from "@/components/portal/lesson-body";
import { NoAccess } from "@/components/portal/no-access";
import { PortalPage } from "@/components/portal/portal-page";
import { SubmitButton } from "@/components/ui/submit-button";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { currentPreview } from "@/lib/auth/session";
import { lessonIn, openCourse } from "@/lib/courses/learner";
import { startLesson } from "@/lib/courses/progress";
import { videoEmbed } from "@/lib/courses/video";
import { completeLessonAction } from "../../actions";
import { ActionForm } from "@/components/ui/action-form";

export const metadata: Metadata = { title: "Lesson" };

export default async function LessonPage({ params }: { params: Promise<{ workspace: string; product: string; lesson: string }> }) {
  const { workspace: slug, product, lesson: lessonId } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const preview = !!(await currentPreview(workspace));
  const course = await openCourse(learner, product);
  const view = course ? lessonIn(course, lessonId) : null;
  if (!course || !view) return <NoAccess workspace={workspace} email={learner.email} what="lesson" />;
  const { lesson, prev, next } = view;
  if (!course.started.has(lesson.id)) await startLesson({ contact: learner, preview }, { lesson, categoryId: lesson.categoryId, productId: course.product.id });
  const base = `/p/${workspace.slug}/courses/${course.product.slug}`;
  const done = course.completed.has(lesson.id);
  const video = videoEmbed(lesson.videoUrl);
  return (
    <PortalPage workspace={workspace} email={learner.email} title={lesson.title} subtitle={`${course.product.title} · ${view.categoryTitle}`}>
      <p className="mt-2 text-sm">
        <Link href={base} className="text-accent hover:underline">
          ← All lessons
        </Link>
      </p>
      {video ? <LessonVideo video={video} title={lesson.title} /> : null}
      <article className="mt-6 rounded-xl border border-zinc-200 bg-white p-5 shadow-sm sm:p-8">
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
          <p className="inline-flex items-center gap-1 text-sm font-medium text-accent" data-testid="lesson-done">
            <CheckCircle2 className="size-5" aria-hidden /> Completed
          </p>
        ) : (
          <ActionForm action={completeLessonAction} hidden={{ workspace: workspace.slug, product: course.product.slug, lesson: lesson.id }}>
            <SubmitButton pendingText="Saving…">Mark complete</SubmitButton>
          </ActionForm>
        )}
        {next ? (
          <Link href={`${base}/${next.id}`} className="inline-flex items-center gap-1 text-sm text-zinc-700 hover:underline">
            Next: {next.title} <ChevronRight className="size-4" aria-hidden />
          </Link>
        ) : (
          <span />
        )}
      </div>
    </PortalPage>
  );
}
