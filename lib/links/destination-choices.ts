import { sql } from "drizzle-orm";
import { db, rowsOf } from "@/db/client";
import { SECTIONS } from "./destination";

/** Choices for a link's destination in the dashboard: sections, then each course and its lessons. */
export async function destinationChoices(workspace: { id: string; slug: string }) {
  const rows = await rowsOf<{ product_slug: string; product_title: string; lesson_id: string | null; lesson_title: string | null }>(
    db,
    sql`select p.slug as product_slug, p.title as product_title, l.id as lesson_id, l.title as lesson_title
          from products p
          left join categories c on c.product_id = p.id
          left join lessons l on l.category_id = c.id
         where p.workspace_id = ${workspace.id}
         order by p.title, c.position, l.position
         limit 500`,
  );
  const base = `/p/${workspace.slug}/courses`;
  const courses = new Map<string, { label: string; value: string; lessons: { label: string; value: string }[] }>();
  for (const r of rows) {
    const course = courses.get(r.product_slug) ?? { label: r.product_title, value: `${base}/${r.product_slug}`, lessons: [] };
    courses.set(r.product_slug, course);
    if (r.lesson_id) course.lessons.push({ label: `${r.product_title} › ${r.lesson_title}`, value: `${base}/${r.product_slug}/${r.lesson_id}` });
  }
  return {
    sections: Object.entries(SECTIONS).map(([value, s]) => ({ value, label: s.label })),
    courses: [...courses.values()],
  };
}
