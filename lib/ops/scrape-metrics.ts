/**
 * The metrics the database knows, counted when /metrics is scraped. Each collector runs in its
 * own transaction under a statement timeout, so one that fails or is slow leaves its gauges
 * empty and `portico_collector_up{collector}` at 0 while the rest of the scrape goes on.
 * Answers are kept CACHE_MS (the two whole-table counts, deliveries and workflow runs, SLOW_CACHE_MS:
 * ≈ 70 ms on PostgreSQL and ≈ 200 ms on PGlite at 200k emails), so frequent or concurrent
 * scrapes cost at most one round of queries.
 * Every query is on a partial index (the outbox), a tiny table (heartbeats, pg-boss's stately
 * queue) or a single grouped count (deliveries, workflow runs).
 */
import { sql, type SQL } from "drizzle-orm";
import client from "prom-client";
import { db, rowsOf, type Tx } from "@/db/client";
import { STALE_AFTER_MS } from "@/lib/jobs/heartbeat";
import { logger } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { Timeout, within } from "./ready";

const log = logger("metrics");

const CACHE_MS = 5_000;
const SLOW_CACHE_MS = 30_000;
const SLOW = new Set(["deliveries", "workflow_runs"]);
const STATEMENT_TIMEOUT_MS = 2_000;

function create() {
  const registers = [metrics.registry];
  return {
    at: undefined as number | undefined,
    running: undefined as Promise<void> | undefined,
    ranAt: {} as Record<string, number>,
    up: new client.Gauge({ name: "portico_collector_up", help: "1 when the scrape-time collector answered, 0 when it failed", labelNames: ["collector"] as const, registers }),
    outbox: new client.Gauge({ name: "portico_outbox_messages", help: "Emails waiting in the outbox, by status (queued, sending)", labelNames: ["status"] as const, registers }),
    oldest: new client.Gauge({ name: "portico_outbox_oldest_queued_age_seconds", help: "Age of the oldest queued email (0 when none)", registers }),
    emails: new client.Gauge({ name: "portico_email_messages", help: "Emails by delivery status", labelNames: ["status"] as const, registers }),
    jobs: new client.Gauge({ name: "portico_worker_jobs", help: "pg-boss jobs by queue and state", labelNames: ["queue", "state"] as const, registers }),
    workers: new client.Gauge({ name: "portico_workers_live", help: "Worker processes with a fresh heartbeat", registers }),
    runs: new client.Gauge({ name: "portico_workflow_runs", help: "Workflow runs by status", labelNames: ["status"] as const, registers }),
  };
}

const g = globalThis as unknown as { __porticoScrape?: ReturnType<typeof create> };
const gauges = () => (g.__porticoScrape ??= create());

type Row = Record<string, string | number | null>;
const exists = async (tx: Tx, table: string) => (await rowsOf<{ t: string | null }>(tx, sql`select to_regclass(${table})::text as t`))[0]?.t != null;

const COLLECTORS: Record<string, (tx: Tx, m: ReturnType<typeof gauges>) => Promise<void>> = {
  async outbox(tx, m) {
    m.outbox.reset();
    m.oldest.reset();
    const rows = await rowsOf<Row>(
      tx,
      sql`select status::text as status, count(*)::int as n, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as age
            from email_messages where status in ('queued', 'sending') group by status`,
    );
    for (const s of ["queued", "sending"]) m.outbox.set({ status: s }, Number(rows.find((r) => r.status === s)?.n ?? 0));
    m.oldest.set(Number(rows.find((r) => r.status === "queued")?.age ?? 0));
  },
  async deliveries(tx, m) {
    m.emails.reset();
    const rows = await rowsOf<Row>(tx, sql`select status::text as status, count(*)::int as n from email_messages group by status`);
    for (const r of rows) m.emails.set({ status: String(r.status) }, Number(r.n));
  },
  async jobs(tx, m) {
    m.jobs.reset();
    if (!(await exists(tx, "pgboss.job"))) return;
    const rows = await rowsOf<Row>(tx, sql`select name, state::text as state, count(*)::int as n from pgboss.job group by name, state`);
    for (const r of rows) m.jobs.set({ queue: String(r.name), state: String(r.state) }, Number(r.n));
  },
  async workers(tx, m) {
    m.workers.reset();
    const [row] = await rowsOf<Row>(
      tx,
      sql`select count(*)::int as n from worker_heartbeats where stopped_at is null and beat_at >= now() - ${STALE_AFTER_MS} * interval '1 millisecond'`,
    );
    m.workers.set(Number(row?.n ?? 0));
  },
  async workflow_runs(tx, m) {
    m.runs.reset();
    if (!(await exists(tx, "workflow_runs"))) return;
    const rows = await rowsOf<Row>(tx, sql`select status, count(*)::int as n from workflow_runs group by status`);
    for (const r of rows) m.runs.set({ status: String(r.status) }, Number(r.n));
  },
};

/** The gauges each collector fills: emptied when it fails, so a stale number never looks current. */
const OWNS = { outbox: ["outbox", "oldest"], deliveries: ["emails"], jobs: ["jobs"], workers: ["workers"], workflow_runs: ["runs"] } as const;

async function collect(): Promise<void> {
  const m = gauges();
  let unreachable = false;
  for (const [name, run] of Object.entries(COLLECTORS)) {
    if (SLOW.has(name) && Date.now() - (m.ranAt[name] ?? 0) < SLOW_CACHE_MS) continue;
    try {
      if (unreachable) throw new Timeout();
      // The timeout in PostgreSQL bounds a slow query; the one here, a database that does not answer at all.
      await within(STATEMENT_TIMEOUT_MS + 500, () =>
        db.transaction(async (tx) => {
          await tx.execute(sql`set local statement_timeout = ${sql.raw(String(STATEMENT_TIMEOUT_MS))}` as SQL);
          await run(tx, m);
        }),
      );
      m.up.set({ collector: name }, 1);
      m.ranAt[name] = Date.now();
    } catch (err) {
      m.up.set({ collector: name }, 0);
      for (const k of OWNS[name as keyof typeof OWNS]) m[k].reset();
      // A database that did not answer one collector in time will not answer the next: skip the rest.
      if (err instanceof Timeout) {
        unreachable = true;
        continue;
      }
      log.warn({ err, collector: name }, "metrics collector failed");
    }
  }
  m.at = Date.now();
}

/** The exposition (Prometheus text format) and its content type. */
export async function exposition(): Promise<{ body: string; contentType: string }> {
  const m = gauges();
  if (!m.at || Date.now() - m.at > CACHE_MS) {
    m.running ??= collect().finally(() => (m.running = undefined));
    await m.running;
  }
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}

export const COLLECTOR_NAMES = Object.keys(COLLECTORS);
