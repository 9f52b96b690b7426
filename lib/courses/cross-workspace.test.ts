import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { categories, groupMemberships, groups, lessons, posts, products } from "@/db/schema";
import { addToGroup, removeFromGroup } from "@/lib/access/groups";
import { createPost } from "@/lib/community/posts";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { addLesson, deleteCategory, deleteLesson, moveLesson, saveLesson } from "./outline";
import { saveProduct } from "./products";

describe("no cross-workspace access in authoring and communities", () => {
  it("ids from another workspace find nothing and change nothing", async () => {
    const [a, b] = [await makeWorkspace(), await makeWorkspace()];
    const ctxA = { workspace: a, actor: { type: "system" as const }, request };
    const [product] = await db.insert(products).values({ workspaceId: b.id, title: "B course", slug: "b-course" }).returning();
    const [category] = await db.insert(categories).values({ workspaceId: b.id, productId: product!.id, title: "B part", position: 0 }).returning();
    const [lesson] = await db.insert(lessons).values({ workspaceId: b.id, categoryId: category!.id, title: "B lesson", position: 0 }).returning();

    expect(await saveLesson(ctxA, { lessonId: lesson!.id, title: "pwned", body: "", videoUrl: null })).toMatchObject({ ok: false });
    expect(await moveLesson(ctxA, { lessonId: lesson!.id, dir: "down" })).toMatchObject({ ok: false });
    expect(await deleteLesson(ctxA, { lessonId: lesson!.id })).toMatchObject({ ok: false });
    expect(await deleteCategory(ctxA, { categoryId: category!.id })).toMatchObject({ ok: false });
    expect(await addLesson(ctxA, { categoryId: category!.id, title: "sneaky" })).toBeUndefined();
    expect(await saveProduct(ctxA, { id: product!.id, title: "pwned", slug: "pwned", description: "", coverUrl: null, published: true })).toMatchObject({ ok: false });
    expect((await db.select().from(lessons).where(eq(lessons.categoryId, category!.id))).map((l) => l.title)).toEqual(["B lesson"]);
    expect((await db.select().from(products).where(eq(products.id, product!.id)))[0]!.title).toBe("B course");

    const [groupB] = await db.insert(groups).values({ workspaceId: b.id, name: "B circle", slug: "b-circle" }).returning();
    const memberB = await makeContact(b);
    await db.insert(groupMemberships).values({ workspaceId: b.id, groupId: groupB!.id, contactId: memberB.id });
    const contactA = await makeContact(a);
    expect(await addToGroup(ctxA, { groupId: groupB!.id, contactId: contactA.id })).toMatchObject({ ok: false });
    expect(await addToGroup(ctxA, { groupId: groupB!.id, email: memberB.email })).toMatchObject({ ok: false });
    expect(await removeFromGroup(ctxA, { groupId: groupB!.id, contactId: memberB.id })).toMatchObject({ ok: false });
    expect(await createPost(contactA, groupB!, { title: "", body: "hello from A" })).toMatchObject({ ok: false });
    expect(await db.select().from(posts).where(eq(posts.groupId, groupB!.id))).toEqual([]);
    expect(await db.select().from(groupMemberships).where(eq(groupMemberships.groupId, groupB!.id))).toHaveLength(1);
  });
});
