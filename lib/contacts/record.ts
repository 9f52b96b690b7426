/** Reading contacts: always within one workspace (the URL's, or the portal's). */
import { and, desc, eq, sql } from "drizzle-orm";
import { notFound } from "next/navigation";
import { db } from "@/db/client";
import { contacts, groupMemberships, groups, offerGrants, offers, workspaces, type Contact } from "@/db/schema";
import { isUuid } from "@/lib/utils";

export async function getContactOrThrow(workspaceId: string, contactId: string): Promise<Contact> {
  const valid = isUuid(contactId);
  const [contact] = valid
    ? await db.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId))).limit(1)
    : [];
  if (!contact) notFound();
  return contact;
}

/** The contact with this email (any case) in one workspace, named by id or by portal slug. */
export async function findContactByEmail(where: { workspaceId: string } | { workspaceSlug: string }, email: string): Promise<Contact | undefined> {
  const inWorkspace =
    "workspaceId" in where
      ? eq(contacts.workspaceId, where.workspaceId)
      : eq(contacts.workspaceId, db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, where.workspaceSlug.toLowerCase())));
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(inWorkspace, eq(sql`lower(${contacts.email})`, email.trim().toLowerCase())))
    .limit(1);
  return contact;
}

function matching(workspaceId: string, query: string) {
  const q = query.trim().toLowerCase();
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return and(
    eq(contacts.workspaceId, workspaceId),
    q ? sql`${contacts.searchText} like ${pattern}` : undefined,
  );
}

/** Substring search on name and email (trigram-indexed), newest first. */
export async function searchContacts(workspaceId: string, query: string, limit = 50): Promise<Contact[]> {
  return db.select().from(contacts).where(matching(workspaceId, query)).orderBy(desc(contacts.createdAt)).limit(limit);
}

export async function countContacts(workspaceId: string, query: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(contacts).where(matching(workspaceId, query));
  return row?.n ?? 0;
}

export async function contactAccess(workspaceId: string, contactId: string) {
  const [grants, memberships] = await Promise.all([
    db
      .select({ offerId: offers.id, title: offers.title, grantedAt: offerGrants.grantedAt, source: offerGrants.source })
      .from(offerGrants)
      .innerJoin(offers, eq(offers.id, offerGrants.offerId))
      .where(and(eq(offerGrants.workspaceId, workspaceId), eq(offerGrants.contactId, contactId), sql`${offerGrants.revokedAt} is null`)),
    db
      .select({ groupId: groups.id, name: groups.name })
      .from(groupMemberships)
      .innerJoin(groups, eq(groups.id, groupMemberships.groupId))
      .where(and(eq(groupMemberships.workspaceId, workspaceId), eq(groupMemberships.contactId, contactId))),
  ]);
  return { grants, memberships };
}
