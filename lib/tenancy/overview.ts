import { and, eq, sql } from "drizzle-orm";
import { db, rowsOf } from "@/db/client";
import { contacts, groups, offers, products } from "@/db/schema";

const count = () => sql<number>`count(*)::int`;

/** Headline numbers for the Client Portal home. */
export async function workspaceOverview(workspaceId: string) {
  const [statuses, productCount, offerCount, groupCount] = await Promise.all([
    db.select({ status: contacts.portalStatus, n: count() }).from(contacts).where(eq(contacts.workspaceId, workspaceId)).groupBy(contacts.portalStatus),
    db.select({ n: count() }).from(products).where(eq(products.workspaceId, workspaceId)),
    db.select({ n: count() }).from(offers).where(and(eq(offers.workspaceId, workspaceId), eq(offers.status, "published"))),
    db.select({ n: count() }).from(groups).where(eq(groups.workspaceId, workspaceId)),
  ]);
  const by = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
  return {
    contacts: statuses.reduce((a, s) => a + s.n, 0),
    invited: by.invited ?? 0,
    active: by.active ?? 0,
    products: productCount[0]?.n ?? 0,
    offers: offerCount[0]?.n ?? 0,
    groups: groupCount[0]?.n ?? 0,
  };
}

/** Portal sign-ins (password, links, codes, SSO) per day, the last `days` days including today (UTC). */
export async function signInsPerDay(workspaceId: string, days = 30, now = new Date()): Promise<{ day: string; n: number }[]> {
  const rows = await rowsOf<{ day: string; n: number }>(
    db,
    sql`
    select to_char(d.day, 'YYYY-MM-DD') as day, coalesce(count(a.id), 0)::int as n
      from generate_series((${now.toISOString()}::timestamptz at time zone 'UTC')::date - ${days - 1}::int, (${now.toISOString()}::timestamptz at time zone 'UTC')::date, interval '1 day') as d(day)
      left join audit_entries a
        on a.workspace_id = ${workspaceId}
       and a.actor_type = 'learner'
       and a.action in ('learner.login', 'login_link.used', 'login_link.used_again', 'learner_magic_link.used', 'login_code.used', 'password_setup.used', 'password_reset.used')
       and a.created_at >= d.day at time zone 'UTC' and a.created_at < (d.day + interval '1 day') at time zone 'UTC'
     group by d.day
     order by d.day`,
  );
  return rows.map((r) => ({ day: r.day, n: Number(r.n) }));
}
