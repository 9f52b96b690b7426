// bench:workflows — 10,000 contacts imported with an offer on PostgreSQL (the dashboard's import
// function, welcome emails off: the workflow sends its own), one enabled workflow on Offer
// Access Granted: "send email" (a template with {{login_url}}) then "add to group". A separate
// worker process (npm run worker) dispatches and runs it and delivers through the Resend SDK to
// the local fake Resend (2 requests/s, ≤ 100 emails per call).
// Reports: dispatch lag p50/p95 (an event becoming visible, i.e. committed → its run created; the
// bench polls the events table every 20 ms, so a lag is known to ±20 ms), the lag to the run's
// first step, the time from the end of the import until every run is completed AND every email is
// at the fake provider, duplicates and lost emails (the provider's per-recipient count), group
// memberships, and the worker's peak resident memory.
import { sql } from "drizzle-orm";
import os from "node:os";
import postgres from "postgres";
import { rowsOf } from "@/db/client";
import { customTemplates, groups, offers, workflows, workflowVersions, workspaces } from "@/db/schema";
import { importContacts, parseContactsCsv } from "@/lib/contacts/import";
import { startWorkerBench } from "../worker-bench";

const N = Number(process.env.BENCH_CONTACTS ?? 10_000);
const bench = await startWorkerBench("portico_bench_workflows", "bench:workflows", {
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  APP_URL: "http://127.0.0.1:3000",
  AUTH_SECRET: "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
});
const { fake, dbUrl } = bench;

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);

try {
  const { db } = bench;
  const [ws] = await db.insert(workspaces).values({ slug: "bench", name: "Bench Academy", senderName: "Bench Academy" }).returning();
  const w = ws!.id;
  const [offer] = await db.insert(offers).values({ workspaceId: w, title: "All access", slug: "all", status: "published" }).returning();
  const [group] = await db.insert(groups).values({ workspaceId: w, name: "Members", slug: "members" }).returning();
  const [tpl] = await db.insert(customTemplates).values({ workspaceId: w, name: "Welcome", subject: "Welcome to {{offer.title}}", body: "Hi {{contact.first_name}},\n\nyour course is ready: {{login_url}}" }).returning();
  const def = {
    name: "Welcome and community",
    trigger: "offer_access_granted",
    filter: { offerId: offer!.id },
    steps: [
      { type: "send_email", config: { templateId: tpl!.id } },
      { type: "add_to_group", config: { groupId: group!.id } },
    ],
    stopWhen: [],
  };
  const [wf] = await db.insert(workflows).values({ workspaceId: w, ...def, enabled: true, version: 1 }).returning();
  await db.insert(workflowVersions).values({ workspaceId: w, workflowId: wf!.id, version: 1, ...def });
  await new Promise((r) => setTimeout(r, 4000)); // the worker is up and idle

  // Watch events become visible (committed): first seen, to ±20 ms.
  const seen = new Map<string, number>();
  let watching = true;
  const poller = (async () => {
    const observer = postgres(dbUrl, { max: 1, onnotice: () => {} });
    let floor = 0;
    while (watching) {
      const rows = await observer<{ id: string; seq: string }[]>`select id, seq from events where seq > ${floor} and type = 'offer_access_granted' order by seq`;
      const now = Date.now();
      for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, now);
      // Transactions commit out of seq order: keep looking a window back.
      if (rows.length) floor = Math.max(floor, Number(rows.at(-1)!.seq) - 5000);
      await new Promise((r) => setTimeout(r, 20));
    }
    await observer.end();
  })();

  const csv = ["email,first name,last name", ...Array.from({ length: N }, (_, i) => `learner${i}@bench.test,Learner${i},Bench`)].join("\n");
  const started = Date.now();
  const result = await importContacts({ workspace: ws!, actor: { type: "system" }, request: {} }, { parsed: parseContactsCsv(csv), offer: offer!, welcome: false });
  const imported = Date.now();
  console.log(`imported ${result.created} contacts, ${result.granted} grants in ${((imported - started) / 1000).toFixed(1)} s`);

  const deadline = Date.now() + 240_000;
  let runsDoneAt = 0;
  let emailsDoneAt = 0;
  while (Date.now() < deadline && (!runsDoneAt || !emailsDoneAt)) {
    if (!runsDoneAt) {
      const [r] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from workflow_runs where status = 'completed'`);
      if (r!.n >= N) runsDoneAt = Date.now();
    }
    if (!emailsDoneAt && fake.deliveries.size >= N) emailsDoneAt = Date.now();
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 2000)); // anything late would show up as a duplicate
  watching = false;
  await poller;

  const runs = await rowsOf<{ event_id: string; created_ms: number; started_ms: number | null; status: string }>(
    db,
    sql`select event_id, (extract(epoch from created_at) * 1000)::float8 as created_ms, (extract(epoch from started_at) * 1000)::float8 as started_ms, status from workflow_runs`,
  );
  const lag = runs.filter((r) => seen.has(r.event_id)).map((r) => Math.max(0, Math.round(Number(r.created_ms) - seen.get(r.event_id)!)));
  const startLag = runs.filter((r) => seen.has(r.event_id) && r.started_ms).map((r) => Math.max(0, Math.round(Number(r.started_ms) - seen.get(r.event_id)!)));
  const counts = [...fake.deliveries.values()];
  const duplicates = counts.reduce((n, c) => n + Math.max(0, c - 1), 0);
  const lost = N - counts.filter((c) => c > 0).length;
  const [members] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from group_memberships where group_id = ${group!.id}`);
  const [twice] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from (select 1 from workflow_run_steps where status = 'succeeded' group by run_id, step_index having count(*) > 1) d`);
  const doneS = runsDoneAt && emailsDoneAt ? (Math.max(runsDoneAt, emailsDoneAt) - imported) / 1000 : NaN;
  console.log(`runs: ${runs.length} (${runs.filter((r) => r.status === "completed").length} completed, all done ${runsDoneAt ? ((runsDoneAt - imported) / 1000).toFixed(1) : "—"} s after the import); steps done twice: ${twice!.n}; group members: ${members!.n}`);
  console.log(`dispatch lag (visible → run created) p50 ${pct(lag, 50)} ms p95 ${pct(lag, 95)} ms max ${pct(lag, 100)} ms over ${lag.length} runs; visible → first step p50 ${pct(startLag, 50)} ms p95 ${pct(startLag, 95)} ms`);
  console.log(`emails at the provider: ${fake.delivered.length}, all there ${emailsDoneAt ? ((emailsDoneAt - imported) / 1000).toFixed(1) : "—"} s after the import (provider limit: ${(N / 200).toFixed(0)} s)`);
  console.log(`# ${new Date().toISOString()} ${os.cpus().length}cpu-${Math.round(os.totalmem() / 2 ** 30)}gb-node${process.versions.node}`);
  console.log(`bench:workflows runs=${runs.length} done_s=${doneS.toFixed(1)} lag_p95_ms=${pct(lag, 95)} duplicates=${duplicates} lost=${lost} peak_mb=${bench.peakMb()}`);
} finally {
  await bench.stop();
}
process.exit(0);
