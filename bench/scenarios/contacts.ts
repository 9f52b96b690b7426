// bench:contacts — the dashboard's contact search with 100,000 contacts in the workspace (and
// 20,000 in another). Each sample is one page of the list as the Contacts page asks for it
// (rows + total count, in parallel, through lib/contacts/list): substring searches on names
// and email fragments, alone and combined with the offer, group, status and tag filters, and
// the Generate-Magic-Link suggestions. Runs on an in-memory PGlite, and on PostgreSQL too when
// DATABASE_URL is set (in a database it creates and drops). Issue 6's bar: p95 < 150 ms.
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import os from "node:os";
import postgres from "postgres";
import { openPglite, openPostgres, rowsOf, setDbHandle, type DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { groups, offers, workspaces } from "@/db/schema";
import { listContacts, parseContactFilter, suggestContacts } from "@/lib/contacts/list";

const CONTACTS = 100_000;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);

const FIRST = ["Alex", "Sam", "Priya", "Jonas", "María", "Tom", "Léa", "Kenji", "Fatima", "Noah", "Olga", "Ana", "Bo", "Chen", "Dmitri", "Emma", "Farah", "Gus", "Hana", "Ivan"];
const LAST = ["Rivera", "Chen", "Patel", "Berg", "García", "Okafor", "Dubois", "Sato", "Zahra", "Smith", "Ivanova", "Kowalski", "Nguyen", "Müller", "Rossi", "Haddad", "Larsen", "Silva", "Kim", "Moreau"];
const DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "example.org", "studio.co", "fastmail.com"];

async function seed(handle: DbHandle) {
  await migrate(handle);
  setDbHandle(handle);
  const { db } = handle;
  const [ws, other] = await db.insert(workspaces).values([{ slug: "bench", name: "Bench" }, { slug: "other", name: "Other" }]).returning();
  const [starter, pro] = await db.insert(offers).values([{ workspaceId: ws!.id, title: "Starter", slug: "starter", status: "published" }, { workspaceId: ws!.id, title: "Pro", slug: "pro", status: "published" }]).returning();
  const [circle] = await db.insert(groups).values({ workspaceId: ws!.id, name: "Circle", slug: "circle" }).returning();
  const first = `array[${FIRST.map((f) => `'${f}'`).join(",")}]`;
  const last = `array[${LAST.map((f) => `'${f}'`).join(",")}]`;
  const domains = `array[${DOMAINS.map((f) => `'${f}'`).join(",")}]`;
  for (const [w, n] of [[ws!, CONTACTS], [other!, 20_000]] as const) {
    await db.execute(
      sql.raw(`
      insert into contacts (workspace_id, email, first_name, last_name, tags, portal_status, created_at, last_login_at)
      select '${w.id}',
             lower((${first})[1 + i % 20]) || '.' || lower((${last})[1 + (i / 20) % 20]) || i || '@' || (${domains})[1 + i % 6],
             (${first})[1 + i % 20], (${last})[1 + (i / 20) % 20],
             case when i % 10 = 0 then array['vip'] when i % 7 = 0 then array['cohort-' || (i % 4)] else '{}'::text[] end,
             (array['none','invited','active'])[1 + i % 3]::portal_status,
             now() - (i || ' minutes')::interval,
             case when i % 3 = 2 then now() - (i % 1000 || ' hours')::interval end
        from generate_series(1, ${n}) as i`),
    );
  }
  await db.execute(sql`insert into offer_grants (workspace_id, contact_id, offer_id, source)
    select workspace_id, id, case when random() < 0.7 then ${starter!.id}::uuid else ${pro!.id}::uuid end, 'import' from contacts where workspace_id = ${ws!.id} and random() < 0.6`);
  await db.execute(sql`insert into group_memberships (workspace_id, group_id, contact_id)
    select workspace_id, ${circle!.id}::uuid, id from contacts where workspace_id = ${ws!.id} and random() < 0.2`);
  await db.execute(sql`analyze`);
  return { ws: ws!, starter: starter!, circle: circle! };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function run(handle: DbHandle, label: string) {
  const t0 = performance.now();
  const { ws, starter, circle } = await seed(handle);
  const seedS = (performance.now() - t0) / 1000;
  const [count] = await rowsOf<{ n: number }>(handle.db, sql`select count(*)::int as n from contacts where workspace_id = ${ws.id}`);
  const terms = ["rivera", "li", "chen", "a.du", "@gmail", "kenji.sato1", "müller", "zahra4", "ana", "smith77", "outlook", "oka", "xyz-none", "fatima.", "9@st"];
  const filters: Record<string, string>[] = [{}, { status: "invited" }, { tag: "vip" }, { offer: starter.id }, { group: circle.id }, { offer: starter.id, status: "active" }, { sort: "name" }, { page: "40" }];
  const times: number[] = [];
  const labelled: { what: string; ms: number }[] = [];
  let rows = 0;
  // Warm-up (plans, caches), not measured.
  for (const q of terms.slice(0, 5)) await listContacts(ws.id, parseContactFilter({ q }));
  for (let i = 0; i < SAMPLES; i++) {
    const q = i % 5 === 4 ? "" : terms[i % terms.length]!;
    const started = performance.now();
    let what: string;
    if (i % 10 === 9) {
      what = `suggest ${terms[i % terms.length]}`;
      rows += (await suggestContacts(ws.id, terms[i % terms.length]!)).length;
    } else {
      what = `list q=${q} ${JSON.stringify(filters[i % filters.length])}`;
      const page = await listContacts(ws.id, parseContactFilter({ q, ...filters[i % filters.length] }));
      rows += page.rows.length;
    }
    times.push(performance.now() - started);
    labelled.push({ what, ms: performance.now() - started });
  }
  if (process.env.BENCH_DETAIL) for (const x of labelled.sort((a, b) => b.ms - a.ms).slice(0, 15)) console.log(`  ${x.ms.toFixed(1)} ms  ${x.what}`);
  const r = { p50: pct(times, 50), p95: pct(times, 95), rows, contacts: count!.n };
  console.log(`${label}: seeded ${count!.n} contacts in ${seedS.toFixed(1)} s; ${SAMPLES} searches p50=${r.p50.toFixed(1)} ms p95=${r.p95.toFixed(1)} ms max=${Math.max(...times).toFixed(1)} ms`);
  return r;
}

const results: { label: string; p50: number; p95: number; rows: number; contacts: number }[] = [];
const pg = new PGlite({ extensions: { pg_trgm } });
results.push({ label: "pglite", ...(await run(openPglite(pg), "pglite")) });
await pg.close();

if (process.env.DATABASE_URL) {
  const name = "portico_bench_contacts";
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), 4);
  try {
    results.push({ label: "postgres", ...(await run(handle, "postgres")) });
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
console.log(`# ${new Date().toISOString()} ${os.cpus().length}cpu-${Math.round(os.totalmem() / 2 ** 30)}gb-node${process.versions.node}`);
for (const r of results.slice(0, -1)) console.log(`bench:contacts[${r.label}] p50=${r.p50.toFixed(1)} p95=${r.p95.toFixed(1)} rows=${r.rows}`);
const last = results.at(-1)!;
console.log(`bench:contacts p50=${last.p50.toFixed(1)} p95=${last.p95.toFixed(1)} rows=${last.rows}`);
process.exit(0);
