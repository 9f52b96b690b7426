"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { learnerAction } from "@/lib/actions";
import { currentPreview } from "@/lib/auth/session";
import { lessonIn, openCourse } from "@/lib/courses/learner";
import { completeLesson } from "@/lib/courses/progress";
import { slugSchema } from "@/lib/slug";

/** "Mark complete", then on to the next lesson (or back to the course after the last one). */
export const completeLessonAction = learnerAction(
  z.object({ workspace: slugSchema, product: slugSchema, lesson: z.uuid() }),
  async (data, { workspace, contact }) => {
    const base = `/p/${workspace.slug}/courses/${data.product}`;
    const course = await openCourse(contact, data.product);
    const view = course ? lessonIn(course, data.lesson) : null;
    if (!view) redirect(base);
    // learnerAction has already refused a preview; the domain checks again.
    await completeLesson({ contact, preview: !!(await currentPreview(workspace)) }, { lesson: view.lesson, categoryId: view.lesson.categoryId, productId: course!.product.id });
    redirect(view.next ? `${base}/${view.next.id}` : `${base}?completed=${view.lesson.id}`);
  },
);
