import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { categories, groupMemberships, groups, lessons, offerProducts, offers, products } from "@/db/schema";
import { listProducts } from "@/lib/courses/products";
import { makeContact, makeWorkspace } from "@/test/fixtures";
import { listGroups } from "./groups";
import { listOffers } from "./offers";

describe("dashboard lists count what belongs to each row", () => {
  it("offers (courses, active grants), courses (lessons), groups (members)", async () => {
    const ws = await makeWorkspace(); // with an "All access" offer
    const [p] = await db.insert(products).values({ workspaceId: ws.id, title: "Course", slug: "course" }).returning();
    const [c] = await db.insert(categories).values({ workspaceId: ws.id, productId: p!.id, title: "Part", position: 0 }).returning();
    await db.insert(lessons).values([0, 1, 2].map((position) => ({ workspaceId: ws.id, categoryId: c!.id, title: `L${position}`, position })));
    await db.insert(offers).values([{ workspaceId: ws.id, title: "Bundle", slug: "bundle" }, { workspaceId: ws.id, title: "Empty", slug: "empty" }]).returning();
    const all = (await listOffers(ws.id)).find((o) => o.offer.slug === "all-access")!;
    await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: all.offer.id, productId: p!.id });
    const learner = await makeContact(ws); // holds All access
    await makeContact(ws);
    const [g] = await db.insert(groups).values({ workspaceId: ws.id, name: "Circle", slug: "circle" }).returning();
    await db.insert(groupMemberships).values({ workspaceId: ws.id, groupId: g!.id, contactId: learner.id });

    const byTitle = Object.fromEntries((await listOffers(ws.id)).map((o) => [o.offer.title, [o.productCount, o.activeGrants]]));
    expect(byTitle).toEqual({ "All access": [1, 2], Bundle: [0, 0], Empty: [0, 0] });
    expect((await listProducts(ws.id)).map((r) => r.lessonCount)).toEqual([3]);
    expect((await listGroups(ws.id)).map((r) => r.members)).toEqual([1]);
  });
});
