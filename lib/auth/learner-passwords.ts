/**
 * Every way a learner's password gets set ends here: the new hash, a new session version
 * (every other session ends, SPEC §3 rule 7), and the contact's outstanding links and codes
 * revoked. A password set through the checkout shortcut is on an address nobody has proven:
 * it is marked so, and the setup links sent to that address stay good, so the inbox's owner
 * can replace it (lib/access/checkout.ts).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { contacts, type Contact } from "@/db/schema";
import { ALL_LEARNER_KINDS, revokeContactTokens, SIGN_IN_KINDS } from "@/lib/links/revoke";

/** proven: through an emailed link or by an admin; unproven: the checkout shortcut; keep: the learner's own account page. */
export type PasswordProof = "proven" | "unproven" | "keep";

export async function applyNewPassword(q: Queryable, input: { workspaceId: string; contactId: string; passwordHash: string; proof: PasswordProof; now?: Date }): Promise<Contact> {
  const now = input.now ?? new Date();
  const [contact] = await q
    .update(contacts)
    .set({
      passwordHash: input.passwordHash,
      sessionVersion: sql`gen_random_uuid()::text`,
      ...(input.proof === "keep" ? {} : { passwordUnproven: input.proof === "unproven" }),
    })
    .where(and(eq(contacts.workspaceId, input.workspaceId), eq(contacts.id, input.contactId)))
    .returning();
  if (!contact) throw new Error("Contact not found in this workspace.");
  const kinds = contact.passwordUnproven ? ALL_LEARNER_KINDS.filter((k) => k !== "password_setup") : ALL_LEARNER_KINDS;
  await revokeContactTokens(q, { workspaceId: input.workspaceId, contactId: input.contactId, kinds, reason: "password_changed", now });
  return contact;
}

/** "Sign out everywhere": every session minted before now stops working, and so does every link or code that would sign in. */
export async function bumpSessionVersion(q: Queryable, workspaceId: string, contactId: string): Promise<Contact | undefined> {
  const [contact] = await q
    .update(contacts)
    .set({ sessionVersion: sql`gen_random_uuid()::text` })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
    .returning();
  if (contact) await revokeContactTokens(q, { workspaceId, contactId, kinds: SIGN_IN_KINDS, reason: "signed_out" });
  return contact;
}
