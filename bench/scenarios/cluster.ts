// bench:cluster — bench:links and bench:bulk on one app instance + one worker, then on two
// instances + two workers (test/cluster/cluster.ts: production servers with PORTICO_WORKER=off
// and `npm run worker` processes on one PostgreSQL database, behind the round-robin proxy; the
// one-instance run goes through the same proxy). Links: 1,500 warm-up redemptions, then 5,000
// counted, 50 connections, every link checked used exactly once. Bulk: "Send Login Email" to
// 10,000 contacts through the fake Resend at 2 requests/s, 100 per batch, duplicates and lost
// counted per recipient. Last line: bench:cluster instances=2 workers=2 links_rps=… bulk_deliver_s=… duplicates=… lost=…
import { and, eq, sql } from "drizzle-orm";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openPostgres, setDbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { auditEntries, authTokens } from "@/db/schema";
import { authSecret } from "@/lib/env";
import { stopBoss } from "@/lib/jobs/boss";
import { sendLoginEmails } from "@/lib/links/bulk-send";
import { startFakeResend } from "@/test/fake-resend";
import { startCluster } from "@/test/cluster/cluster";
import { issueLinks, seedWorkspace } from "@/test/cluster/client";
import { load } from "../runner";

const LINKS = 5000;
const WARMUP = 1500;
const EMAILS = 10_000;
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("bench:cluster needs DATABASE_URL (PostgreSQL; it creates and drops its own database, BENCH_DB or portico_bench_cluster), e.g.\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:cluster");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "../..");
const name = process.env.BENCH_DB ?? "portico_bench_cluster";
if (!/^[a-z][a-z0-9_]{0,50}$/.test(name)) throw new Error("BENCH_DB: lower-case letters, digits and _");
const admin = postgres(url, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.unsafe(`create database ${name}`);
const dbUrl = new URL(url);
dbUrl.pathname = `/${name}`;
const handle = openPostgres(dbUrl.toString(), 8);
setDbHandle(handle);
const { db } = handle;

type Run = { instances: number; linksRps: number; p50: number; p99: number; linksOk: boolean; deliverS: number; duplicates: number; lost: number; directRps?: number };

const verifyLinks = async (workspaceId: string, all: number) => {
  const [tokens] = await db
    .select({ once: sql<number>`count(*) filter (where use_count = 1)::int` })
    .from(authTokens)
    .where(eq(authTokens.workspaceId, workspaceId));
  const [audits] = await db
    .select({ n: sql<number>`count(*)::int`, contacts: sql<number>`count(distinct contact_id)::int` })
    .from(auditEntries)
    .where(and(eq(auditEntries.workspaceId, workspaceId), eq(auditEntries.action, "login_link.used")));
  return { once: tokens!.once, audits: audits!.n, ok: tokens!.once === all && audits!.n === all && audits!.contacts === all };
};

async function run(instances: number): Promise<Run> {
  const fake = await startFakeResend({ ratePerSecond: 2 });
  const cluster = await startCluster({
    databaseUrl: dbUrl.toString(),
    authSecret: authSecret(),
    resendUrl: fake.url,
    proxyPort: 3710,
    appPorts: [3711, 3712].slice(0, instances),
    workers: instances,
    env: { DATABASE_POOL_SIZE: "20", EMAIL_PROVIDER_RPS: "2", EMAIL_BATCH_SIZE: "100" },
  });
  try {
    // Links: redeem each once through the proxy.
    const { workspace, ids } = await seedWorkspace(db, `links${instances}`, LINKS + WARMUP, `l${instances}x`);
    const secrets = await issueLinks(db, workspace.id, ids);
    const redeemAll = (list: string[], base = cluster.proxy.url, slug = workspace.slug) => {
      let next = 0;
      return load({
        url: `${base}/p/${slug}/auth/redeem`,
        method: "POST",
        connections: 50,
        amount: list.length,
        seconds: 120,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: () => `token=${list[next++ % list.length]}`,
        expectStatus: 303,
      });
    };
    const warm = await redeemAll(secrets.slice(0, WARMUP));
    console.log(`[${instances}] links warm-up: ${warm.requests} redemptions at ${warm.rps}/s (not counted)`);
    const r = await redeemAll(secrets.slice(WARMUP));
    const v = await verifyLinks(workspace.id, LINKS + WARMUP);
    const linksOk = r.requests === LINKS && r.errors === 0 && v.ok;
    console.log(`[${instances}] links: ${r.requests} at ${r.rps}/s p50=${r.p50} p95=${r.p95} p99=${r.p99} errors=${r.errors} used_once=${v.once} audits=${v.audits} verified=${linksOk} (proxy: ${cluster.proxy.served.join("/")} answers per instance)`);
    // With one instance, the same load straight at it too: what the proxy in front costs.
    let directRps: number | undefined;
    if (instances === 1) {
      const direct = await seedWorkspace(db, "direct1", LINKS, "d1x");
      const d = await redeemAll(await issueLinks(db, direct.workspace.id, direct.ids), cluster.apps[0]!.url, direct.workspace.slug);
      const dv = await verifyLinks(direct.workspace.id, LINKS);
      directRps = d.rps;
      console.log(`[1] links without the proxy: ${d.requests} at ${d.rps}/s p50=${d.p50} p99=${d.p99} errors=${d.errors} verified=${d.errors === 0 && dv.ok}`);
    }

    // Bulk: 10,000 login emails, delivered by the workers.
    const bulk = await seedWorkspace(db, `bulk${instances}`, EMAILS, `b${instances}x`);
    const started = performance.now();
    const result = await sendLoginEmails({ workspace: bulk.workspace, actor: { type: "system" }, request: {} }, bulk.ids);
    const queueS = (performance.now() - started) / 1000;
    const deadline = Date.now() + 240_000;
    while (fake.delivered.length < EMAILS && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    const deliverS = (performance.now() - started) / 1000;
    await new Promise((res) => setTimeout(res, 2000)); // anything late would show up as a duplicate
    const counts = [...fake.deliveries.values()];
    const duplicates = counts.reduce((n, c) => n + Math.max(0, c - 1), 0);
    const lost = EMAILS - counts.filter((c) => c > 0).length;
    const refused = fake.requests.filter((x) => x.status === 429).length;
    console.log(`[${instances}] bulk: queued ${result.queued} in ${queueS.toFixed(2)} s, delivered ${fake.delivered.length} in ${deliverS.toFixed(1)} s, provider calls ${fake.requests.length} (${refused} refused 429), duplicates=${duplicates} lost=${lost}`);
    return { instances, linksRps: r.rps, p50: r.p50, p99: r.p99, linksOk, deliverS, duplicates, lost, directRps };
  } finally {
    await cluster.stop();
    await stopBoss().catch(() => {});
    await fake.close();
  }
}

try {
  const build = spawnSync(process.execPath, [path.join(root, "scripts/start.mjs"), "--build-only"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("build failed");
  await migrate(handle);
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  const one = await run(1);
  const two = await run(2);
  // Other work on the machine shows in the load average (2 cores: above 2 the runs share them).
  console.log(`# ${new Date().toISOString()} ${os.cpus().length}cpu-${Math.round(os.totalmem() / 2 ** 30)}gb-node${process.versions.node} loadavg_1m=${loadBefore}→${os.loadavg()[0]!.toFixed(1)}`);
  for (const x of [one, two]) {
    console.log(`instances=${x.instances} workers=${x.instances}: links_rps=${x.linksRps}${x.directRps ? ` (direct, no proxy: ${x.directRps})` : ""} p50=${x.p50} p99=${x.p99} verified=${x.linksOk} bulk_deliver_s=${x.deliverS.toFixed(1)} duplicates=${x.duplicates} lost=${x.lost}`);
  }
  const errors = (two.linksOk ? 0 : 1) + (one.linksOk ? 0 : 1);
  if (errors) console.log(`links verification failed in ${errors} run(s)`);
  console.log(`bench:cluster instances=2 workers=2 links_rps=${two.linksRps} bulk_deliver_s=${two.deliverS.toFixed(1)} duplicates=${two.duplicates} lost=${two.lost}`);
} finally {
  await handle.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
process.exit(0);
