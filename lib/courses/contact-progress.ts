/** Each course's progress for one contact, as the dashboard's contact record shows it. */
import { sql } from "drizzle-orm";
import { db, rowsOf } from "@/db/client";

export type ContactCourseProgress = {
  productId: string;
  title: string;
  published: boolean;
  hasAccess: boolean;
  lessonCount: number;
  startedCount: number;
  completedCount: number;
  lastActivityAt: Date | null;
};

/** The courses the contact can open now or has progress in (access ended), by title. */
export async function contactCourseProgress(workspaceId: string, contactId: string): Promise<ContactCourseProgress[]> {
  const rows = await rowsOf<{ product_id: string; title: string; published: boolean; has_access: boolean; lesson_count: number; started_count: number; completed_count: number; last_activity_at: string | Date | null }>(
    db,
    sql`select p.id as product_id, p.title, p.published,
        exists (select 1 from offer_grants g join offer_products op on op.offer_id = g.offer_id
                where g.workspace_id = ${workspaceId} and g.contact_id = ${contactId} and g.revoked_at is null and op.product_id = p.id) as has_access,
        count(l.id)::int as lesson_count,
        count(lp.lesson_id)::int as started_count,
        count(lp.completed_at)::int as completed_count,
        max(greatest(lp.started_at, lp.completed_at)) as last_activity_at
      from products p
      left join categories c on c.product_id = p.id and c.workspace_id = p.workspace_id
      left join lessons l on l.category_id = c.id and l.workspace_id = p.workspace_id
      left join lesson_progress lp on lp.lesson_id = l.id and lp.contact_id = ${contactId} and lp.workspace_id = p.workspace_id
      where p.workspace_id = ${workspaceId}
      group by p.id
      order by p.title`,
  );
  return rows
    .map((r) => ({
      productId: r.product_id,
      title: r.title,
      published: r.published,
      hasAccess: r.has_access,
      lessonCount: r.lesson_count,
      startedCount: r.started_count,
      completedCount: r.completed_count,
      lastActivityAt: r.last_activity_at ? new Date(r.last_activity_at) : null,
    }))
    .filter((r) => r.hasAccess || r.startedCount > 0);
}
