/**
 * What a signed-in learner can open: a published product reached by one of their active
 * grants. Checked on every product and lesson request, so revoking the last grant that
 * reaches a product closes it on the next request.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db, type Queryable } from "@/db/client";
import { categories, lessonProgress, lessons, offerGrants, offerProducts, type Contact, type Lesson } from "@/db/schema";
import { grantedAtFor, lessonOpensAt, opensAt } from "./drip";
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

/**
 * `lastOpened`: the lesson the learner opened most recently (their latest lesson_progress.started_at in this course).
 * `lockedUntil`: drip categories and lessons still closed, by id, with when they open; `dripOpen`: drip lessons open now.
 */
export type LearnerCourse = Outline & {
  completed: Set<string>;
  started: Set<string>;
  lessonCount: number;
  lastOpened?: Lesson;
  lockedUntil: Map<string, Date>;
  dripOpen: { lesson: Lesson; categoryId: string }[];
};

/** The course with the learner's progress, or null when it does not exist, is unpublished, or is not theirs. */
export async function openCourse(contact: Contact, productSlug: string): Promise<LearnerCourse | null> {
  const product = await getProductBySlug(contact.workspaceId, productSlug);
  if (!product || !product.published || !(await canOpenProduct(db, contact, product.id))) return null;
  const now = new Date();
  const [outline, grantedAt, progress] = await Promise.all([
    outlineOf(product),
    grantedAtFor(db, contact, product.id),
    db.select().from(lessonProgress).where(and(eq(lessonProgress.workspaceId, contact.workspaceId), eq(lessonProgress.contactId, contact.id))),
  ]);
  const inCourse = new Map(outline.categories.flatMap((c) => c.lessons.map((l) => [l.id, l] as const)));
  const mine = progress.filter((p) => inCourse.has(p.lessonId));
  const completed = new Set(mine.filter((p) => p.completedAt).map((p) => p.lessonId));
  const started = new Set(mine.map((p) => p.lessonId));
  const latest = mine.reduce<(typeof mine)[number] | undefined>((a, p) => (!a || p.startedAt > a.startedAt ? p : a), undefined);
  const lockedUntil = new Map<string, Date>();
  const dripOpen: LearnerCourse["dripOpen"] = [];
  for (const c of outline.categories) {
    const catAt = opensAt(c, grantedAt);
    if (catAt && catAt > now) lockedUntil.set(c.id, catAt);
    for (const l of c.lessons) {
      const at = lessonOpensAt(c, l, grantedAt);
      if (at && at > now) lockedUntil.set(l.id, at);
      else if (at) dripOpen.push({ lesson: l, categoryId: c.id });
    }
  }
  return { ...outline, completed, started, lessonCount: inCourse.size, lastOpened: latest ? inCourse.get(latest.lessonId) : undefined, lockedUntil, dripOpen };
}

/** Per product, the lesson the contact opened last (for "Resume" on the course cards). */
export async function lastOpenedLessons(workspaceId: string, contactId: string): Promise<Record<string, string>> {
  const rows = await db
    .selectDistinctOn([categories.productId], { productId: categories.productId, lessonId: lessonProgress.lessonId })
    .from(lessonProgress)
    .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
    .innerJoin(categories, eq(categories.id, lessons.categoryId))
    .where(and(eq(lessonProgress.workspaceId, workspaceId), eq(lessonProgress.contactId, contactId)))
    .orderBy(categories.productId, desc(lessonProgress.startedAt));
  return Object.fromEntries(rows.map((r) => [r.productId, r.lessonId]));
}

/** True once every lesson of the course is completed (and it has at least one). */
export const courseFinished = (course: LearnerCourse) => course.lessonCount > 0 && course.completed.size === course.lessonCount;

export type LessonView = { course: LearnerCourse; lesson: Lesson; categoryTitle: string; prev?: Lesson; next?: Lesson };

export function lessonIn(course: LearnerCourse, lessonId: string): LessonView | null {
  const flat = course.categories.flatMap((c) => c.lessons.map((l) => ({ lesson: l, categoryTitle: c.title })));
  const i = flat.findIndex((x) => x.lesson.id === lessonId);
  if (i < 0) return null;
  return { course, lesson: flat[i]!.lesson, categoryTitle: flat[i]!.categoryTitle, prev: flat[i - 1]?.lesson, next: flat[i + 1]?.lesson };
}
