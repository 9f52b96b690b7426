import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { categories, events, lessonProgress, lessons, offerProducts, offers, products } from "@/db/schema";
import { revokeOfferFromContact } from "@/lib/access/enrollment";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { courseFinished, lastOpenedLessons, lessonIn, openCourse } from "./learner";
import { completeLesson, startLesson, uncompleteLesson } from "./progress";

describe("lesson progress events (SPEC §8 triggers), exactly once", () => {
  it("starts and completes lessons, categories and the product once each; access is checked every time", async () => {
    const ws = await makeWorkspace();
    const [product] = await db.insert(products).values({ workspaceId: ws.id, title: "Course", slug: "course", published: true }).returning();
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: product!.id });
    const [c1, c2] = await db.insert(categories).values([0, 1].map((position) => ({ workspaceId: ws.id, productId: product!.id, title: `Part ${position}`, position }))).returning();
    const [a, b, c] = await db
      .insert(lessons)
      .values([
        { workspaceId: ws.id, categoryId: c1!.id, title: "A", position: 0 },
        { workspaceId: ws.id, categoryId: c2!.id, title: "B", position: 0 },
        { workspaceId: ws.id, categoryId: c2!.id, title: "C", position: 1 },
      ])
      .returning();
    const learner = await makeContact(ws);
    const as = { contact: learner, preview: false };
    const scope = (l: typeof a) => ({ lesson: l!, categoryId: l!.categoryId, productId: product!.id });
    const log = async () => (await db.select().from(events).where(and(eq(events.contactId, learner.id))).orderBy(events.seq)).map((e) => `${e.type}${e.data.lessonId ? `:${[a, b, c].findIndex((l) => l!.id === e.data.lessonId)}` : ""}`);

    await startLesson(as, scope(a));
    await startLesson(as, scope(a));
    await completeLesson(as, scope(a));
    await completeLesson(as, scope(b));
    await Promise.all([completeLesson(as, scope(c)), completeLesson(as, scope(c)), startLesson(as, scope(c))]);
    await completeLesson(as, scope(c));
    expect(await log()).toEqual([
      "lesson_started:0", "category_started:0", "product_started:0",
      "lesson_completed:0", "category_completed:0",
      "lesson_started:1", "category_started:1", "lesson_completed:1",
      "lesson_started:2", "lesson_completed:2", "category_completed:2", "product_completed:2",
    ]);
    const course = await openCourse(learner, "course");
    expect(course?.completed.size).toBe(3);
    expect(lessonIn(course!, b!.id)).toMatchObject({ prev: { id: a!.id }, next: { id: c!.id }, categoryTitle: "Part 1" });

    await revokeOfferFromContact({ workspace: ws, actor: { type: "system" }, request }, { contactId: learner.id, offerId: offer!.id });
    expect(await openCourse(learner, "course")).toBeNull();
    expect(await completeLesson(as, scope(a))).toBe(false);
  });

  it("records nothing for an admin's preview session, and the learner's own first visit is still the first", async () => {
    const ws = await makeWorkspace();
    const [product] = await db.insert(products).values({ workspaceId: ws.id, title: "Course", slug: "course", published: true }).returning();
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: product!.id });
    const [part] = await db.insert(categories).values({ workspaceId: ws.id, productId: product!.id, title: "Part", position: 0 }).returning();
    const [lesson] = await db.insert(lessons).values({ workspaceId: ws.id, categoryId: part!.id, title: "A", position: 0 }).returning();
    const learner = await makeContact(ws);
    const scope = { lesson: lesson!, categoryId: part!.id, productId: product!.id };
    const rows = async () => ({
      progress: await db.select().from(lessonProgress).where(eq(lessonProgress.contactId, learner.id)),
      events: (await db.select().from(events).where(eq(events.contactId, learner.id)).orderBy(events.seq)).map((e) => e.type),
    });

    const preview = { contact: learner, preview: true };
    expect(await startLesson(preview, scope)).toBe(true);
    expect(await completeLesson(preview, scope)).toBe(true);
    expect(await rows()).toEqual({ progress: [], events: [] });

    await startLesson({ contact: learner, preview: false }, scope);
    expect((await rows()).events).toEqual(["lesson_started", "category_started", "product_started"]);
  });

  it("Resume is the lesson opened last; Mark incomplete clears the completion (not in a preview) and the course is no longer finished", async () => {
    const ws = await makeWorkspace();
    const [product] = await db.insert(products).values({ workspaceId: ws.id, title: "Course", slug: "course", published: true }).returning();
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: product!.id });
    const [part] = await db.insert(categories).values({ workspaceId: ws.id, productId: product!.id, title: "Part", position: 0 }).returning();
    const [a, b] = await db.insert(lessons).values([0, 1].map((position) => ({ workspaceId: ws.id, categoryId: part!.id, title: `L${position}`, position }))).returning();
    const learner = await makeContact(ws);
    const as = { contact: learner, preview: false };
    const scope = (l: typeof a) => ({ lesson: l!, categoryId: part!.id, productId: product!.id });

    expect((await openCourse(learner, "course"))?.lastOpened).toBeUndefined();
    expect(await lastOpenedLessons(ws.id, learner.id)).toEqual({});
    await startLesson(as, scope(b));
    await new Promise((r) => setTimeout(r, 5));
    await startLesson(as, scope(a));
    expect((await openCourse(learner, "course"))?.lastOpened?.id).toBe(a!.id);
    expect(await lastOpenedLessons(ws.id, learner.id)).toEqual({ [product!.id]: a!.id });

    await completeLesson(as, scope(a));
    await completeLesson(as, scope(b));
    expect(courseFinished((await openCourse(learner, "course"))!)).toBe(true);

    expect(await uncompleteLesson({ contact: learner, preview: true }, scope(b))).toBe(true);
    expect(courseFinished((await openCourse(learner, "course"))!)).toBe(true);
    expect(await uncompleteLesson(as, scope(b))).toBe(true);
    const course = await openCourse(learner, "course");
    expect([...course!.completed]).toEqual([a!.id]);
    expect(course!.started.has(b!.id)).toBe(true);
    expect(courseFinished(course!)).toBe(false);
    const completions = (await db.select().from(events).where(and(eq(events.contactId, learner.id), eq(events.type, "product_completed")))).length;
    await completeLesson(as, scope(b));
    expect((await db.select().from(events).where(and(eq(events.contactId, learner.id), eq(events.type, "product_completed")))).length).toBe(completions);

    await revokeOfferFromContact({ workspace: ws, actor: { type: "system" }, request }, { contactId: learner.id, offerId: offer!.id });
    expect(await uncompleteLesson(as, scope(a))).toBe(false);
  });
});
