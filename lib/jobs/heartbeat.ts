/**
 * Worker heartbeats in PostgreSQL (table worker_heartbeats): a running worker beats every
 * HEARTBEAT_MS; one whose beat is older than STALE_AFTER_MS (or that said it stopped) is gone,
 * and what it had claimed is released by the others (lib/mail/deliver.ts). /api/ready and
 * Settings → System read `workerStatus`.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import os from "node:os";
import { db } from "@/db/client";
import { workerHeartbeats, type WorkerHeartbeat } from "@/db/schema";

export const HEARTBEAT_MS = 2_000;
export const STALE_AFTER_MS = 10_000;

/** Registers this worker process; returns its id (what its claims are stamped with). */
export async function registerWorker(): Promise<string> {
  const [row] = await db.insert(workerHeartbeats).values({ host: os.hostname(), pid: process.pid }).returning({ id: workerHeartbeats.id });
  return row!.id;
}

export async function beat(id: string): Promise<void> {
  await db.update(workerHeartbeats).set({ beatAt: sql`now()` }).where(eq(workerHeartbeats.id, id));
}

export async function markStopped(id: string): Promise<void> {
  await db.update(workerHeartbeats).set({ stoppedAt: sql`now()` }).where(eq(workerHeartbeats.id, id));
}

/** SQL: the ids of workers that are gone (stopped, or silent for longer than STALE_AFTER_MS). */
export const goneWorkersSql = sql`(select id from worker_heartbeats where stopped_at is not null or beat_at < now() - ${STALE_AFTER_MS} * interval '1 millisecond')`;

export type WorkerStatus = { live: WorkerHeartbeat[]; lastBeatAt: Date | null; fresh: boolean };

/** The workers that are running now (fresh beat, not stopped), and the freshest beat of any. */
export async function workerStatus(): Promise<WorkerStatus> {
  const [live, [last]] = await Promise.all([
    db
      .select()
      .from(workerHeartbeats)
      .where(and(isNull(workerHeartbeats.stoppedAt), sql`${workerHeartbeats.beatAt} >= now() - ${STALE_AFTER_MS} * interval '1 millisecond'`))
      .orderBy(desc(workerHeartbeats.beatAt))
      .limit(50),
    db.select({ at: sql<Date | string | null>`max(${workerHeartbeats.beatAt})` }).from(workerHeartbeats),
  ]);
  const at = last?.at ? new Date(last.at) : null;
  return { live, lastBeatAt: at, fresh: live.length > 0 };
}

/** Rows of workers stopped or silent for a day are of no use to anyone. */
export async function pruneHeartbeats(): Promise<void> {
  await db.execute(sql`delete from worker_heartbeats where beat_at < now() - interval '1 day'`);
}
