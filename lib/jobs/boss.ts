/**
 * pg-boss, one per process: over PGlite through its `db` option (parameterless SQL may hold
 * several statements → exec, otherwise query), over PostgreSQL through its own pool.
 */
import type { PGlite } from "@electric-sql/pglite";
import PgBoss from "pg-boss";
import { dbHandle } from "@/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

const log = logger("jobs");

export const QUEUES = { outbox: "outbox", emailRequest: "email-request" } as const;

type QueueOptions = Omit<PgBoss.Queue, "name">;
/** How often a worker's pg-boss expires jobs stuck active (and archives finished ones). */
const MAINTENANCE_S = 10;
const QUEUE_OPTIONS: Record<(typeof QUEUES)[keyof typeof QUEUES], QueueOptions> = {
  // stately: at most one queued and one active drain; extra wake-ups collapse into one. A job
  // of a killed worker stays active until it expires, so expiry is short (the timer drains meanwhile).
  outbox: { policy: "stately", expireInSeconds: 300 },
  // One job per "email me a link/code/reset" (lib/jobs/email-requests.ts): each must run, retried if it fails.
  // A job fetched by a worker that then lost PostgreSQL (or died) stays active until it expires:
  // the handler takes well under a second, so 30 s, checked by the workers' maintenance every 10 s.
  "email-request": { policy: "standard", expireInSeconds: 30, retryLimit: 8, retryDelay: 2, retryBackoff: true },
};

function pgliteDb(pg: PGlite) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (!values || values.length === 0) {
        try {
          const results = await pg.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        } catch (err) {
          // A failed multi-statement script can leave its BEGIN open on the single connection.
          await pg.exec("ROLLBACK").catch(() => {});
          throw err;
        }
      }
      const result = await pg.query(text, values);
      return { rows: result.rows };
    },
  };
}

type Role = "worker" | "client";
const g = globalThis as unknown as { __porticoBoss?: { role: Role; boss: Promise<PgBoss> } };

/** Creates the queue unless it exists. Processes starting together race (even deadlock) on a new queue: the loser tries again. */
async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      return await boss.createQueue(name, options);
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
    }
  }
}

async function create(role: Role): Promise<PgBoss> {
  const handle = dbHandle();
  const supervise = role === "worker";
  const options =
    handle.kind === "pglite"
      ? { db: pgliteDb(handle.pglite), supervise, schedule: supervise, maintenanceIntervalSeconds: MAINTENANCE_S }
      : { connectionString: handle.url, max: 4, supervise, schedule: supervise, maintenanceIntervalSeconds: MAINTENANCE_S, connectionTimeoutMillis: 2_000 };
  const boss = new PgBoss(options);
  boss.on("error", (err) => log.error({ err }, "pg-boss error"));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    const options = { name, ...QUEUE_OPTIONS[name] };
    await ensureQueue(boss, name, options);
    await boss.updateQueue(name, options);
  }
  return boss;
}

/** The process's pg-boss; a worker instance also serves as client. */
export function getBoss(role: Role = "client"): Promise<PgBoss> {
  const current = g.__porticoBoss;
  if (current && (current.role === "worker" || role === "client")) return current.boss;
  if (current && role === "worker") throw new Error("pg-boss already started as a client in this process");
  const boss = create(role);
  g.__porticoBoss = { role, boss };
  boss.catch(() => {
    if (g.__porticoBoss?.boss === boss) g.__porticoBoss = undefined;
  });
  return boss;
}

/** Whether this process may enqueue jobs at all (unit tests drive the worker functions directly). */
export function jobsEnabled(): boolean {
  return env.NODE_ENV !== "test" || Boolean(g.__porticoBoss);
}

/** Stops fetching jobs and waits up to `timeoutMs` for the ones being handled. */
export async function stopBoss(timeoutMs = 30_000): Promise<void> {
  const current = g.__porticoBoss;
  g.__porticoBoss = undefined;
  if (current) await (await current.boss).stop({ graceful: true, wait: true, close: true, timeout: timeoutMs });
}
