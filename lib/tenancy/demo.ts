/**
 * "Load demo data" on first run: a workspace with courses, offers, a group and a dozen
 * contacts with varied access, an owner account and one demo learner. Passwords are random
 * and shown once on screen.
 */
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/db/client";
import {
  categories,
  comments,
  contacts,
  events,
  groupMemberships,
  groups,
  lessonProgress,
  lessons,
  offerGrants,
  offerProducts,
  offers,
  posts,
  products,
  teamMembers,
  workspaceMembers,
  workspaces,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_CONTACTS, DEMO_COURSES } from "./demo-content";
import { lockSetup } from "./setup";

export const DEMO_SLUG = "demo";

const demoPassword = () => `demo-${randomBytes(9).toString("base64url")}`;

export type DemoCredentials = {
  workspaceSlug: string;
  admin: { email: string; password: string };
  learner: { email: string; password: string };
};

async function insertCourses(tx: Tx, workspaceId: string) {
  const ids: string[] = [];
  const lessonIds: string[] = [];
  for (const course of DEMO_COURSES) {
    const [product] = await tx
      .insert(products)
      .values({ workspaceId, title: course.title, slug: course.slug, description: course.description, coverUrl: course.coverUrl, published: true })
      .returning();
    ids.push(product!.id);
    for (const [ci, category] of course.categories.entries()) {
      const [cat] = await tx.insert(categories).values({ workspaceId, productId: product!.id, title: category.title, position: ci }).returning();
      const rows = await tx
        .insert(lessons)
        .values(category.lessons.map((l, li) => ({ workspaceId, categoryId: cat!.id, title: l.title, body: l.body, videoUrl: l.videoUrl ?? null, position: li })))
        .returning({ id: lessons.id });
      if (product!.id === ids[0]) lessonIds.push(...rows.map((r) => r.id));
    }
  }
  return { productIds: ids, firstCourseLessonIds: lessonIds };
}

export async function loadDemoData(): Promise<DemoCredentials> {
  const adminPassword = demoPassword();
  const learnerPassword = demoPassword();
  const [adminHash, learnerHash] = await Promise.all([hashPassword(adminPassword), hashPassword(learnerPassword)]);
  const adminEmail = "owner@demo.portico.test";
  const learnerEmail = "dana@demo.portico.test";

  await db.transaction(async (tx) => {
    await lockSetup(tx);
    const [owner] = await tx.insert(teamMembers).values({ email: adminEmail, name: "Olivia Owner", passwordHash: adminHash }).returning();
    const [ws] = await tx
      .insert(workspaces)
      .values({ slug: DEMO_SLUG, name: "Northwind Studio", accentColor: "#0f766e", senderName: "Northwind Studio" })
      .returning();
    const workspaceId = ws!.id;
    await tx.insert(workspaceMembers).values({ workspaceId, teamMemberId: owner!.id, role: "owner" });

    const { productIds, firstCourseLessonIds } = await insertCourses(tx, workspaceId);
    const [allAccess, starter] = await tx
      .insert(offers)
      .values([
        { workspaceId, title: "All-Access Pass", slug: "all-access", description: "Every course, plus the Studio Circle community.", priceCents: 19900, status: "published" },
        { workspaceId, title: "Watercolor Starter", slug: "watercolor-starter", description: "The foundations course, free.", priceCents: 0, status: "published" },
      ])
      .returning();
    await tx.insert(offerProducts).values([
      { workspaceId, offerId: allAccess!.id, productId: productIds[0]! },
      { workspaceId, offerId: allAccess!.id, productId: productIds[1]! },
      { workspaceId, offerId: starter!.id, productId: productIds[0]! },
    ]);
    const [group] = await tx
      .insert(groups)
      .values({ workspaceId, name: "Studio Circle", slug: "studio-circle", description: "Share your work and ask questions." })
      .returning();

    const welcome = { workspaceId, groupId: group!.id };
    const members: string[] = [];
    const people = [{ email: learnerEmail, firstName: "Dana", lastName: "Learner", access: "all" as const, tags: ["demo"] }, ...DEMO_CONTACTS];
    for (const p of people) {
      const isLearner = p.email === learnerEmail;
      const [c] = await tx
        .insert(contacts)
        .values({
          workspaceId,
          email: p.email,
          firstName: p.firstName,
          lastName: p.lastName,
          tags: p.tags,
          passwordHash: isLearner ? learnerHash : null,
          portalStatus: p.access === "none" ? "none" : "invited",
          invitedAt: p.access === "none" ? null : new Date(),
        })
        .returning();
      const offer = p.access === "all" ? allAccess : p.access === "starter" ? starter : undefined;
      if (offer) {
        await tx.insert(offerGrants).values({ workspaceId, contactId: c!.id, offerId: offer.id, source: "admin", grantedByTeamMemberId: owner!.id });
        await tx.insert(events).values({ workspaceId, type: "offer_access_granted", contactId: c!.id, data: { offerId: offer.id, source: "admin" } });
      }
      if (p.access === "all") {
        await tx.insert(groupMemberships).values({ workspaceId, groupId: group!.id, contactId: c!.id });
        members.push(c!.id);
      }
      if (isLearner) {
        await tx.insert(lessonProgress).values(
          firstCourseLessonIds.slice(0, 2).map((lessonId) => ({ workspaceId, contactId: c!.id, lessonId, completedAt: new Date() })),
        );
      }
    }
    // A little life in the community: two posts and a reply from members.
    const [first] = await tx
      .insert(posts)
      .values([
        { ...welcome, authorContactId: members[1]!, title: "Hello from Alex", body: "Just finished the flat washes lesson. Any tips for keeping the edges soft?", createdAt: new Date(Date.now() - 86_400_000) },
        { ...welcome, authorContactId: members[2]!, title: "", body: "Sharing my first graded sky — it took four tries, and I love it.", createdAt: new Date(Date.now() - 3_600_000) },
      ])
      .returning();
    await tx.insert(comments).values({ workspaceId, postId: first!.id, authorContactId: members[0]!, body: "Tilt the board a little and work wet into wet — it softens everything." });
    await recordAudit(tx, { workspaceId, actor: { type: "system" }, action: "setup.demo_loaded", teamMemberId: owner!.id });
  });

  return {
    workspaceSlug: DEMO_SLUG,
    admin: { email: adminEmail, password: adminPassword },
    learner: { email: learnerEmail, password: learnerPassword },
  };
}
