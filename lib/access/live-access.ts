import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Queryable } from "@/db/client";
import { contacts } from "@/db/schema";
import { ALL_LEARNER_KINDS, revokeContactTokens } from "@/lib/links/revoke";

/**
 * SPEC §3 rule 3: portal access is live with an active offer grant or a group membership. The
 * rule itself is the database function portico_live_access (migration 0006), which the link
 * redemption statement calls as well; these are its two TypeScript doors.
 */
export async function hasLiveAccess(q: Queryable, workspaceId: string, contactId: string): Promise<boolean> {
  const [row] = await rowsOf<{ live: boolean }>(q, sql`select portico_live_access(${workspaceId}, ${contactId}) as live`);
  return row?.live === true;
}

/** The same rule as SQL on a `contacts` row, for set-based sends. */
export const liveAccessSql: SQL = sql`portico_live_access(${contacts.workspaceId}, ${contacts.id})`;

/**
 * SPEC §3 rule 7: revoking a contact's last access signs them out of the portal. Call in the
 * transaction that revoked a grant or removed a membership; contacts who still have access keep
 * their sessions.
 */
export async function endSessionsWithoutAccess(q: Queryable, workspaceId: string, contactIds: string[]): Promise<void> {
  if (contactIds.length === 0) return;
  const ended = await rowsOf<{ id: string }>(
    q,
    sql`update contacts set session_version = gen_random_uuid()::text
    where workspace_id = ${workspaceId} and id in (${sql.join(contactIds.map((id) => sql`${id}::uuid`), sql`, `)})
      and not portico_live_access(workspace_id, id)
    returning id`,
  );
  // Their links and codes die too (SPEC §3: a magic link is invalid once access is revoked), so a later grant does not revive them.
  for (const { id } of ended) await revokeContactTokens(q, { workspaceId, contactId: id, kinds: ALL_LEARNER_KINDS, reason: "access_revoked" });
}
