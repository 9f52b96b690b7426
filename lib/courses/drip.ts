/**
 * Drip: a category or lesson opens N days after the learner's grant (their earliest live grant
 * that reaches the course), or on a date (the date wins when both are set). A lesson opens
 * when both it and its category are open. Checked on the server wherever a lesson is opened
 * or completed. The first time a learner reaches a drip lesson open, one `lesson_unlocked`
 * event is written: the lesson_unlocks key (contact × lesson) keeps it to exactly one, also
 * when two requests race. Nothing is written when the lock ends (it ends by time alone), so
 * the portal page cache asks `nextUnlockAt` how long a rendered page may be served.
 */
import { and, eq, isNull, min, sql } from "drizzle-orm";
import { db, rowsOf, type Queryable } from "@/db/client";
import { categories, lessonUnlocks, offerGrants, offerProducts, type Contact, type Lesson } from "@/db/schema";
import { recordEvents } from "@/lib/access/events";

export type DripRule = { dripDays: number | null; dripDate: Date | null };
const DAY = 86_400_000;

/** When an item with this rule opens for a learner granted at `grantedAt`; null: no rule (open). */
export function opensAt(rule: DripRule, grantedAt: Date | null): Date | null {
  if (rule.dripDate) return rule.dripDate;
  if (rule.dripDays !== null && rule.dripDays !== undefined && grantedAt) return new Date(grantedAt.getTime() + rule.dripDays * DAY);
  return null;
}

/** A lesson opens when both it and its category are open: the later of the two. */
export function lessonOpensAt(category: DripRule, lesson: DripRule, grantedAt: Date | null): Date | null {
  const times = [opensAt(category, grantedAt), opensAt(lesson, grantedAt)].filter((t): t is Date => !!t);
  return times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null;
}

/** The contact's earliest live grant reaching the product (the start of "N days after"). */
export async function grantedAtFor(q: Queryable, contact: Contact, productId: string): Promise<Date | null> {
  const [row] = await q
    .select({ at: min(offerGrants.grantedAt) })
    .from(offerGrants)
    .innerJoin(offerProducts, and(eq(offerProducts.offerId, offerGrants.offerId), eq(offerProducts.productId, productId)))
    .where(and(eq(offerGrants.workspaceId, contact.workspaceId), eq(offerGrants.contactId, contact.id), isNull(offerGrants.revokedAt)));
  return row?.at ? new Date(row.at) : null;
}

/** When the lesson opens for the contact if that is still ahead of `now`, else null (open). */
export async function lessonLockedUntil(q: Queryable, contact: Contact, scope: { lesson: Lesson; categoryId: string; productId: string }, now = new Date()): Promise<Date | null> {
  const [category] = await q.select({ dripDays: categories.dripDays, dripDate: categories.dripDate }).from(categories).where(and(eq(categories.workspaceId, contact.workspaceId), eq(categories.id, scope.categoryId)));
  if (!category) return null;
  const at = lessonOpensAt(category, scope.lesson, await grantedAtFor(q, contact, scope.productId));
  return at && at > now ? at : null;
}

/** Writes lesson_unlocked once per contact × lesson for drip lessons now open. */
export async function recordUnlocks(contact: Contact, productId: string, lessons: { lesson: Lesson; categoryId: string }[]): Promise<number> {
  if (lessons.length === 0) return 0;
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(lessonUnlocks)
      .values(lessons.map((l) => ({ workspaceId: contact.workspaceId, contactId: contact.id, lessonId: l.lesson.id })))
      .onConflictDoNothing()
      .returning({ lessonId: lessonUnlocks.lessonId });
    const byId = new Map(lessons.map((l) => [l.lesson.id, l]));
    await recordEvents(
      tx,
      contact.workspaceId,
      rows.map((r) => ({ type: "lesson_unlocked", contactId: contact.id, data: { lessonId: r.lessonId, categoryId: byId.get(r.lessonId)!.categoryId, productId } })),
    );
    return rows.length;
  });
}

/** The earliest drip opening after `now` in any course the contact can open: a cached portal page is good until then. */
export async function nextUnlockAt(workspaceId: string, contactId: string, now: Date): Promise<Date | null> {
  const [row] = await rowsOf<{ at: string | Date | null }>(
    db,
    sql`with g as (
        select op.product_id, min(g.granted_at) as granted_at
        from offer_grants g join offer_products op on op.offer_id = g.offer_id
        where g.workspace_id = ${workspaceId} and g.contact_id = ${contactId} and g.revoked_at is null
        group by op.product_id)
      select min(t) as at from (
        select coalesce(c.drip_date, g.granted_at + c.drip_days * interval '1 day') as t
          from categories c join g on g.product_id = c.product_id where c.workspace_id = ${workspaceId}
        union all
        select coalesce(l.drip_date, g.granted_at + l.drip_days * interval '1 day')
          from lessons l join categories c on c.id = l.category_id join g on g.product_id = c.product_id where l.workspace_id = ${workspaceId}
      ) x where t > ${now.toISOString()}::timestamptz`,
  );
  return row?.at ? new Date(row.at) : null;
}
