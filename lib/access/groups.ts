import { and, asc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { groupMemberships, groups } from "@/db/schema";

/** The community groups a contact belongs to, by name. */
export async function listGroupsForContact(workspaceId: string, contactId: string) {
  return db
    .select({ id: groups.id, name: groups.name, slug: groups.slug, description: groups.description })
    .from(groupMemberships)
    .innerJoin(groups, and(eq(groups.id, groupMemberships.groupId), eq(groups.workspaceId, workspaceId)))
    .where(and(eq(groupMemberships.workspaceId, workspaceId), eq(groupMemberships.contactId, contactId)))
    .orderBy(asc(groups.name));
}
