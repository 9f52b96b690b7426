import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { categories, events, lessonUnlocks, lessons, offerGrants, offerProducts, offers, products, type Contact, type Workspace } from "@/db/schema";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { lessonLockedUntil, nextUnlockAt, recordUnlocks } from "./drip";
import { dripSchema, setDrip } from "./drip-settings";
import { openCourse } from "./learner";
import { completeLesson, startLesson } from "./progress";

const DAY = 86_400_000;

async function course(ws: Workspace) {
  const [product] = await db.insert(products).values({ workspaceId: ws.id, title: "Course", slug: "course", published: true }).returning();
  const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
  await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: product!.id });
  const [open, later] = await db.insert(categories).values([0, 1].map((position) => ({ workspaceId: ws.id, productId: product!.id, title: `Part ${position}`, position }))).returning();
  const [a, b, c] = await db
    .insert(lessons)
    .values([
      { workspaceId: ws.id, categoryId: open!.id, title: "A", position: 0 },
      { workspaceId: ws.id, categoryId: open!.id, title: "B", position: 1, dripDays: 3 },
      { workspaceId: ws.id, categoryId: later!.id, title: "C", position: 0 },
    ])
    .returning();
  return { product: product!, open: open!, later: later!, a: a!, b: b!, c: c! };
}

const grantedDaysAgo = (learner: Contact, days: number) => db.update(offerGrants).set({ grantedAt: new Date(Date.now() - days * DAY) }).where(eq(offerGrants.contactId, learner.id));

describe("drip (a category or lesson opens N days after the grant, or on a date)", () => {
  it("N days after the learner's grant: locked until then, and the server refuses to start or complete it", async () => {
    const ws = await makeWorkspace();
    const { product, b, open } = await course(ws);
    const learner = await makeContact(ws);
    await grantedDaysAgo(learner, 1);
    const scope = { lesson: b, categoryId: open.id, productId: product.id };

    const locked = await openCourse(learner, "course");
    const until = locked!.lockedUntil.get(b.id)!;
    expect(Math.abs(until.getTime() - (Date.now() + 2 * DAY))).toBeLessThan(60_000);
    expect(await lessonLockedUntil(db, learner, scope)).toEqual(until);
    expect(await startLesson({ contact: learner, preview: false }, scope)).toBe(false);
    expect(await completeLesson({ contact: learner, preview: false }, scope)).toBe(false);
    expect(await completeLesson({ contact: learner, preview: true }, scope)).toBe(false);
    expect((await openCourse(learner, "course"))!.started.has(b.id)).toBe(false);

    // Another learner granted 4 days ago: open (each learner's own clock).
    const earlier = await makeContact(ws);
    await grantedDaysAgo(earlier, 4);
    expect((await openCourse(earlier, "course"))!.lockedUntil.has(b.id)).toBe(false);
    expect(await completeLesson({ contact: earlier, preview: false }, { ...scope })).toBe(true);
    // And the first learner, once the days have passed.
    await grantedDaysAgo(learner, 3.01);
    expect(await completeLesson({ contact: learner, preview: false }, scope)).toBe(true);
  });

  it("on a date, for a whole category: every lesson in it opens then (the later of category and lesson)", async () => {
    const ws = await makeWorkspace();
    const { product, later, c } = await course(ws);
    const learner = await makeContact(ws);
    const date = new Date(Date.now() + 5 * DAY);
    await db.update(categories).set({ dripDate: date }).where(eq(categories.id, later.id));
    const view = await openCourse(learner, "course");
    expect(view!.lockedUntil.get(later.id)).toEqual(date);
    expect(view!.lockedUntil.get(c.id)).toEqual(date);
    expect(await completeLesson({ contact: learner, preview: false }, { lesson: c, categoryId: later.id, productId: product.id })).toBe(false);
    // The page cache's horizon: the earliest opening ahead (B, 3 days after the grant, before the date).
    expect(await nextUnlockAt(ws.id, learner.id, new Date())).toEqual(new Date(Math.min(...[...view!.lockedUntil.values()].map((d) => d.getTime()))));
    expect((await nextUnlockAt(ws.id, learner.id, new Date(Date.now() + 4 * DAY)))).toEqual(date);

    const past = new Date(Date.now() - DAY);
    await db.update(categories).set({ dripDate: past }).where(eq(categories.id, later.id));
    const [lessonC] = await db.select().from(lessons).where(eq(lessons.id, c.id));
    expect((await openCourse(learner, "course"))!.lockedUntil.size).toBe(1); // B (3 days after the grant) only
    expect(await completeLesson({ contact: learner, preview: false }, { lesson: lessonC!, categoryId: later.id, productId: product.id })).toBe(true);
  });

  it("writes lesson_unlocked once per contact × lesson, also when requests race", async () => {
    const ws = await makeWorkspace();
    const { product } = await course(ws);
    const learner = await makeContact(ws);
    await grantedDaysAgo(learner, 1);
    expect((await openCourse(learner, "course"))!.dripOpen).toEqual([]);
    expect(await nextUnlockAt(ws.id, learner.id, new Date())).not.toBeNull();

    await grantedDaysAgo(learner, 4);
    const view = (await openCourse(learner, "course"))!;
    expect(view.dripOpen.map((d) => d.lesson.title)).toEqual(["B"]);
    expect(await nextUnlockAt(ws.id, learner.id, new Date())).toBeNull();
    const written = await Promise.all([1, 2, 3, 4].map(() => recordUnlocks(learner, product.id, view.dripOpen)));
    await recordUnlocks(learner, product.id, view.dripOpen);
    expect(written.reduce((n, x) => n + x, 0)).toBe(1);
    const unlocked = await db.select().from(events).where(and(eq(events.contactId, learner.id), eq(events.type, "lesson_unlocked")));
    expect(unlocked.map((e) => e.data)).toEqual([{ lessonId: view.dripOpen[0]!.lesson.id, categoryId: view.dripOpen[0]!.categoryId, productId: product.id }]);
    expect(await db.select().from(lessonUnlocks).where(eq(lessonUnlocks.contactId, learner.id))).toHaveLength(1);
  });

  it("the admin's setting: validated, saved only inside the admin's workspace, and read back by the learner's rules", async () => {
    const ws = await makeWorkspace();
    const { later } = await course(ws);
    const ctx = (w: Workspace) => ({ workspace: w, actor: { type: "system" as const }, request });
    expect(dripSchema.safeParse({ kind: "category", id: later.id, mode: "days", days: "0" }).success).toBe(false);
    expect(dripSchema.safeParse({ kind: "category", id: later.id, mode: "date", date: "soon" }).success).toBe(false);
    const days = dripSchema.parse({ kind: "category", id: later.id, mode: "days", days: "7" });
    const elsewhere = await makeWorkspace();
    expect(await setDrip(ctx(elsewhere), days)).toEqual({ ok: false, error: "That item no longer exists." });
    expect((await db.select().from(categories).where(eq(categories.id, later.id)))[0]).toMatchObject({ dripDays: null, dripDate: null });
    expect(await setDrip(ctx(ws), days)).toEqual({ ok: true, message: "“Part 1” now opens 7 days after access." });
    const learner = await makeContact(ws);
    expect((await openCourse(learner, "course"))!.lockedUntil.has(later.id)).toBe(true);
    expect(await setDrip(ctx(ws), dripSchema.parse({ kind: "category", id: later.id, mode: "date", date: "2020-01-02" }))).toMatchObject({ ok: true, message: "“Part 1” now opens on 2020-01-02 (UTC)." });
    expect((await openCourse(learner, "course"))!.lockedUntil.has(later.id)).toBe(false);
  });
});
