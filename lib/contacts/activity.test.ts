import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { categories, events, lessons, offerProducts, offers, products } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { deleteLesson } from "@/lib/courses/outline";
import { completeLesson } from "@/lib/courses/progress";
import { makeContact, makeWorkspace } from "@/test/fixtures";
import { contactActivity } from "./activity";

const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

describe("contact Activity tab", () => {
  it("names the course, category and lesson of progress events, and the browser and system of an entry instead of its raw header", async () => {
    const ws = await makeWorkspace();
    const [product] = await db.insert(products).values({ workspaceId: ws.id, title: "Foundations of Watercolor", slug: "watercolor", published: true }).returning();
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: product!.id });
    const [category] = await db.insert(categories).values({ workspaceId: ws.id, productId: product!.id, title: "Getting started", position: 0 }).returning();
    const [lesson] = await db.insert(lessons).values({ workspaceId: ws.id, categoryId: category!.id, title: "Brushes", position: 0 }).returning();
    const learner = await makeContact(ws);
    await completeLesson({ contact: learner, preview: false }, { lesson: lesson!, categoryId: category!.id, productId: product!.id });
    await recordAudit(db, { workspaceId: ws.id, actor: { type: "learner", id: learner.id }, action: "learner.password_changed", contactId: learner.id, request: { ip: "203.0.113.7", userAgent: CHROME_MAC } });

    const items = await contactActivity(ws.id, learner.id);
    const line = (title: string) => items.filter((i) => i.title === title).map((i) => `${i.title}: ${i.subject}`);
    expect(line("Course completed")).toEqual(["Course completed: Foundations of Watercolor"]);
    expect(line("Course started")).toEqual(["Course started: Foundations of Watercolor"]);
    expect(line("Category completed")).toEqual(["Category completed: “Getting started” in Foundations of Watercolor"]);
    expect(line("Lesson completed")).toEqual(["Lesson completed: “Brushes” in Foundations of Watercolor"]);
    const audit = items.find((i) => i.kind === "audit")!;
    expect(audit).toMatchObject({ title: "Learner: password changed", detail: "203.0.113.7 · Chrome 120 on macOS", agent: CHROME_MAC });
    expect(items.map((i) => `${i.title} ${i.subject} ${i.by} ${i.detail}`).join("\n")).not.toMatch(/Mozilla|AppleWebKit|_/);

    // A deleted lesson says so; its course keeps today's name.
    await deleteLesson({ workspace: ws, actor: { type: "system" }, request: {} }, { lessonId: lesson!.id });
    await db.update(products).set({ title: "Watercolor, the basics" }).where(eq(products.id, product!.id));
    expect((await contactActivity(ws.id, learner.id)).find((i) => i.title === "Lesson completed")!.subject).toBe("“a deleted lesson” in Watercolor, the basics");
  });

  it("never reads a name from another workspace", async () => {
    const [a, b] = [await makeWorkspace(), await makeWorkspace()];
    const [secret] = await db.insert(products).values({ workspaceId: b.id, title: "B's secret course", slug: "secret" }).returning();
    const learner = await makeContact(a);
    await db.insert(events).values({ workspaceId: a.id, type: "product_completed", contactId: learner.id, data: { productId: secret!.id } });
    const [item] = await contactActivity(a.id, learner.id).then((all) => all.filter((i) => i.kind === "event" && i.title === "Course completed"));
    expect(item!.subject).toBe("a deleted course");
  });
});
