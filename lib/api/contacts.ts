/** Contacts through the public API (issue 16): list with a stable cursor, get, upsert by email, update, tags. */
import { and, asc, eq, gt, gte, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { db } from "@/db/client";
import { contacts, type Contact } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { saveProfile } from "@/lib/contacts/profile";
import { addTag, removeTag } from "@/lib/contacts/tags";
import { upsertContacts } from "@/lib/contacts/upsert";
import type { Ctx } from "@/lib/context";
import { isUuid } from "@/lib/utils";
import { cursorTime, decodeCursor, encodeCursor } from "./cursor";
import type { listContactsQuery } from "./ops/contacts";
import { ApiProblem, notFound } from "./problem";
import type { contactUpdateBody } from "./schemas";

export const contactJson = (c: Contact) => ({
  id: c.id,
  email: c.email,
  first_name: c.firstName,
  last_name: c.lastName,
  phone: c.phone,
  tags: c.tags,
  portal_status: c.portalStatus,
  invited_at: c.invitedAt,
  first_login_at: c.firstLoginAt,
  last_login_at: c.lastLoginAt,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

const badCursor = () =>
  new ApiProblem({ status: 422, title: "The query is not valid", detail: "after: not a cursor this API returned", errors: { after: "not a cursor this API returned" } });

export async function listContacts(workspaceId: string, q: z.infer<typeof listContactsQuery>) {
  const conditions: (SQL | undefined)[] = [eq(contacts.workspaceId, workspaceId)];
  if (q.email) conditions.push(sql`lower(${contacts.email}) = ${q.email}`);
  if (q.status) conditions.push(eq(contacts.portalStatus, q.status));
  if (q.offer) conditions.push(sql`exists (select 1 from offer_grants g where g.contact_id = ${contacts.id} and g.offer_id = ${q.offer} and g.revoked_at is null)`);
  if (q.tag) conditions.push(sql`${contacts.tags} @> array[${q.tag}]::text[]`);
  if (q.updated_since) conditions.push(gte(contacts.updatedAt, new Date(q.updated_since)));
  if (q.after) {
    const c = decodeCursor(q.after);
    if (!c) throw badCursor();
    conditions.push(or(gt(contacts.createdAt, sql`${c.createdAt}::timestamptz`), and(eq(contacts.createdAt, sql`${c.createdAt}::timestamptz`), gt(contacts.id, c.id))));
  }
  const rows = await db
    .select({ contact: contacts, created: cursorTime(contacts.createdAt) })
    .from(contacts)
    .where(and(...conditions))
    .orderBy(asc(contacts.createdAt), asc(contacts.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { data: page.map((r) => contactJson(r.contact)), next: rows.length > q.limit && last ? encodeCursor(last.created, last.contact.id) : null };
}

export async function getContactOrThrow(workspaceId: string, id: string): Promise<Contact> {
  if (!isUuid(id)) throw notFound("contact");
  const [c] = await db.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  if (!c) throw notFound("contact");
  return c;
}

type Fields = z.infer<typeof contactUpdateBody>;

/** Sets the fields given (the rest stay) through the dashboard's own profile save: same checks, audit and events. */
export async function updateContact(ctx: Ctx, contact: Contact, fields: Fields): Promise<Contact> {
  const result = await saveProfile(ctx, contact.id, {
    firstName: fields.first_name ?? contact.firstName,
    lastName: fields.last_name ?? contact.lastName,
    phone: fields.phone === undefined ? contact.phone : fields.phone,
    tags: fields.tags ? [...new Set(fields.tags)].sort() : contact.tags,
  });
  if (!result.ok) {
    if (result.fieldErrors.form) throw notFound("contact");
    throw new ApiProblem({ status: 422, title: "The request is not valid", detail: Object.values(result.fieldErrors).join(" "), errors: result.fieldErrors });
  }
  return getContactOrThrow(ctx.workspace.id, contact.id);
}

/** `PUT /contacts?email=`: creates the contact with the fields given, or sets them on the one that has this email. */
export async function upsertContact(ctx: Ctx, email: string, fields: Fields): Promise<{ contact: Contact; created: boolean }> {
  const [row] = await db.transaction(async (tx) => {
    const done = await upsertContacts(tx, ctx.workspace.id, [{ email, firstName: fields.first_name, lastName: fields.last_name, phone: fields.phone, tags: fields.tags && [...new Set(fields.tags)].sort() }], { fillExisting: false });
    if (done[0]?.created) await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "contact.created", contactId: done[0].contact.id, data: { via: "api" } });
    return done;
  });
  if (row!.created) return row!;
  return { contact: await updateContact(ctx, row!.contact, fields), created: false };
}

export async function changeTags(ctx: Ctx, contact: Contact, change: { add?: string[]; remove?: string }): Promise<Contact> {
  await db.transaction(async (tx) => {
    for (const tag of new Set(change.add ?? [])) await addTag(tx, ctx.workspace.id, [contact.id], tag);
    if (change.remove) await removeTag(tx, ctx.workspace.id, [contact.id], change.remove);
  });
  return getContactOrThrow(ctx.workspace.id, contact.id);
}
