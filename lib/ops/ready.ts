/**
 * Readiness (/api/ready): may this instance take traffic? The database answers within
 * CHECK_TIMEOUT_MS, every committed migration is applied, and some worker (this process's, or
 * another's with PORTICO_WORKER=off) has a fresh heartbeat. Liveness (/api/health) is only "the
 * process answers" and touches nothing. The answer names each check and its state, nothing more
 * (no error text: it could carry a host name or a connection string).
 */
import { sql } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import { db, rowsOf } from "@/db/client";
import { migrationsFolder } from "@/db/migrate";
import { workerStatus } from "@/lib/jobs/heartbeat";
import { logger } from "@/lib/log";

const log = logger("ready");

export const CHECK_TIMEOUT_MS = 2_000;

export type CheckState = "ok" | "failing" | "timeout" | "skipped";
export type Readiness = { ready: boolean; checks: { database: CheckState; migrations: CheckState; worker: CheckState } };

export class Timeout extends Error {}

/** `work` within `ms`, or a Timeout (the work itself goes on; its result is dropped). */
export function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
    timer.unref();
  });
  const running = work();
  running.catch(() => {}); // a late failure after the timeout is not unhandled
  return Promise.race([running, late]).finally(() => clearTimeout(timer));
}

async function check(name: string, ms: number, test: () => Promise<boolean>): Promise<CheckState> {
  try {
    return (await within(ms, test)) ? "ok" : "failing";
  } catch (err) {
    if (err instanceof Timeout) return "timeout";
    log.warn({ err, check: name }, "readiness check failed");
    return "failing";
  }
}

/** The `when` of every committed migration (drizzle's journal; the migrator records it as created_at). */
function committedMigrations(): number[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return journal.entries.map((e) => e.when);
}

// Migrations are never unapplied: once all were there, a later check need not ask again.
let migrated = false;
async function migrationsApplied(): Promise<boolean> {
  if (migrated) return true;
  const wanted = committedMigrations();
  const applied = await rowsOf<{ created_at: string | number }>(db, sql`select created_at from drizzle.__drizzle_migrations`).catch(() => []);
  const have = new Set(applied.map((r) => Number(r.created_at)));
  migrated = wanted.every((w) => have.has(w));
  return migrated;
}

export async function readiness(ms = CHECK_TIMEOUT_MS): Promise<Readiness> {
  const database = await check("database", ms, async () => (await db.execute(sql`select 1`), true));
  if (database !== "ok") return { ready: false, checks: { database, migrations: "skipped", worker: "skipped" } };
  const [migrations, worker] = await Promise.all([check("migrations", ms, migrationsApplied), check("worker", ms, async () => (await workerStatus()).fresh)]);
  return { ready: migrations === "ok" && worker === "ok", checks: { database, migrations, worker } };
}
