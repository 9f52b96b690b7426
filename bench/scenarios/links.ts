// bench:links — one-time login link redemption, the POST behind "Continue": 5,000 links issued
// to 5,000 contacts, each redeemed exactly once through HTTP by 50 concurrent connections,
// then the database is checked: every link used once, one sign-in audit entry each.
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { auditEntries, authTokens, workspaces } from "@/db/schema";
import { hashSecret, newSecret } from "@/lib/links/secret";
import { load, runScenario } from "../runner";

const LINKS = 5000;
// Redeemed first and not counted: the server's JIT and connection pool warm up on real work.
const WARMUP = 1500;

await runScenario({
  name: "links",
  async seed({ db }) {
    const [ws] = await db.insert(workspaces).values({ slug: "bench", name: "Bench Academy" }).returning();
    const w = ws!.id;
    await rowsOf(db, sql`insert into offers (workspace_id, title, slug, status) values (${w}, 'All access', 'all', 'published')`);
    await rowsOf(db, sql`insert into contacts (workspace_id, email, first_name) select ${w}, 'learner' || g || '@bench.test', 'L' || g from generate_series(1, ${LINKS + WARMUP}) g`);
    await rowsOf(db, sql`insert into offer_grants (workspace_id, contact_id, offer_id, source) select ${w}, c.id, o.id, 'admin' from contacts c, offers o where c.workspace_id = ${w} and o.workspace_id = ${w}`);
    const ids = await rowsOf<{ id: string }>(db, sql`select id from contacts where workspace_id = ${w} order by email`);
    const secrets: string[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = ids.slice(i, i + 1000).map(({ id }) => {
        const secret = newSecret();
        secrets.push(secret);
        return { kind: "login_link" as const, workspaceId: w, contactId: id, tokenHash: hashSecret(secret), issuedVia: "admin_send", expiresAt: new Date(Date.now() + 86_400_000) };
      });
      await db.insert(authTokens).values(rows);
    }
    return { workspaceId: w, warmup: secrets.slice(0, WARMUP).join(","), secrets: secrets.slice(WARMUP).join(",") };
  },
  async run({ baseUrl, seeded, handle }) {
    const redeemAll = async (secrets: string[]) => {
      let next = 0;
      return load({
        url: `${baseUrl}/p/bench/auth/redeem`,
        method: "POST",
        connections: 50,
        amount: secrets.length,
        seconds: 120,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: () => `token=${secrets[next++ % secrets.length]}`,
        expectStatus: 303,
      });
    };
    const warm = await redeemAll(seeded.warmup!.split(","));
    console.log(`warm-up: ${warm.requests} redemptions at ${warm.rps}/s (not counted)`);
    const secrets = seeded.secrets!.split(",");
    const r = await redeemAll(secrets);
    const { db } = handle;
    const [tokens] = await db
      .select({ used: sql<number>`count(*) filter (where used_at is not null)::int`, once: sql<number>`count(*) filter (where use_count = 1)::int` })
      .from(authTokens)
      .where(eq(authTokens.workspaceId, seeded.workspaceId!));
    const [audits] = await db
      .select({ n: sql<number>`count(*)::int`, contacts: sql<number>`count(distinct contact_id)::int` })
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, seeded.workspaceId!), eq(auditEntries.action, "login_link.used")));
    const all = LINKS + WARMUP;
    const verified = r.requests === LINKS && tokens!.used === all && tokens!.once === all && audits!.n === all && audits!.contacts === all;
    console.log(`requests=${r.requests} tokens_used=${tokens!.used} used_once=${tokens!.once} sign_in_audits=${audits!.n} distinct_contacts=${audits!.contacts} verified=${verified}`);
    return { rps: r.rps, p50: r.p50, p95: r.p95, p99: r.p99, errors: r.errors + (verified ? 0 : 1) };
  },
});
process.exit(0);
