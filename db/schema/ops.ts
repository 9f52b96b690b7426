import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { id, tstz } from "./common";

/**
 * One row per worker process (in-process under `npm start`, or `npm run worker`): it beats
 * every few seconds while running and says when it stopped. A claim held by a worker whose
 * beat has gone stale is released at once instead of after EMAIL_STUCK_AFTER_S; /api/ready
 * and Settings → System read the freshest beat.
 */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  id: id(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  startedAt: tstz("started_at").notNull().defaultNow(),
  beatAt: tstz("beat_at").notNull().defaultNow(),
  stoppedAt: tstz("stopped_at"),
});

export type WorkerHeartbeat = typeof workerHeartbeats.$inferSelect;

/**
 * A background job whose effect is committed (an email request's outbox row): written in the same
 * transaction as the effect, keyed by the job's id. pg-boss delivers a job at least once (a worker
 * that lost the database after committing cannot mark it done); the receipt makes a second run a
 * no-op, so a retried request never sends a second email.
 */
export const jobReceipts = pgTable("job_receipts", {
  jobId: text("job_id").primaryKey(),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
