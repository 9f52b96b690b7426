/** Contacts through the public API (issue 16): list with a stable cursor, get one. */
import { and, asc, eq, gt, gte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { contacts, portalStatus, type Contact } from "@/db/schema";
import { isUuid } from "@/lib/utils";
import { ApiProblem, notFound } from "./http";

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

export const listContactsQuery = z.object({
  limit: z.coerce.number().int("limit must be a whole number").min(1, "limit is at least 1").max(100, "limit is at most 100").default(50),
  after: z.string().max(200).optional(),
  email: z.string().trim().toLowerCase().max(320).optional(),
  status: z.enum(portalStatus.enumValues, { error: `status is one of ${portalStatus.enumValues.join(", ")}` }).optional(),
  tag: z.string().trim().min(1).max(50).optional(),
  updated_since: z.iso.datetime({ offset: true, error: "updated_since is an ISO 8601 time, such as 2026-12-01T00:00:00Z" }).optional(),
});

/** Opaque cursors: the last row's creation time (to the microsecond) and id. Rows added later sort after every cursor. */
const encode = (c: { createdAt: string; id: string }) => Buffer.from(`${c.createdAt}|${c.id}`).toString("base64url");
function decode(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!createdAt || !id || !isUuid(id) || Number.isNaN(Date.parse(createdAt))) throw new ApiProblem({ status: 422, title: "The query is not valid", detail: "after: not a cursor this API returned", errors: { after: "not a cursor this API returned" } });
  return { createdAt, id };
}

export async function listContacts(workspaceId: string, q: z.infer<typeof listContactsQuery>) {
  const conditions: (SQL | undefined)[] = [eq(contacts.workspaceId, workspaceId)];
  if (q.email) conditions.push(sql`lower(${contacts.email}) = ${q.email}`);
  if (q.status) conditions.push(eq(contacts.portalStatus, q.status));
  if (q.tag) conditions.push(sql`${contacts.tags} @> array[${q.tag}]::text[]`);
  if (q.updated_since) conditions.push(gte(contacts.updatedAt, new Date(q.updated_since)));
  if (q.after) {
    const c = decode(q.after);
    conditions.push(or(gt(contacts.createdAt, sql`${c.createdAt}::timestamptz`), and(eq(contacts.createdAt, sql`${c.createdAt}::timestamptz`), gt(contacts.id, c.id))));
  }
  const rows = await db
    .select({ contact: contacts, created: sql<string>`to_char(${contacts.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(contacts)
    .where(and(...conditions))
    .orderBy(asc(contacts.createdAt), asc(contacts.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { data: page.map((r) => contactJson(r.contact)), next: rows.length > q.limit && last ? encode({ createdAt: last.created, id: last.contact.id }) : null };
}

export async function getContactOrThrow(workspaceId: string, id: string): Promise<Contact> {
  if (!isUuid(id)) throw notFound("contact");
  const [c] = await db.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  if (!c) throw notFound("contact");
  return c;
}
