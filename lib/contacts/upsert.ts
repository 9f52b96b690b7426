/**
 * Creating contacts from enrollment paths (checkout, import, API): unique per workspace by
 * lower-cased email. An anonymous path (checkout) never changes an existing contact; an
 * import fills empty names and phone and adds tags, never overwriting what is there. Phones
 * are stored in E.164; callers check them first (an invalid one here is a bug: it throws).
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { contacts, type Contact } from "@/db/schema";
import { normalizePhone } from "@/lib/sms/phone";
import { recordEvents } from "@/lib/access/events";
import { contactUpdatedEvents, type ProfileFields } from "@/lib/webhooks/contact-events";
import { tagEvents } from "./tags";

export type ContactFields = { email: string; firstName?: string; lastName?: string; phone?: string | null; tags?: string[] };
export type Upserted = { contact: Contact; created: boolean };

export class InvalidPhoneError extends Error {
  readonly field = "phone";
}

function e164Of(phone: string | null | undefined): string | null {
  if (!phone?.trim()) return null;
  const result = normalizePhone(phone);
  if (!result.ok) throw new InvalidPhoneError(result.error);
  return result.e164;
}

export async function upsertContacts(tx: Tx, workspaceId: string, rows: ContactFields[], opts: { fillExisting: boolean }): Promise<Upserted[]> {
  if (rows.length === 0) return [];
  const norm = rows.map((r) => ({ ...r, email: r.email.trim().toLowerCase(), phone: e164Of(r.phone) }));
  const emails = norm.map((r) => r.email);
  const inserted = await tx
    .insert(contacts)
    .values(norm.map((r) => ({ workspaceId, email: r.email, firstName: r.firstName ?? "", lastName: r.lastName ?? "", phone: r.phone, tags: r.tags ?? [] })))
    .onConflictDoNothing()
    .returning();
  const created = new Set(inserted.map((c) => c.id));
  const insertedEmails = new Set(inserted.map((c) => c.email));
  const existing = norm.filter((r) => !insertedEmails.has(r.email));
  const tagsBefore = new Map<string, string[]>();
  const before = new Map<string, ProfileFields>();
  if (existing.length && opts.fillExisting) {
    const locked = await tx
      .select({ id: contacts.id, tags: contacts.tags, firstName: contacts.firstName, lastName: contacts.lastName, phone: contacts.phone })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), inArray(sql`lower(${contacts.email})`, existing.map((r) => r.email))))
      .orderBy(asc(contacts.id))
      .for("update");
    for (const c of locked) {
      tagsBefore.set(c.id, c.tags);
      before.set(c.id, c);
    }
    const json = JSON.stringify(existing.map((r) => ({ email: r.email, first_name: r.firstName ?? "", last_name: r.lastName ?? "", phone: r.phone, tags: r.tags ?? [] })));
    await tx.execute(sql`
      update contacts c set
        first_name = case when c.first_name = '' then v.first_name else c.first_name end,
        last_name = case when c.last_name = '' then v.last_name else c.last_name end,
        phone = coalesce(c.phone, v.phone),
        tags = array(select distinct t from unnest(c.tags || v.tags) as t order by t),
        updated_at = now()
      from jsonb_to_recordset(${json}::jsonb) as v(email text, first_name text, last_name text, phone text, tags text[])
      where c.workspace_id = ${workspaceId} and lower(c.email) = v.email`);
  }
  const all = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(sql`lower(${contacts.email})`, emails)));
  const byEmail = new Map(all.map((c) => [c.email.toLowerCase(), c]));
  const changed = norm.map((r) => byEmail.get(r.email)!).filter((c) => created.has(c.id) || tagsBefore.has(c.id));
  await recordEvents(
    tx,
    workspaceId,
    changed.flatMap((c) => [
      ...(created.has(c.id) ? [{ type: "contact_created", contactId: c.id, data: {} }] : contactUpdatedEvents(c.id, before.get(c.id), c)),
      ...tagEvents(c.id, tagsBefore.get(c.id) ?? [], c.tags),
    ]),
  );
  return norm.map((r) => {
    const contact = byEmail.get(r.email)!;
    return { contact, created: created.has(contact.id) };
  });
}
