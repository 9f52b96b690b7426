/**
 * Tag changes and their events (SPEC §8): every path that changes a contact's tags (profile,
 * bulk action, import, upsert, a workflow step) writes one tag_added / tag_removed per tag that
 * actually changed, in its own transaction. Tags compare exactly, as they are stored (the
 * profile keeps their case, the import lower-cases them).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { contacts } from "@/db/schema";
import { recordEvents, type EventInput } from "@/lib/access/events";

/** The events for one contact whose tags went from `before` to `after`. */
export function tagEvents(contactId: string, before: readonly string[], after: readonly string[]): EventInput[] {
  const was = new Set(before);
  const is = new Set(after);
  return [
    ...[...is].filter((t) => !was.has(t)).map((tag) => ({ type: "tag_added", contactId, data: { tag } })),
    ...[...was].filter((t) => !is.has(t)).map((tag) => ({ type: "tag_removed", contactId, data: { tag } })),
  ];
}

/** The contact_updated event of a tag change (lib/webhooks/contact-events.ts: `changed` names the fields). */
const tagsChanged = (contactId: string): EventInput => ({ type: "contact_updated", contactId, data: { changed: ["tags"] } });

/** Adds `tag` to the workspace's contacts among `contactIds` that lack it; returns who got it. */
export async function addTag(tx: Tx, workspaceId: string, contactIds: string[], tag: string): Promise<string[]> {
  if (!contactIds.length) return [];
  const rows = await tx
    .update(contacts)
    .set({ tags: sql`array(select distinct t from unnest(${contacts.tags} || array[${tag}]::text[]) as t order by t)`, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, contactIds), sql`not (${contacts.tags} @> array[${tag}]::text[])`))
    .returning({ id: contacts.id });
  await recordEvents(tx, workspaceId, rows.flatMap((r) => [{ type: "tag_added", contactId: r.id, data: { tag } }, tagsChanged(r.id)]));
  return rows.map((r) => r.id);
}

/** Removes `tag` from the workspace's contacts among `contactIds` that have it; returns who lost it. */
export async function removeTag(tx: Tx, workspaceId: string, contactIds: string[], tag: string): Promise<string[]> {
  if (!contactIds.length) return [];
  const rows = await tx
    .update(contacts)
    .set({ tags: sql`array_remove(${contacts.tags}, ${tag}::text)`, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, contactIds), sql`${contacts.tags} @> array[${tag}]::text[]`))
    .returning({ id: contacts.id });
  await recordEvents(tx, workspaceId, rows.flatMap((r) => [{ type: "tag_removed", contactId: r.id, data: { tag } }, tagsChanged(r.id)]));
  return rows.map((r) => r.id);
}
