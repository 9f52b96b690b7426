import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { categories, lessons, offerProducts, offers, products } from "@/db/schema";
import { revokeOfferFromContact } from "@/lib/access/enrollment";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { contactCourseProgress } from "./contact-progress";
import { completeLesson, startLesson } from "./progress";

describe("a contact's course progress (the contact record's Courses tab)", () => {
  it("lists the courses the contact can open or has progress in, with lessons completed and opened; not another contact's", async () => {
    const ws = await makeWorkspace();
    const [course, other] = await db
      .insert(products)
      .values([
        { workspaceId: ws.id, title: "B course", slug: "b", published: true },
        { workspaceId: ws.id, title: "A not granted", slug: "a", published: true },
      ])
      .returning();
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: course!.id });
    const [part] = await db.insert(categories).values({ workspaceId: ws.id, productId: course!.id, title: "Part", position: 0 }).returning();
    const [a, b, c] = await db.insert(lessons).values([0, 1, 2].map((position) => ({ workspaceId: ws.id, categoryId: part!.id, title: `L${position}`, position }))).returning();
    await db.insert(categories).values({ workspaceId: ws.id, productId: other!.id, title: "Other", position: 0 });
    const learner = await makeContact(ws);
    const someoneElse = await makeContact(ws);
    const scope = (l: typeof a) => ({ lesson: l!, categoryId: part!.id, productId: course!.id });

    expect(await contactCourseProgress(ws.id, learner.id)).toMatchObject([{ title: "B course", hasAccess: true, lessonCount: 3, startedCount: 0, completedCount: 0, lastActivityAt: null }]);
    await completeLesson({ contact: learner, preview: false }, scope(a));
    await startLesson({ contact: learner, preview: false }, scope(b));
    await completeLesson({ contact: someoneElse, preview: false }, scope(c));
    const [row] = await contactCourseProgress(ws.id, learner.id);
    expect(row).toMatchObject({ productId: course!.id, hasAccess: true, lessonCount: 3, startedCount: 2, completedCount: 1 });
    expect(row!.lastActivityAt).toBeInstanceOf(Date);

    // Access ended: still listed (the progress is history), marked as such.
    await revokeOfferFromContact({ workspace: ws, actor: { type: "system" }, request }, { contactId: learner.id, offerId: offer!.id });
    expect(await contactCourseProgress(ws.id, learner.id)).toMatchObject([{ title: "B course", hasAccess: false, completedCount: 1 }]);
    // Another workspace sees nothing of it.
    const elsewhere = await makeWorkspace();
    expect(await contactCourseProgress(elsewhere.id, learner.id)).toEqual([]);
  });
});
