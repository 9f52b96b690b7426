import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { contacts, events, groups, offerGrants, offers, products, teamMembers, workspaces } from "@/db/schema";
import { listProductsForContact } from "@/lib/access/products";
import { authenticateLearner } from "@/lib/auth/learner-login";
import { createWorkspace } from "./workspaces";
import { loadDemoData, type DemoCredentials } from "./demo";

const request = { ip: "127.0.0.1", userAgent: "vitest" };

describe("demo data", () => {
  let creds: DemoCredentials;
  beforeAll(async () => {
    creds = await loadDemoData();
  });

  it("loads a usable workspace whose demo learner signs in and sees their courses", async () => {
    const [ws] = await db.select().from(workspaces).where(eq(workspaces.slug, creds.workspaceSlug));
    const n = async (t: typeof products | typeof offers | typeof groups | typeof contacts) =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(t).where(eq(t.workspaceId, ws!.id)))[0]!.n;
    expect({ products: await n(products), offers: await n(offers), groups: await n(groups), contacts: await n(contacts) }).toEqual({
      products: 2,
      offers: 2,
      groups: 1,
      contacts: 12,
    });
    const withAccess = await db.selectDistinct({ c: offerGrants.contactId }).from(offerGrants).where(isNull(offerGrants.revokedAt));
    expect(withAccess.length).toBeGreaterThan(3);
    expect(withAccess.length).toBeLessThan(12);

    const wrong = await authenticateLearner({ workspaceSlug: "demo", email: creds.learner.email, password: "not the password", request });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });

    const login = await authenticateLearner({ workspaceSlug: "demo", email: creds.learner.email.toUpperCase(), password: creds.learner.password, request });
    expect(login.ok).toBe(true);
    if (!login.ok) return;
    expect(login.contact.portalStatus).toBe("active");
    const signUps = await db.select().from(events).where(and(eq(events.type, "new_sign_up"), eq(events.contactId, login.contact.id)));
    expect(signUps).toHaveLength(1);

    const courses = await listProductsForContact(ws!.id, login.contact.id);
    expect(courses.map((c) => c.title).sort()).toEqual(["Foundations of Watercolor", "Studio Business Basics"]);
    const watercolor = courses.find((c) => c.slug === "watercolor-foundations")!;
    expect(watercolor.completedCount).toBe(2);
    expect(watercolor.lessonCount).toBe(7);
  });

  it("never lets a learner of one workspace sign in to another", async () => {
    const [owner] = await db.select().from(teamMembers).limit(1);
    await createWorkspace({ name: "Other", slug: "other", ownerId: owner!.id });
    const other = await authenticateLearner({ workspaceSlug: "other", email: creds.learner.email, password: creds.learner.password, request });
    expect(other).toEqual({ ok: false, reason: "invalid" });
  });
});
