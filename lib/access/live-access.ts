import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { contacts, groupMemberships, offerGrants, workspaces } from "@/db/schema";

/** SPEC §3 rule 3: portal access is live with an active offer grant or a group membership. */
export async function hasLiveAccess(q: Queryable, workspaceId: string, contactId: string): Promise<boolean> {
  const grant = q
    .select({ one: sql`1` })
    .from(offerGrants)
    .where(and(eq(offerGrants.workspaceId, workspaceId), eq(offerGrants.contactId, contactId), isNull(offerGrants.revokedAt)));
  const membership = q
    .select({ one: sql`1` })
    .from(groupMemberships)
    .where(and(eq(groupMemberships.workspaceId, workspaceId), eq(groupMemberships.contactId, contactId)));
  const [row] = await q
    .select({ live: sql<boolean>`exists (${grant}) or exists (${membership})` })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.live === true;
}

/** The same rule as SQL on a `contacts` row, for set-based sends. */
export const liveAccessSql = sql`(exists (select 1 from ${offerGrants} g where g.contact_id = ${contacts.id} and g.revoked_at is null)
    or exists (select 1 from ${groupMemberships} m where m.contact_id = ${contacts.id}))`;
