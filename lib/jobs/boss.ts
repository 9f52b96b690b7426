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

export const QUEUES = { outbox: "outbox" } as const;

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

async function create(role: Role): Promise<PgBoss> {
  const handle = dbHandle();
  const supervise = role === "worker";
  const options =
    handle.kind === "pglite"
      ? { db: pgliteDb(handle.pglite), supervise, schedule: supervise }
      : { connectionString: handle.url, max: 4, supervise, schedule: supervise };
  const boss = new PgBoss(options);
  boss.on("error", (err) => log.error({ err }, "pg-boss error"));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    // stately: at most one queued and one active drain; extra wake-ups collapse into one. A job
    // of a killed worker stays active until it expires, so expiry is short (the timer drains meanwhile).
    const options = { name, policy: "stately" as const, expireInSeconds: 300 };
    await boss.createQueue(name, options);
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

export async function stopBoss(): Promise<void> {
  const current = g.__porticoBoss;
  g.__porticoBoss = undefined;
  if (current) await (await current.boss).stop({ graceful: true, wait: true, close: true });
}
