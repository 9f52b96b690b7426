// bench:webhooks — 10,000 contacts imported with an offer on PostgreSQL (the dashboard's import
// function: one offer_access_granted event each), one webhook endpoint subscribed to
// offer_access.granted on a loopback receiver that is DOWN (connection refused) for the first
// 30 s, then up. A separate worker process (npm run worker, production outbound rules with
// OUTBOUND_ALLOW_PRIVATE=127.0.0.1/32) fans the events out and delivers them, retrying.
// Reports: seconds from the receiver coming up until every delivery is delivered and at the
// receiver, webhook-ids never received (lost), received more than once (duplicates), and bad
// signatures (each request is verified with standardwebhooks).
import { createServer } from "node:http";
import os from "node:os";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";

// The endpoint's secret is sealed here and opened by the worker: one AUTH_SECRET for both, set
// before anything reads the environment (hence the imports below).
const AUTH_SECRET = (process.env.AUTH_SECRET ??= "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz");
const { rowsOf } = await import("@/db/client");
const { offers, workspaces } = await import("@/db/schema");
const { importContacts, parseContactsCsv } = await import("@/lib/contacts/import");
const { createEndpoint } = await import("@/lib/webhooks/endpoints");
const { startWorkerBench } = await import("../worker-bench");

const N = Number(process.env.BENCH_EVENTS ?? 10_000);
const DOWN_MS = 30_000;
const PORT = 3507;
const bench = await startWorkerBench("wh_bench_webhooks", "bench:webhooks", {
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  APP_URL: "http://127.0.0.1:3000",
  AUTH_SECRET,
  OUTBOUND_ALLOW_PRIVATE: "127.0.0.1/32",
});

try {
  const { db } = bench;
  const [ws] = await db.insert(workspaces).values({ slug: "bench", name: "Bench Academy" }).returning();
  const [offer] = await db.insert(offers).values({ workspaceId: ws!.id, title: "All access", slug: "all", status: "published" }).returning();
  const ctx = { workspace: ws!, actor: { type: "system" as const }, request: {} };
  const endpoint = await createEndpoint(ctx, { url: `http://127.0.0.1:${PORT}/hook`, eventTypes: ["offer_access.granted"] });
  if (!endpoint.ok) throw new Error(endpoint.error);
  const verifier = new Webhook(endpoint.secret);
  await new Promise((r) => setTimeout(r, 4000)); // the worker is up and idle

  const received = new Map<string, number>();
  let badSignatures = 0;
  const receiver = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    try {
      verifier.verify(body, req.headers as Record<string, string>);
    } catch {
      badSignatures++;
    }
    const id = String(req.headers["webhook-id"]);
    received.set(id, (received.get(id) ?? 0) + 1);
    res.end("ok");
  });

  const started = Date.now();
  const csv = ["email,first name,last name", ...Array.from({ length: N }, (_, i) => `learner${i}@bench.test,Learner${i},Bench`)].join("\n");
  const result = await importContacts(ctx, { parsed: parseContactsCsv(csv), offer: offer!, welcome: false });
  console.log(`imported ${result.created} contacts, ${result.granted} grants in ${((Date.now() - started) / 1000).toFixed(1)} s; the receiver is down`);

  await new Promise((r) => setTimeout(r, Math.max(0, started + DOWN_MS - Date.now())));
  const [before] = await rowsOf<{ queued: number; attempts: number }>(db, sql`select count(*)::int as queued, coalesce(sum(attempts), 0)::int as attempts from webhook_deliveries where status = 'queued'`);
  console.log(`receiver down ${DOWN_MS / 1000} s: ${before!.queued} deliveries queued for retry after ${before!.attempts} failed attempts; now up`);
  await new Promise<void>((r) => receiver.listen(PORT, "127.0.0.1", r));
  const up = Date.now();

  let doneAt = 0;
  const deadline = up + 150_000;
  while (Date.now() < deadline && !doneAt) {
    const [r] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from webhook_deliveries where status = 'delivered'`);
    if (r!.n >= N && received.size >= N) doneAt = Date.now();
    else await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 3000)); // anything late would show up as a duplicate
  receiver.close();

  const [counts] = await rowsOf<{ deliveries: number; delivered: number; failed: number; attempts: number; max_attempts: number }>(
    db,
    sql`select count(*)::int as deliveries, count(*) filter (where status = 'delivered')::int as delivered, count(*) filter (where status = 'failed')::int as failed,
               (select count(*)::int from webhook_attempts) as attempts, coalesce(max(attempts), 0)::int as max_attempts from webhook_deliveries`,
  );
  const [events] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from events where type = 'offer_access_granted'`);
  const [ids] = await rowsOf<{ ids: string[] }>(db, sql`select coalesce(array_agg(message_id), '{}') as ids from webhook_deliveries`);
  const expected = new Set(ids!.ids);
  const lost = events!.n - [...expected].filter((id) => received.has(id)).length;
  const duplicates = [...received.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  const doneS = doneAt ? (doneAt - up) / 1000 : NaN;
  console.log(`deliveries: ${counts!.deliveries} for ${events!.n} events (${counts!.delivered} delivered, ${counts!.failed} failed), ${counts!.attempts} attempts in all, at most ${counts!.max_attempts} for one; bad signatures: ${badSignatures}; worker peak ${bench.peakMb()} MB`);
  console.log(`# ${new Date().toISOString()} ${os.cpus().length}cpu-${Math.round(os.totalmem() / 2 ** 30)}gb-node${process.versions.node}`);
  console.log(`bench:webhooks events=${events!.n} done_s=${doneS.toFixed(1)} lost=${lost} duplicates=${duplicates}`);
} finally {
  await bench.stop();
}
process.exit(0);
