import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { contacts, groups, offers, products } from "@/db/schema";

const count = () => sql<number>`count(*)::int`;

/** Headline numbers for the Client Portal home. */
export async function workspaceOverview(workspaceId: string) {
  const [statuses, productCount, offerCount, groupCount] = await Promise.all([
    db.select({ status: contacts.portalStatus, n: count() }).from(contacts).where(eq(contacts.workspaceId, workspaceId)).groupBy(contacts.portalStatus),
    db.select({ n: count() }).from(products).where(eq(products.workspaceId, workspaceId)),
    db.select({ n: count() }).from(offers).where(and(eq(offers.workspaceId, workspaceId), eq(offers.status, "published"))),
    db.select({ n: count() }).from(groups).where(eq(groups.workspaceId, workspaceId)),
  ]);
  const by = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
  return {
    contacts: statuses.reduce((a, s) => a + s.n, 0),
    invited: by.invited ?? 0,
    active: by.active ?? 0,
    products: productCount[0]?.n ?? 0,
    offers: offerCount[0]?.n ?? 0,
    groups: groupCount[0]?.n ?? 0,
  };
}
