/**
 * Editing a course outline: categories and lessons, each ordered by `position` within its
 * parent. Every function finds its row inside the caller's workspace first, so an id from
 * another workspace changes nothing.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { categories, lessons } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { getProduct, videoUrlSchema } from "./products";
import { isUuid } from "@/lib/utils";

type Outcome = { ok: true; message?: string } | { ok: false; error: string };
const NOT_FOUND: Outcome = { ok: false, error: "That item no longer exists." };

async function categoryOf(ws: string, id: string) {
  if (!isUuid(id)) return undefined;
  return (await db.select().from(categories).where(and(eq(categories.workspaceId, ws), eq(categories.id, id))).limit(1))[0];
}

export async function lessonOf(ws: string, id: string) {
  if (!isUuid(id)) return undefined;
  return (await db.select().from(lessons).where(and(eq(lessons.workspaceId, ws), eq(lessons.id, id))).limit(1))[0];
}

export async function addCategory(ctx: Ctx, input: { productId: string; title: string }): Promise<Outcome> {
  const product = await getProduct(ctx.workspace.id, input.productId);
  if (!product) return NOT_FOUND;
  await db.insert(categories).values({
    workspaceId: ctx.workspace.id,
    productId: product.id,
    title: input.title,
    position: sql`(select coalesce(max(position), -1) + 1 from categories where product_id = ${product.id})`,
  });
  return { ok: true, message: `Category “${input.title}” added.` };
}

export async function renameCategory(ctx: Ctx, input: { categoryId: string; title: string }): Promise<Outcome> {
  const before = await categoryOf(ctx.workspace.id, input.categoryId);
  if (!before) return NOT_FOUND;
  if (before.title === input.title) return { ok: true, message: `The category is already called “${input.title}”.` };
  const rows = await db.update(categories).set({ title: input.title }).where(and(eq(categories.workspaceId, ctx.workspace.id), eq(categories.id, before.id))).returning();
  return rows.length ? { ok: true, message: `Category renamed from “${before.title}” to “${input.title}”.` } : NOT_FOUND;
}

export async function deleteCategory(ctx: Ctx, input: { categoryId: string }): Promise<Outcome> {
  const rows = await db.delete(categories).where(and(eq(categories.workspaceId, ctx.workspace.id), eq(categories.id, input.categoryId))).returning();
  return rows.length ? { ok: true, message: `Category “${rows[0]!.title}” deleted.` } : NOT_FOUND;
}

export async function addLesson(ctx: Ctx, input: { categoryId: string; title: string }) {
  const category = await categoryOf(ctx.workspace.id, input.categoryId);
  if (!category) return undefined;
  const [lesson] = await db
    .insert(lessons)
    .values({
      workspaceId: ctx.workspace.id,
      categoryId: category.id,
      title: input.title,
      position: sql`(select coalesce(max(position), -1) + 1 from lessons where category_id = ${category.id})`,
    })
    .returning();
  return lesson;
}

export const lessonSchema = z.object({
  title: z.string().trim().min(1, "Give the lesson a title.").max(200),
  body: z.string().max(100_000, "The lesson is too long (100,000 characters at most).").default(""),
  videoUrl: videoUrlSchema,
});

export async function saveLesson(ctx: Ctx, input: z.infer<typeof lessonSchema> & { lessonId: string }): Promise<Outcome> {
  const rows = await db
    .update(lessons)
    .set({ title: input.title, body: input.body, videoUrl: input.videoUrl, updatedAt: new Date() })
    .where(and(eq(lessons.workspaceId, ctx.workspace.id), eq(lessons.id, input.lessonId)))
    .returning();
  return rows.length ? { ok: true, message: "Lesson saved." } : NOT_FOUND;
}

export async function deleteLesson(ctx: Ctx, input: { lessonId: string }): Promise<Outcome> {
  const rows = await db.delete(lessons).where(and(eq(lessons.workspaceId, ctx.workspace.id), eq(lessons.id, input.lessonId))).returning();
  return rows.length ? { ok: true, message: `Lesson “${rows[0]!.title}” deleted.` } : NOT_FOUND;
}

/** Where an item goes: one step up or down (the arrows), or a position among its siblings (drag and drop). */
export type MoveTo = { dir: "up" | "down"; to?: undefined } | { to: number; dir?: undefined };

/**
 * Moves an item among its siblings; positions are renumbered 0..n-1 so gaps never accumulate.
 * Answers where it ended up (1-based) and among how many, or nothing when it did not move.
 */
async function move<T extends { id: string }>(siblings: T[], id: string, where: MoveTo, write: (id: string, position: number) => Promise<unknown>) {
  const i = siblings.findIndex((s) => s.id === id);
  if (i < 0) return undefined;
  const j = where.to !== undefined ? Math.min(Math.max(0, Math.trunc(where.to)), siblings.length - 1) : where.dir === "up" ? i - 1 : i + 1;
  if (j === i || j < 0 || j >= siblings.length) return undefined;
  const order = [...siblings];
  const [item] = order.splice(i, 1);
  order.splice(j, 0, item!);
  for (const [position, s] of order.entries()) await write(s.id, position);
  return { position: j + 1, of: siblings.length };
}

const moved = (what: string, title: string, at: { position: number; of: number } | undefined): Outcome =>
  at ? { ok: true, message: `${what} “${title}” moved to position ${at.position} of ${at.of}.` } : { ok: true, message: `${what} “${title}” is already there.` };

export async function moveCategory(ctx: Ctx, input: { categoryId: string } & MoveTo): Promise<Outcome> {
  const category = await categoryOf(ctx.workspace.id, input.categoryId);
  if (!category) return NOT_FOUND;
  const at = await db.transaction(async (tx) => {
    const siblings = await tx.select({ id: categories.id }).from(categories).where(eq(categories.productId, category.productId)).orderBy(asc(categories.position), asc(categories.createdAt)).for("update");
    return move(siblings, category.id, input, (id, position) => tx.update(categories).set({ position }).where(eq(categories.id, id)));
  });
  return moved("Category", category.title, at);
}

/** The arrows and drag and drop both come here: one lesson to a new place in its category. */
export async function moveLesson(ctx: Ctx, input: { lessonId: string } & MoveTo): Promise<Outcome> {
  const lesson = await lessonOf(ctx.workspace.id, input.lessonId);
  if (!lesson) return NOT_FOUND;
  const at = await db.transaction(async (tx) => {
    const siblings = await tx.select({ id: lessons.id }).from(lessons).where(eq(lessons.categoryId, lesson.categoryId)).orderBy(asc(lessons.position), asc(lessons.createdAt)).for("update");
    return move(siblings, lesson.id, input, (id, position) => tx.update(lessons).set({ position }).where(eq(lessons.id, id)));
  });
  return moved("Lesson", lesson.title, at);
}
