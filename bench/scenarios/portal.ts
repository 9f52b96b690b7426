// bench:portal — a signed-in learner with 20 granted products browsing: portal home and a
// lesson page requested in turn by 50 concurrent connections (after a 5 s warm-up).
// Every response must be a 200: a lost session would redirect to the login page.
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { authTokens, workspaces } from "@/db/schema";
import { hashSecret, newSecret } from "@/lib/links/secret";
import { load, runScenario } from "../runner";

const PRODUCTS = 20;

await runScenario({
  name: "portal",
  async seed({ db }, baseUrl) {
    const [ws] = await db.insert(workspaces).values({ slug: "bench", name: "Bench Academy" }).returning();
    const w = ws!.id;
    await rowsOf(db, sql`insert into products (workspace_id, title, slug, description, published)
      select ${w}, 'Course ' || g, 'course-' || g, 'A course about topic ' || g, true from generate_series(1, ${PRODUCTS}) g`);
    await rowsOf(db, sql`insert into categories (workspace_id, product_id, title, position)
      select ${w}, p.id, 'Part ' || g, g from products p, generate_series(0, 2) g where p.workspace_id = ${w}`);
    await rowsOf(db, sql`insert into lessons (workspace_id, category_id, title, body, position)
      select ${w}, c.id, 'Lesson ' || g, repeat('Some **Markdown** text with a [link](https://example.com).' || chr(10) || chr(10), 20), g
      from categories c, generate_series(0, 4) g where c.workspace_id = ${w}`);
    await rowsOf(db, sql`insert into offers (workspace_id, title, slug, status) select ${w}, 'Offer ' || g, 'offer-' || g, 'published' from generate_series(1, ${PRODUCTS}) g`);
    await rowsOf(db, sql`insert into offer_products (workspace_id, offer_id, product_id)
      select ${w}, o.id, p.id from offers o join products p on p.slug = replace(o.slug, 'offer-', 'course-') and p.workspace_id = ${w} where o.workspace_id = ${w}`);
    const [learner] = await rowsOf<{ id: string }>(db, sql`insert into contacts (workspace_id, email, first_name, portal_status) values (${w}, 'learner@bench.test', 'Lee', 'active') returning id`);
    await rowsOf(db, sql`insert into offer_grants (workspace_id, contact_id, offer_id, source) select ${w}, ${learner!.id}, o.id, 'admin' from offers o where o.workspace_id = ${w}`);
    await rowsOf(db, sql`insert into lesson_progress (workspace_id, contact_id, lesson_id, completed_at)
      select ${w}, ${learner!.id}, l.id, now() from lessons l join categories c on c.id = l.category_id where l.workspace_id = ${w} and l.position < 2`);
    // Sign in the way a learner does: a login link, redeemed through the confirmation POST.
    const secret = newSecret();
    await db.insert(authTokens).values({ kind: "login_link", workspaceId: w, contactId: learner!.id, tokenHash: hashSecret(secret), issuedVia: "admin_send", expiresAt: new Date(Date.now() + 3_600_000) });
    const res = await fetch(`${baseUrl}/p/bench/auth/redeem`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `token=${secret}` });
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    if (res.status !== 303 || !cookie) throw new Error(`sign-in failed: ${res.status}`);
    const [lesson] = await rowsOf<{ id: string }>(db, sql`select l.id from lessons l join categories c on c.id = l.category_id join products p on p.id = c.product_id
      where p.slug = 'course-7' and c.position = 1 and l.position = 2`);
    return { cookie, home: "/p/bench", lesson: `/p/bench/courses/course-7/${lesson!.id}` };
  },
  async run({ baseUrl, seeded, handle }) {
    const opts = { url: baseUrl, connections: 50, headers: { cookie: seeded.cookie! }, paths: [seeded.home!, seeded.lesson!], expectStatus: 200 };
    const page = await fetch(`${baseUrl}${seeded.lesson}`, { headers: { cookie: seeded.cookie! } });
    if (page.status !== 200 || !(await page.text()).includes("Mark complete")) throw new Error("the lesson page did not render for the learner");
    const warm = await load({ ...opts, seconds: 5 });
    console.log(`warm-up: ${warm.requests} requests at ${warm.rps}/s (not counted)`);
    const home = await load({ ...opts, paths: [seeded.home!], seconds: 10 });
    console.log(`home only:   rps=${home.rps} p50=${home.p50} p95=${home.p95} p99=${home.p99} errors=${home.errors}`);
    const lesson = await load({ ...opts, paths: [seeded.lesson!], seconds: 10 });
    console.log(`lesson only: rps=${lesson.rps} p50=${lesson.p50} p95=${lesson.p95} p99=${lesson.p99} errors=${lesson.errors}`);
    const r = await load({ ...opts, seconds: 15 });
    const verified = await cacheStaysTrue(baseUrl, seeded, handle);
    // For scale, the floor of a server-rendered page here: Next's 404 page for the same
    // learner (root layout and not-found, no query of ours), under the same load.
    const floor = await load({ ...opts, paths: ["/p/bench/no-such-page"], seconds: 10, expectStatus: 404 });
    console.log(`floor (a 404 page): rps=${floor.rps} p50=${floor.p50} p95=${floor.p95} p99=${floor.p99} errors=${floor.errors}`);
    return { rps: r.rps, p50: r.p50, p95: r.p95, p99: r.p99, errors: r.errors + home.errors + lesson.errors, verified: String(verified) };
  },
});

/**
 * After the load: the pages were served from the portal page cache (lib/http/page-cache.ts),
 * and a write the home page shows (one more completed lesson) is on the very next response.
 * With PORTICO_PAGE_CACHE_MB=0 every page is rendered: only the second half is checked.
 */
async function cacheStaysTrue(baseUrl: string, seeded: Record<string, string>, handle: DbHandle): Promise<boolean> {
  const get = async () => {
    const res = await fetch(`${baseUrl}${seeded.home}`, { headers: { cookie: seeded.cookie! } });
    const html = await res.text();
    return { how: res.headers.get("x-portico-cache"), progress: /aria-valuenow="(\d+)"/.exec(html)?.[1] }; // the first course's, "Course 1"
  };
  const cached = process.env.PORTICO_PAGE_CACHE_MB !== "0";
  await get(); // fetch's own Accept-Encoding and User-Agent make a cache entry of their own
  const before = await get();
  if (cached && before.how !== "hit") throw new Error(`the portal home was not served from the cache: ${before.how}`);
  await rowsOf(handle.db, sql`insert into lesson_progress (workspace_id, contact_id, lesson_id, completed_at)
    select l.workspace_id, c.id, l.id, now() from lessons l join categories k on k.id = l.category_id join products p on p.id = k.product_id, contacts c
    where p.slug = 'course-1' and c.email = 'learner@bench.test' and l.id not in (select lesson_id from lesson_progress where contact_id = c.id) limit 1`);
  const after = await get();
  if ((cached && after.how !== "miss") || after.progress === before.progress) throw new Error(`a completed lesson did not show: ${JSON.stringify({ before, after })}`);
  console.log(`cache check: ${before.how ?? "off"} before the write, ${after.how ?? "off"} after it; course progress ${before.progress} → ${after.progress}`);
  return true;
}
process.exit(0);
