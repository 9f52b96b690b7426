import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { categories, lessons, products } from "@/db/schema";
import { makeWorkspace, request } from "@/test/fixtures";
import { moveLesson, renameCategory } from "./outline";

async function course() {
  const ws = await makeWorkspace();
  const ctx = { workspace: ws, actor: { type: "system" as const }, request };
  const [product] = await db.insert(products).values({ workspaceId: ws.id, title: "Course", slug: "course" }).returning();
  const [category] = await db.insert(categories).values({ workspaceId: ws.id, productId: product!.id, title: "Basics", position: 0 }).returning();
  const rows = await db.insert(lessons).values(["A", "B", "C", "D"].map((title, position) => ({ workspaceId: ws.id, categoryId: category!.id, title, position }))).returning();
  const order = async () => (await db.select().from(lessons).where(eq(lessons.categoryId, category!.id)).orderBy(asc(lessons.position))).map((l) => `${l.title}${l.position}`).join(" ");
  return { ws, ctx, category: category!, lesson: (t: string) => rows.find((l) => l.title === t)!, order };
}

describe("course outline edits say what they did", () => {
  it("renaming a category answers with the old and new names, or that nothing changed", async () => {
    const { ctx, category } = await course();
    expect(await renameCategory(ctx, { categoryId: category.id, title: "First steps" })).toEqual({ ok: true, message: "Category renamed from “Basics” to “First steps”." });
    expect(await renameCategory(ctx, { categoryId: category.id, title: "First steps" })).toEqual({ ok: true, message: "The category is already called “First steps”." });
    expect((await db.select().from(categories).where(eq(categories.id, category.id)))[0]!.title).toBe("First steps");
  });

  it("a lesson moves by one step (arrows) or to a place (drag and drop) through one function, positions stay 0..n-1", async () => {
    const { ctx, lesson, order } = await course();
    expect(await moveLesson(ctx, { lessonId: lesson("A").id, dir: "down" })).toEqual({ ok: true, message: "Lesson “A” moved to position 2 of 4." });
    expect(await order()).toBe("B0 A1 C2 D3");
    expect(await moveLesson(ctx, { lessonId: lesson("D").id, to: 0 })).toEqual({ ok: true, message: "Lesson “D” moved to position 1 of 4." });
    expect(await order()).toBe("D0 B1 A2 C3");
    expect(await moveLesson(ctx, { lessonId: lesson("D").id, to: 99 })).toMatchObject({ ok: true });
    expect(await order()).toBe("B0 A1 C2 D3");
    expect(await moveLesson(ctx, { lessonId: lesson("B").id, dir: "up" })).toEqual({ ok: true, message: "Lesson “B” is already there." });
    expect(await order()).toBe("B0 A1 C2 D3");
  });

  it("an id from another workspace moves nothing", async () => {
    const mine = await course();
    const other = await course();
    expect(await moveLesson(mine.ctx, { lessonId: other.lesson("A").id, to: 3 })).toEqual({ ok: false, error: "That item no longer exists." });
    expect(await renameCategory(mine.ctx, { categoryId: other.category.id, title: "pwned" })).toMatchObject({ ok: false });
    expect(await other.order()).toBe("A0 B1 C2 D3");
  });
});
