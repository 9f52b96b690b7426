/**
 * The contact_updated event (webhooks' `contact.updated`): written by every path that changes a
 * contact's profile fields (names, phone, tags) when at least one actually changed, with the
 * names of those that did. Sign-ins, status and timestamps are not profile changes.
 */
import type { EventInput } from "@/lib/access/events";

export type ProfileFields = { firstName: string; lastName: string; phone: string | null; tags: readonly string[] };

const FIELDS = { firstName: "first_name", lastName: "last_name", phone: "phone", tags: "tags" } as const;

/** [] when nothing changed (or there is no `before`), else one contact_updated event naming the changed fields. */
export function contactUpdatedEvents(contactId: string, before: ProfileFields | undefined, after: ProfileFields): EventInput[] {
  if (!before) return [];
  const same = (k: keyof ProfileFields) => (k === "tags" ? [...before.tags].sort().join("\u0000") === [...after.tags].sort().join("\u0000") : before[k] === after[k]);
  const changed = (Object.keys(FIELDS) as (keyof ProfileFields)[]).filter((k) => !same(k)).map((k) => FIELDS[k]);
  return changed.length ? [{ type: "contact_updated", contactId, data: { changed } }] : [];
}
