/**
 * Every way a learner's password gets set ends here: the new hash, a new session version
 * (every other session ends, SPEC §3 rule 7), and outstanding setup/reset links revoked.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { contacts, type Contact } from "@/db/schema";
import { revokePasswordLinks } from "@/lib/links/issue";

export async function applyNewPassword(q: Queryable, input: { workspaceId: string; contactId: string; passwordHash: string; now?: Date }): Promise<Contact> {
  const now = input.now ?? new Date();
  const [contact] = await q
    .update(contacts)
    .set({ passwordHash: input.passwordHash, sessionVersion: sql`gen_random_uuid()::text` })
    .where(and(eq(contacts.workspaceId, input.workspaceId), eq(contacts.id, input.contactId)))
    .returning();
  if (!contact) throw new Error("Contact not found in this workspace.");
  await revokePasswordLinks(q, input.workspaceId, input.contactId, now);
  return contact;
}

/** "Sign out everywhere": every session minted before now stops working on its next request. */
export async function bumpSessionVersion(q: Queryable, workspaceId: string, contactId: string): Promise<Contact | undefined> {
  const [contact] = await q
    .update(contacts)
    .set({ sessionVersion: sql`gen_random_uuid()::text` })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
    .returning();
  return contact;
}
