// bench:import — a 10,000-row contact CSV (5 columns) parsed, checked and imported with an
// offer granted to everyone (grant, events, welcome email each), through the same function
// the dashboard's Import button calls. Runs on an in-memory PGlite, and on PostgreSQL too when
// DATABASE_URL is set (in a database it creates and drops). Issue 4's bar: under 30 s.
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { eq, sql } from "drizzle-orm";
import os from "node:os";
import postgres from "postgres";
import { openPglite, openPostgres, rowsOf, setDbHandle, type DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { emailMessages, events, offerProducts, offers, products, workspaces } from "@/db/schema";
import { importContacts, parseContactsCsv } from "@/lib/contacts/import";

const ROWS = 10_000;

async function run(handle: DbHandle, label: string) {
  await migrate(handle);
  setDbHandle(handle);
  const { db } = handle;
  const [ws] = await db.insert(workspaces).values({ slug: "bench", name: "Bench Academy" }).returning();
  const [offer] = await db.insert(offers).values({ workspaceId: ws!.id, title: "Starter", slug: "starter", status: "published" }).returning();
  const [product] = await db.insert(products).values({ workspaceId: ws!.id, title: "Course", slug: "course", published: true }).returning();
  await db.insert(offerProducts).values({ workspaceId: ws!.id, offerId: offer!.id, productId: product!.id });
  const csv = ["email,first name,last name,tags,phone", ...Array.from({ length: ROWS }, (_, i) => `person${i}@bench.test,First${i},Last${i},"cohort-${i % 7}; imported",+1 202 555 ${String(i % 10_000).padStart(4, "0")}`)].join("\n");

  const started = performance.now();
  const parsed = parseContactsCsv(csv);
  const parseMs = performance.now() - started;
  const result = await importContacts({ workspace: ws!, actor: { type: "system" }, request: {} }, { parsed, offer });
  const seconds = (performance.now() - started) / 1000;
  const count = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;
  const n = { n: sql<number>`count(*)::int` };
  const [grants] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from offer_grants where workspace_id = ${ws!.id} and source = 'import'`);
  const emails = await count(db.select(n).from(emailMessages).where(eq(emailMessages.workspaceId, ws!.id)));
  const granted = await count(db.select(n).from(events).where(sql`${events.workspaceId} = ${ws!.id} and ${events.type} = 'product_access_granted'`));
  const verified = result.created === ROWS && grants!.n === ROWS && emails === ROWS && granted === ROWS;
  console.log(`${label}: parse ${Math.round(parseMs)} ms, total ${seconds.toFixed(1)} s; grants=${grants!.n} welcome_emails=${emails} product_events=${granted} verified=${verified}`);
  return { seconds, verified };
}

const results: string[] = [];
const pg = new PGlite({ extensions: { pg_trgm } });
const lite = await run(openPglite(pg), "pglite");
await pg.close();
results.push(`pglite_s=${lite.seconds.toFixed(1)}`);
let ok = lite.verified;

if (process.env.DATABASE_URL) {
  const name = "portico_bench_import";
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), 4);
  try {
    const r = await run(handle, "postgres");
    results.push(`postgres_s=${r.seconds.toFixed(1)}`);
    ok &&= r.verified;
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
console.log(`# ${new Date().toISOString()} ${os.cpus().length}cpu-${Math.round(os.totalmem() / 2 ** 30)}gb-node${process.versions.node}`);
console.log(`bench:import rows=${ROWS} ${results.join(" ")} verified=${ok}`);
process.exit(ok ? 0 : 1);
