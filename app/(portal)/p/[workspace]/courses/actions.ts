"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { learnerAction } from "@/lib/actions";
import { currentPreview } from "@/lib/auth/session";
import { courseFinished, lessonIn, openCourse } from "@/lib/courses/learner";
import { completeLesson, uncompleteLesson } from "@/lib/courses/progress";
import { slugSchema } from "@/lib/slug";

const lessonForm = z.object({ workspace: slugSchema, product: slugSchema, lesson: z.uuid() });

/** "Mark complete", then on to the next lesson; the course page (with its completion panel) once every lesson is done. */
export const completeLessonAction = learnerAction(lessonForm, async (data, { workspace, contact }) => {
  const base = `/p/${workspace.slug}/courses/${data.product}`;
  const course = await openCourse(contact, data.product);
  const view = course ? lessonIn(course, data.lesson) : null;
  if (!view) redirect(base);
  // learnerAction has already refused a preview; the domain checks again.
  const ok = await completeLesson({ contact, preview: !!(await currentPreview(workspace)) }, { lesson: view.lesson, categoryId: view.lesson.categoryId, productId: course!.product.id });
  if (!ok) return { error: "This lesson is not open to you yet, so it cannot be completed." };
  // The last lesson still to do: the course page, which now shows the completion panel.
  const after = await openCourse(contact, data.product);
  if (after && courseFinished(after)) redirect(`${base}?completed=${view.lesson.id}`);
  redirect(view.next ? `${base}/${view.next.id}` : `${base}?completed=${view.lesson.id}`);
});

/** "Mark incomplete": back to the same lesson, which says so. */
export const uncompleteLessonAction = learnerAction(lessonForm, async (data, { workspace, contact }) => {
  const base = `/p/${workspace.slug}/courses/${data.product}`;
  const course = await openCourse(contact, data.product);
  const view = course ? lessonIn(course, data.lesson) : null;
  if (!view) redirect(base);
  await uncompleteLesson({ contact, preview: !!(await currentPreview(workspace)) }, { lesson: view.lesson, categoryId: view.lesson.categoryId, productId: course!.product.id });
  redirect(`${base}/${view.lesson.id}?marked=incomplete`);
});
