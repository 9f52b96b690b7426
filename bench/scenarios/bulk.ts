// bench:bulk — "Send Login Email" to 10,000 contacts on PostgreSQL, delivered by a separate
// worker process through the Resend SDK to the local fake Resend, which enforces 2 requests/s
// and at most 100 emails per batch. Reports the time to queue all, the time until the fake
// server has every email, duplicates and lost emails (counted by the fake server per
// recipient), and the worker's peak resident memory.
import { sql } from "drizzle-orm";
import os from "node:os";
import { rowsOf } from "@/db/client";
import { workspaces } from "@/db/schema";
import { sendLoginEmails } from "@/lib/links/bulk-send";
import { startWorkerBench } from "../worker-bench";

const N = 10_000;
const bench = await startWorkerBench("portico_bench_bulk", "bench:bulk");
const { fake } = bench;

try {
  const { db } = bench;
  const [ws] = await db.insert(workspaces).values({ slug: "bench", name: "Bench Academy", senderName: "Bench Academy" }).returning();
  const w = ws!.id;
  await rowsOf(db, sql`insert into offers (workspace_id, title, slug, status) values (${w}, 'All access', 'all', 'published')`);
  await rowsOf(db, sql`insert into contacts (workspace_id, email, first_name, portal_status) select ${w}, 'learner' || g || '@bench.test', 'Learner' || g, 'invited' from generate_series(1, ${N}) g`);
  await rowsOf(db, sql`insert into offer_grants (workspace_id, contact_id, offer_id, source) select ${w}, c.id, o.id, 'admin' from contacts c, offers o where c.workspace_id = ${w} and o.workspace_id = ${w}`);
  const ids = (await rowsOf<{ id: string }>(db, sql`select id from contacts where workspace_id = ${w}`)).map((r) => r.id);
  await new Promise((r) => setTimeout(r, 3000)); // the worker is up and idle

  const started = performance.now();
  const result = await sendLoginEmails({ workspace: ws!, actor: { type: "system" }, request: {} }, ids);
  const queueS = (performance.now() - started) / 1000;
  console.log(`queued ${result.queued} (skipped ${result.skipped.length}) in ${queueS.toFixed(2)} s`);
  const deadline = Date.now() + 180_000;
  while (fake.delivered.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const deliverS = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2000)); // anything late would show up as a duplicate
  const counts = [...fake.deliveries.values()];
  const duplicates = counts.reduce((n, c) => n + Math.max(0, c - 1), 0);
  const lost = N - counts.filter((c) => c > 0).length;
  const batches = fake.requests.filter((r) => r.status === 200);
  console.log(`provider calls: ${fake.requests.length} (${batches.length} accepted, ${fake.requests.filter((r) => r.status === 429).length} refused 429), largest batch ${Math.max(...batches.map((r) => r.count))}`);
  console.log(`delivered ${fake.delivered.length} in ${deliverS.toFixed(1)} s from the start of queueing (${(deliverS - queueS).toFixed(1)} s after it)`);
  console.log(`# ${new Date().toISOString()} ${os.cpus().length}cpu-${Math.round(os.totalmem() / 2 ** 30)}gb-node${process.versions.node}`);
  console.log(`bench:bulk queue_s=${queueS.toFixed(2)} deliver_s=${deliverS.toFixed(1)} duplicates=${duplicates} lost=${lost} peak_mb=${bench.peakMb()}`);
} finally {
  await bench.stop();
}
process.exit(0);
