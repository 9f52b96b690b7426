/**
 * What a signed-in learner can open: a published product reached by one of their active
 * grants. Checked on every product and lesson request, so revoking the last grant that
 * reaches a product closes it on the next request.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Queryable } from "@/db/client";
import { lessonProgress, offerGrants, offerProducts, type Contact, type Lesson } from "@/db/schema";
import { getProductBySlug, outlineOf, type Outline } from "./products";

export async function canOpenProduct(q: Queryable, contact: Contact, productId: string): Promise<boolean> {
  const [row] = await q
    .select({ one: sql`1` })
    .from(offerGrants)
    .innerJoin(offerProducts, and(eq(offerProducts.offerId, offerGrants.offerId), eq(offerProducts.productId, productId)))
    .where(and(eq(offerGrants.workspaceId, contact.workspaceId), eq(offerGrants.contactId, contact.id), isNull(offerGrants.revokedAt)))
    .limit(1);
  return !!row;
}

export type LearnerCourse = Outline & { completed: Set<string>; started: Set<string>; lessonCount: number };

/** The course with the learner's progress, or null when it does not exist, is unpublished, or is not theirs. */
export async function openCourse(contact: Contact, productSlug: string): Promise<LearnerCourse | null> {
  const product = await getProductBySlug(contact.workspaceId, productSlug);
  if (!product || !product.published || !(await canOpenProduct(db, contact, product.id))) return null;
  const [outline, progress] = await Promise.all([
    outlineOf(product),
    db.select().from(lessonProgress).where(and(eq(lessonProgress.workspaceId, contact.workspaceId), eq(lessonProgress.contactId, contact.id))),
  ]);
  const completed = new Set(progress.filter((p) => p.completedAt).map((p) => p.lessonId));
  const started = new Set(progress.map((p) => p.lessonId));
  return { ...outline, completed, started, lessonCount: outline.categories.reduce((n, c) => n + c.lessons.length, 0) };
}

export type LessonView = { course: LearnerCourse; lesson: Lesson; categoryTitle: string; prev?: Lesson; next?: Lesson };

export function lessonIn(course: LearnerCourse, lessonId: string): LessonView | null {
  const flat = course.categories.flatMap((c) => c.lessons.map((l) => ({ lesson: l, categoryTitle: c.title })));
  const i = flat.findIndex((x) => x.lesson.id === lessonId);
  if (i < 0) return null;
  return { course, lesson: flat[i]!.lesson, categoryTitle: flat[i]!.categoryTitle, prev: flat[i - 1]?.lesson, next: flat[i + 1]?.lesson };
}
