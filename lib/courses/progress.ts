/**
 * Lesson progress and its events (SPEC §8 triggers): lesson_started / lesson_completed on the
 * row's transitions, and category_/product_ started/completed the first time they become
 * true. The contact's row is locked for the transaction, so two tabs cannot both be "first",
 * and each event is written at most once per contact and category/product. An admin's
 * "Preview as learner" session records nothing: it only answers whether the lesson is open.
 */
import { and, eq, sql } from "drizzle-orm";
import { db, rowsOf, type Tx } from "@/db/client";
import { contacts, events, lessonProgress, type Contact, type Lesson } from "@/db/schema";
import { recordEvents, type EventInput } from "@/lib/access/events";
import { lessonLockedUntil } from "./drip";
import { canOpenProduct } from "./learner";

type Scope = { lesson: Lesson; categoryId: string; productId: string };

async function alreadyRecorded(tx: Tx, contact: Contact, type: string, key: "categoryId" | "productId", id: string) {
  const [row] = await tx
    .select({ one: sql`1` })
    .from(events)
    .where(and(eq(events.workspaceId, contact.workspaceId), eq(events.contactId, contact.id), eq(events.type, type), sql`${events.data}->>${key} = ${id}`))
    .limit(1);
  return !!row;
}

/** Lessons in the category and in the product, and how many of each the contact started/completed. */
async function tally(tx: Tx, contact: Contact, scope: Scope) {
  const [row] = await rowsOf<{ cat_total: number; cat_started: number; cat_done: number; prod_total: number; prod_started: number; prod_done: number }>(
    tx,
    sql`select
      count(*) filter (where c.id = ${scope.categoryId})::int as cat_total,
      count(p.lesson_id) filter (where c.id = ${scope.categoryId})::int as cat_started,
      count(p.completed_at) filter (where c.id = ${scope.categoryId})::int as cat_done,
      count(*)::int as prod_total,
      count(p.lesson_id)::int as prod_started,
      count(p.completed_at)::int as prod_done
    from lessons l
    join categories c on c.id = l.category_id
    left join lesson_progress p on p.lesson_id = l.id and p.contact_id = ${contact.id}
    where c.product_id = ${scope.productId} and l.workspace_id = ${contact.workspaceId}`,
  );
  return row!;
}

/** Whose progress: the portal session's contact, and whether that session is an admin's preview. */
export type ProgressAs = { contact: Contact; preview: boolean };

/** False when the learner cannot open the product, or the lesson is still locked by drip. */
async function progress({ contact, preview }: ProgressAs, scope: Scope, complete: boolean): Promise<boolean> {
  if (preview) return (await canOpenProduct(db, contact, scope.productId)) && !(await lessonLockedUntil(db, contact, scope));
  return db.transaction(async (tx) => {
    if (!(await canOpenProduct(tx, contact, scope.productId))) return false;
    if (await lessonLockedUntil(tx, contact, scope)) return false;
    await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contact.id)).for("update");
    const base = { workspaceId: contact.workspaceId, contactId: contact.id, lessonId: scope.lesson.id };
    const started = await tx.insert(lessonProgress).values(base).onConflictDoNothing().returning();
    const completed = complete
      ? await tx
          .update(lessonProgress)
          .set({ completedAt: new Date() })
          .where(and(eq(lessonProgress.contactId, contact.id), eq(lessonProgress.lessonId, scope.lesson.id), sql`${lessonProgress.completedAt} is null`))
          .returning()
      : [];
    if (!started.length && !completed.length) return true;

    const t = await tally(tx, contact, scope);
    const ids = { lessonId: scope.lesson.id, categoryId: scope.categoryId, productId: scope.productId };
    const out: EventInput[] = [];
    const once = async (cond: boolean, type: string, key: "categoryId" | "productId") => {
      if (cond && !(await alreadyRecorded(tx, contact, type, key, ids[key]))) out.push({ type, contactId: contact.id, data: ids });
    };
    if (started.length) {
      out.push({ type: "lesson_started", contactId: contact.id, data: ids });
      await once(t.cat_started >= 1, "category_started", "categoryId");
      await once(t.prod_started >= 1, "product_started", "productId");
    }
    if (completed.length) {
      out.push({ type: "lesson_completed", contactId: contact.id, data: ids });
      await once(t.cat_done === t.cat_total, "category_completed", "categoryId");
      await once(t.prod_done === t.prod_total, "product_completed", "productId");
    }
    await recordEvents(tx, contact.workspaceId, out);
    return true;
  });
}

/** Opening a lesson starts it (once). */
export const startLesson = (as: ProgressAs, scope: Scope) => progress(as, scope, false);

/** "Mark complete": false when the learner no longer has access. */
export const completeLesson = (as: ProgressAs, scope: Scope) => progress(as, scope, true);

/**
 * "Mark incomplete": the lesson stays started, its completion is cleared. No event: the
 * category_/product_completed events already written stay the first (and only) ones.
 * False when the learner no longer has access; a preview writes nothing.
 */
export async function uncompleteLesson({ contact, preview }: ProgressAs, scope: Scope): Promise<boolean> {
  if (preview) return canOpenProduct(db, contact, scope.productId);
  return db.transaction(async (tx) => {
    if (!(await canOpenProduct(tx, contact, scope.productId))) return false;
    await tx
      .update(lessonProgress)
      .set({ completedAt: null })
      .where(and(eq(lessonProgress.workspaceId, contact.workspaceId), eq(lessonProgress.contactId, contact.id), eq(lessonProgress.lessonId, scope.lesson.id)));
    return true;
  });
}
