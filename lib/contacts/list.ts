/**
 * The dashboard's contact list (SPEC §6): substring search on name and email (trigram
 * index), filters by offer, group, portal status and tag, sort and pagination. The same
 * filters name "all contacts in this filter" for bulk actions and are what a smart list saves.
 */
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db, rowsOf } from "@/db/client";
import { contacts, groupMemberships, offerGrants, portalStatus, type Contact } from "@/db/schema";
import { isSavableText, isUuid } from "@/lib/utils";

export const PAGE_SIZE = 50;
/** Counting stops here: "10,000+ contacts" is as useful as the exact number, and costs a bounded scan. */
export const COUNT_CAP = 10_000;
/** "All in this filter" acts on at most this many contacts at once. */
export const BULK_LIMIT = 20_000;

export const SORTS = {
  newest: { label: "Newest first", order: [desc(contacts.createdAt), desc(contacts.id)] },
  oldest: { label: "Oldest first", order: [asc(contacts.createdAt), asc(contacts.id)] },
  name: { label: "Name A–Z", order: [asc(sql`lower(${contacts.firstName} || ' ' || ${contacts.lastName})`), asc(contacts.email)] },
  email: { label: "Email A–Z", order: [asc(sql`lower(${contacts.email})`)] },
  last_login: { label: "Last sign-in", order: [sql`${contacts.lastLoginAt} desc nulls last`, desc(contacts.id)] },
} as const;
export type SortKey = keyof typeof SORTS;

const optionalUuid = z
  .string()
  .optional()
  .transform((v) => (v && isUuid(v) ? v : ""));

/** Search text as typed; text no one can type (NUL, control characters) searches for nothing. */
const searchText = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v && isSavableText(v) ? v.trim().slice(0, max) : ""));

/** Search parameters of the list; anything malformed is dropped rather than refused. */
export const contactFilterSchema = z.object({
  q: searchText(100),
  offer: optionalUuid,
  group: optionalUuid,
  status: z
    .string()
    .optional()
    .transform((v) => ((portalStatus.enumValues as readonly string[]).includes(v ?? "") ? (v as Contact["portalStatus"]) : "")),
  tag: searchText(50),
  sort: z
    .string()
    .optional()
    .transform((v): SortKey => (v && Object.hasOwn(SORTS, v) ? (v as SortKey) : "newest")),
  page: z.coerce
    .number()
    .int()
    .optional()
    .catch(1)
    .transform((v) => Math.min(Math.max(v ?? 1, 1), 10_000)),
});
export type ContactFilter = z.infer<typeof contactFilterSchema>;

export const parseContactFilter = (params: Record<string, unknown>): ContactFilter =>
  contactFilterSchema.parse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));

/** The filter as URL search parameters (defaults left out), for links and smart lists. */
export function filterParams(f: Partial<ContactFilter>, extra: Record<string, string | number> = {}): string {
  const p = new URLSearchParams();
  for (const key of ["q", "offer", "group", "status", "tag"] as const) if (f[key]) p.set(key, String(f[key]));
  if (f.sort && f.sort !== "newest") p.set("sort", f.sort);
  for (const [k, v] of Object.entries(extra)) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

export const isFiltered = (f: ContactFilter) => !!(f.q || f.offer || f.group || f.status || f.tag);

function where(workspaceId: string, f: ContactFilter): SQL {
  const q = f.q.toLowerCase();
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return and(
    eq(contacts.workspaceId, workspaceId),
    q ? sql`${contacts.searchText} like ${pattern}` : undefined,
    f.status ? eq(contacts.portalStatus, f.status) : undefined,
    f.tag ? sql`${contacts.tags} @> array[${f.tag}]::text[]` : undefined,
    f.offer
      ? sql`exists (select 1 from ${offerGrants} g where g.contact_id = ${contacts.id} and g.offer_id = ${f.offer} and g.revoked_at is null)`
      : undefined,
    f.group ? sql`exists (select 1 from ${groupMemberships} m where m.contact_id = ${contacts.id} and m.group_id = ${f.group})` : undefined,
  )!;
}

/** `total` is exact up to COUNT_CAP; `capped` says there are more. */
export type ContactPage = { rows: Contact[]; total: number; capped: boolean; page: number; pages: number };

export async function listContacts(workspaceId: string, f: ContactFilter): Promise<ContactPage> {
  const w = where(workspaceId, f);
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(contacts)
      .where(w)
      .orderBy(...SORTS[f.sort].order)
      .limit(PAGE_SIZE)
      .offset((f.page - 1) * PAGE_SIZE),
    db.select({ n: sql<number>`count(*)::int` }).from(db.select({ one: sql`1` }).from(contacts).where(w).limit(COUNT_CAP + 1).as("capped")),
  ]);
  const counted = count?.n ?? 0;
  const capped = counted > COUNT_CAP;
  const total = Math.min(counted, COUNT_CAP);
  return { rows, total, capped, page: f.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export class TooManyContacts extends Error {
  constructor() {
    super(`This filter has more than ${BULK_LIMIT.toLocaleString("en")} contacts: narrow it down (an offer, a tag, a status) and run the action per part.`);
  }
}

/** Ids of every contact in the filter, for "all in this filter"; more than BULK_LIMIT is refused, never cut short silently. */
export async function idsInFilter(workspaceId: string, f: ContactFilter): Promise<string[]> {
  const rows = await db.select({ id: contacts.id }).from(contacts).where(where(workspaceId, f)).orderBy(asc(contacts.id)).limit(BULK_LIMIT + 1);
  if (rows.length > BULK_LIMIT) throw new TooManyContacts();
  return rows.map((r) => r.id);
}

/** Top matches for the Generate Magic Link / Invite pickers: name or email, substring. */
export async function suggestContacts(workspaceId: string, query: string, limit = 10) {
  const q = query.trim();
  // Text no one can type (NUL, control characters) matches nobody, and never reaches the query.
  if (!q || !isSavableText(q)) return [];
  const rows = await db
    .select({ id: contacts.id, email: contacts.email, firstName: contacts.firstName, lastName: contacts.lastName, portalStatus: contacts.portalStatus })
    .from(contacts)
    .where(where(workspaceId, { q, offer: "", group: "", status: "", tag: "", sort: "newest", page: 1 }))
    // Addresses that start with what was typed first, then the rest alphabetically.
    .orderBy(sql`(lower(${contacts.email}) like ${`${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}) desc`, asc(contacts.email))
    .limit(limit);
  return rows;
}

/** Every tag used in the workspace, for the filter menu. */
export async function listTags(workspaceId: string): Promise<string[]> {
  const rows = await rowsOf<{ tag: string }>(db, sql`select distinct unnest(tags) as tag from contacts where workspace_id = ${workspaceId} order by 1 limit 500`);
  return rows.map((r) => r.tag);
}
