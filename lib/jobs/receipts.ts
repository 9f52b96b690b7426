/**
 * Exactly-once effects for at-least-once jobs (see db/schema/ops.ts jobReceipts): `firstRun(tx, id)`
 * inside the effect's transaction is true the first time only. Without an id (a direct call) it is true.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "@/db/client";

export async function firstRun(tx: Queryable, jobId: string | undefined): Promise<boolean> {
  if (!jobId) return true;
  const rows = await rowsOf<{ job_id: string }>(tx, sql`insert into job_receipts (job_id) values (${jobId}) on conflict do nothing returning job_id`);
  return rows.length === 1;
}

/** Receipts older than the longest a job can be retried (about a day) are of no use. */
export async function pruneReceipts(q: Queryable): Promise<void> {
  await q.execute(sql`delete from job_receipts where created_at < now() - interval '2 days'`);
}
