/**
 * The runner: executes claimed runs one step at a time, with a row per step attempt.
 *
 * Exactly once. A worker claims due runs (SKIP LOCKED, claimed_by = its heartbeat id). Every
 * step's outcome is written in a transaction that first locks the run and checks it is still
 * this worker's, still running, still at this step (the fence): a run cancelled from the
 * dashboard, or released because this worker was thought dead, is dropped, not run twice.
 * - Database steps (emails, grants, groups, tags) make their effect in that same transaction:
 *   the effect and "step done" commit together or not at all.
 * - Provider steps (SMS, webhook) write a "running" attempt first, call the provider with the
 *   step's key as idempotency key, then record the answer. A worker killed in between leaves
 *   the attempt "running"; the next attempt calls again under the same key.
 * - Wait steps park the run (waiting, resume_at) and hold no worker.
 * Failures: transient ones are retried with exponential backoff and full jitter up to
 * MAX_ATTEMPTS, then the run fails with the reason; a permanent one fails it at once.
 */
import { and, eq, sql } from "drizzle-orm";
import { db, rowsOf, type Tx } from "@/db/client";
import { events, workflowRunSteps, workflowRuns, type Event, type WorkflowRun } from "@/db/schema";
import { withEventCause } from "@/lib/access/events";
import { goneWorkersSql } from "@/lib/jobs/heartbeat";
import { logger } from "@/lib/log";
import { stepKey, waitSeconds, type StepType, type WAIT_UNITS } from "./definitions";
import { STEP_IMPLS } from "./steps";
import { StepError, StepSkipped, type StepEnv, type StepImpl, type StepOutput } from "./steps/types";
import { causeOf, clean, envFor, fence, loadContact, LostClaim, sendsEmail, versionOf, workspaceOf, type Loaded } from "./run-context";
import { endRun, stopReason } from "./stop";

const log = logger("workflows");

export const MAX_ATTEMPTS = 8;
export const RETRY_BASE_MS = 15_000;
export const RETRY_CAP_MS = 3_600_000;

/** Full jitter: a random delay up to base × 2^(attempt-1), capped; at least a second. */
export const retryDelayMs = (attempt: number, random = Math.random) => Math.max(1000, Math.round(random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempt - 1))));

/** Claims up to `limit` due runs for `workerId`. */
export async function claimRuns(workerId: string, limit: number): Promise<WorkflowRun[]> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`update workflow_runs r set status = 'running', claimed_by = ${workerId}, started_at = coalesce(r.started_at, now()), updated_at = now()
        from (select id from workflow_runs where status in ('queued', 'waiting', 'retrying') and resume_at <= now()
              order by resume_at limit ${limit} for update skip locked) due
        where r.id = due.id returning r.id`,
  );
  if (rows.length === 0) return [];
  return db.select().from(workflowRuns).where(sql`${workflowRuns.id} in (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})`);
}

/** Runs held by workers that stopped beating go back to the queue (their steps' outcomes are fenced, see above). */
export async function releaseDeadRunClaims(): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`update workflow_runs set status = 'queued', claimed_by = null, resume_at = now(), updated_at = now()
        where status = 'running' and claimed_by in ${goneWorkersSql} returning id`,
  );
  return rows.length;
}

/** Gives back runs this worker claimed but did not get to (stopping). */
export async function releaseRun(runId: string, workerId: string): Promise<void> {
  await db
    .update(workflowRuns)
    .set({ status: "queued", claimedBy: null, resumeAt: new Date(), updatedAt: new Date() })
    .where(and(eq(workflowRuns.id, runId), eq(workflowRuns.claimedBy, workerId), eq(workflowRuns.status, "running")));
}

/** Everything this worker still holds goes back to the queue (it is stopping). */
export async function releaseWorkerRuns(workerId: string): Promise<void> {
  await db
    .update(workflowRuns)
    .set({ status: "queued", claimedBy: null, resumeAt: new Date(), updatedAt: new Date() })
    .where(and(eq(workflowRuns.claimedBy, workerId), eq(workflowRuns.status, "running")));
}

export type RunOptions = {
  workerId: string;
  stopping?: () => boolean;
  /** The run's event, when the caller loaded a batch's at once. */
  event?: Event;
  /** Called when a step queued an email (the caller wakes the outbox once for a batch). */
  queuedEmail?: () => void;
};

/** Executes a claimed run until it waits, fails, finishes or is lost; returns its status then. */
export async function executeRun(claimed: WorkflowRun, opts: RunOptions): Promise<string> {
  const { workerId } = opts;
  const [version, workspace, [event]] = await Promise.all([
    versionOf(claimed),
    workspaceOf(claimed.workspaceId),
    opts.event ? [opts.event] : db.select().from(events).where(eq(events.id, claimed.eventId)),
  ]);
  if (!version || !workspace || !event) {
    await db.transaction(async (tx) => {
      await fence(tx, claimed, workerId, claimed.currentStep);
      await endRun(tx, claimed.id, "failed", "The workflow version or its event no longer exists.");
    }).catch((err) => { if (!(err instanceof LostClaim)) throw err; });
    return "failed";
  }
  const loaded: Loaded = { run: claimed, version, workspace, event };
  let index = claimed.currentStep;
  try {
    for (;;) {
      if (opts.stopping?.()) {
        await releaseRun(claimed.id, workerId);
        return "queued";
      }
      if (index >= version.steps.length) {
        await db.transaction(async (tx) => {
          await fence(tx, claimed, workerId, index);
          await endRun(tx, claimed.id, "completed", null);
        });
        return "completed";
      }
      if (STEP_IMPLS[version.steps[index]!.type as StepType]?.kind === "db") {
        const stretch = await runDbStretch(loaded, index, workerId);
        if (stretch) {
          if (stretch.emailed) opts.queuedEmail?.();
          if (stretch.ended) return stretch.ended;
          index = stretch.index;
          continue;
        }
        // A step of the stretch threw and nothing of it was kept: one by one below, which records it.
      }
      if (index > 0 && version.stopWhen.length > 0) {
        const reason = await db.transaction(async (tx) => {
          await fence(tx, claimed, workerId, index);
          const why = await stopReason(tx, claimed, version.stopWhen, event.data);
          if (why) await endRun(tx, claimed.id, "stopped", why);
          return why;
        });
        if (reason) return "stopped";
      }
      const outcome = await executeStep(loaded, index, workerId, opts);
      if (outcome !== "next") return outcome;
      index++;
    }
  } catch (err) {
    if (err instanceof LostClaim) return "lost";
    throw err;
  }
}

type Outcome = "next" | "waiting" | "retrying" | "failed" | "deferred";

/**
 * The common case, fast: the run's consecutive database steps from `start` in ONE transaction,
 * with the run's completion when they are its last steps. Any step that throws rolls all of it
 * back and returns null; the caller then runs them one by one, which records what failed.
 */
async function runDbStretch(l: Loaded, start: number, workerId: string): Promise<{ index: number; ended?: string; emailed: boolean } | null> {
  const steps = l.version.steps;
  let end = start;
  while (end < steps.length && STEP_IMPLS[steps[end]!.type as StepType]?.kind === "db") end++;
  try {
    return await db.transaction(async (tx) => {
      const attempts = await fence(tx, l.run, workerId, start);
      const rows: (typeof workflowRunSteps.$inferInsert)[] = [];
      let emailed = false;
      let index = start;
      let ended: string | undefined;
      let stopWhy: string | null = null;
      for (; index < end; index++) {
        if (index > 0 && l.version.stopWhen.length > 0) {
          stopWhy = await stopReason(tx, l.run, l.version.stopWhen, l.event.data);
          if (stopWhy) {
            ended = "stopped";
            break;
          }
        }
        const step = steps[index]!;
        const impl = STEP_IMPLS[step.type as StepType] as Extract<StepImpl, { kind: "db" }>;
        const startedAt = new Date();
        const contact = await loadContact(tx, l.run);
        const output = await withEventCause(causeOf(l), () => impl.run(tx, envFor(l, index, contact)));
        emailed ||= sendsEmail(step);
        const key = stepKey(l.run.id, index);
        rows.push({ workspaceId: l.run.workspaceId, runId: l.run.id, stepIndex: index, type: step.type, key, input: step.config, attempt: index === start ? attempts + 1 : 1, status: "succeeded", output: clean(output), startedAt, finishedAt: new Date() });
      }
      if (rows.length) await tx.insert(workflowRunSteps).values(rows);
      if (ended === "stopped") {
        await tx.update(workflowRuns).set({ currentStep: index }).where(eq(workflowRuns.id, l.run.id));
        await endRun(tx, l.run.id, "stopped", stopWhy);
      } else if (index >= steps.length) {
        await tx.update(workflowRuns).set({ currentStep: index }).where(eq(workflowRuns.id, l.run.id));
        await endRun(tx, l.run.id, "completed", null);
        ended = "completed";
      } else {
        await tx.update(workflowRuns).set({ currentStep: index, error: null, updatedAt: new Date() }).where(eq(workflowRuns.id, l.run.id));
      }
      return { index, ended, emailed };
    });
  } catch (err) {
    if (err instanceof LostClaim) throw err;
    return null;
  }
}

async function executeStep(l: Loaded, index: number, workerId: string, opts: RunOptions): Promise<Outcome> {
  const step = l.version.steps[index]!;
  const impl = STEP_IMPLS[step.type as keyof typeof STEP_IMPLS];
  const key = stepKey(l.run.id, index);
  const env = (_tx: Tx | null, contact: StepEnv["contact"]): StepEnv => envFor(l, index, contact);
  const cause = causeOf(l);
  const started = new Date();
  const base = { workspaceId: l.run.workspaceId, runId: l.run.id, stepIndex: index, type: step.type, key, input: step.config, startedAt: started };

  if (!impl) return fail(l, index, workerId, base, new StepError(`Unknown step type “${step.type}”.`));

  if (impl.kind === "wait") return waitStep(l, index, workerId, base, step.config as { amount: number; unit: keyof typeof WAIT_UNITS });

  if (impl.kind === "db") {
    try {
      await db.transaction(async (tx) => {
        const attempts = await fence(tx, l.run, workerId, index);
        const contact = await loadContact(tx, l.run);
        const output = await withEventCause(cause, () => impl.run(tx, env(tx, contact)));
        await tx.insert(workflowRunSteps).values({ ...base, attempt: attempts + 1, status: "succeeded", output: clean(output), finishedAt: new Date() });
        await tx.update(workflowRuns).set({ currentStep: index + 1, error: null, updatedAt: new Date() }).where(eq(workflowRuns.id, l.run.id));
      });
      if (sendsEmail(step)) opts.queuedEmail?.();
      return "next";
    } catch (err) {
      if (err instanceof LostClaim) throw err;
      return fail(l, index, workerId, base, err);
    }
  }

  // A provider step: a slot first (none free: the run waits a moment, no attempt used), then the attempt on record before the call.
  const release = impl.reserve ? impl.reserve(env(null, null)) : () => {};
  if (!release) {
    await db.transaction(async (tx) => {
      await fence(tx, l.run, workerId, index);
      await tx.update(workflowRuns).set({ status: "queued", claimedBy: null, resumeAt: new Date(Date.now() + DEFER_MS), updatedAt: new Date() }).where(eq(workflowRuns.id, l.run.id));
    });
    return "deferred";
  }
  try {
    return await externalStep(l, index, workerId, base, impl, env, cause);
  } finally {
    release();
  }
}

/** How long a run waits for a provider slot (lib/workflows/steps/webhook.ts PER_HOST). */
const DEFER_MS = 250;

async function externalStep(
  l: Loaded,
  index: number,
  workerId: string,
  base: Base,
  impl: Extract<StepImpl, { kind: "external" }>,
  env: (tx: Tx | null, contact: StepEnv["contact"]) => StepEnv,
  cause: ReturnType<typeof causeOf>,
): Promise<Outcome> {
  const attempt = await db.transaction(async (tx) => {
    const attempts = await fence(tx, l.run, workerId, index);
    await tx
      .update(workflowRunSteps)
      .set({ status: "failed", error: "The worker stopped during this attempt; tried again under the same key.", finishedAt: new Date() })
      .where(and(eq(workflowRunSteps.runId, l.run.id), eq(workflowRunSteps.stepIndex, index), eq(workflowRunSteps.status, "running")));
    await tx.insert(workflowRunSteps).values({ ...base, attempt: attempts + 1, status: "running" });
    return attempts + 1;
  });
  let output: StepOutput;
  try {
    const contact = await loadContact(db as unknown as Tx, l.run);
    output = await withEventCause(cause, () => impl.run(env(null, contact)));
  } catch (err) {
    return fail(l, index, workerId, base, err, attempt);
  }
  await db.transaction(async (tx) => {
    await fence(tx, l.run, workerId, index);
    await tx.update(workflowRunSteps).set({ status: "succeeded", output: clean(output), finishedAt: new Date() }).where(attemptRow(l.run.id, index, attempt));
    await tx.update(workflowRuns).set({ currentStep: index + 1, error: null, updatedAt: new Date() }).where(eq(workflowRuns.id, l.run.id));
  });
  return "next";
}

const attemptRow = (runId: string, index: number, attempt: number) =>
  and(eq(workflowRunSteps.runId, runId), eq(workflowRunSteps.stepIndex, index), eq(workflowRunSteps.attempt, attempt));

type Base = { workspaceId: string; runId: string; stepIndex: number; type: string; key: string; input: Record<string, unknown>; startedAt: Date };

/** Records a failed attempt (or a skip) and moves the run on: retrying later, failed, or to the next step. */
async function fail(l: Loaded, index: number, workerId: string, base: Base, err: unknown, existingAttempt?: number): Promise<Outcome> {
  const now = new Date();
  const skipped = err instanceof StepSkipped;
  const known = err instanceof StepError || skipped;
  if (!known) log.error({ err, runId: l.run.id, step: index }, "a workflow step failed unexpectedly; it will be retried");
  const transient = err instanceof StepError ? err.transient : !skipped;
  // Not the error's text: a database error carries its query's parameters (addresses, rendered text), and team members read this.
  const message = known ? (err as Error).message : `Unexpected error (${err instanceof Error ? err.name : "unknown"}; details in the server log); it will be tried again.`;
  const output = err instanceof StepError || err instanceof StepSkipped ? clean(err.output) : {};
  return db.transaction(async (tx) => {
    const attempts = await fence(tx, l.run, workerId, index);
    const attempt = existingAttempt ?? attempts + 1;
    const retry = !skipped && transient && attempt < MAX_ATTEMPTS;
    const status = skipped ? "skipped" : retry ? "retrying" : "failed";
    const row = { status, error: message, output, finishedAt: now };
    if (existingAttempt) await tx.update(workflowRunSteps).set(row).where(attemptRow(l.run.id, index, attempt));
    else await tx.insert(workflowRunSteps).values({ ...base, attempt, ...row });
    if (skipped) {
      await tx.update(workflowRuns).set({ currentStep: index + 1, updatedAt: now }).where(eq(workflowRuns.id, l.run.id));
      return "next";
    }
    if (retry) {
      const resumeAt = new Date(now.getTime() + retryDelayMs(attempt));
      await tx.update(workflowRuns).set({ status: "retrying", claimedBy: null, resumeAt, error: message, updatedAt: now }).where(eq(workflowRuns.id, l.run.id));
      return "retrying";
    }
    const final = transient ? `${message} (gave up after ${attempt} attempts)` : message;
    await endRun(tx, l.run.id, "failed", final);
    return "failed";
  });
}

async function waitStep(l: Loaded, index: number, workerId: string, base: Base, config: { amount: number; unit: keyof typeof WAIT_UNITS }): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const attempts = await fence(tx, l.run, workerId, index);
    const now = new Date();
    const [last] = attempts
      ? await tx.select().from(workflowRunSteps).where(attemptRow(l.run.id, index, attempts))
      : [];
    if (last?.status === "waiting") {
      // The run was claimed, so its resume time has come (or someone made it due now: "Resume now").
      await tx.update(workflowRunSteps).set({ status: "succeeded", finishedAt: now }).where(attemptRow(l.run.id, index, attempts));
      await tx.update(workflowRuns).set({ currentStep: index + 1, updatedAt: now }).where(eq(workflowRuns.id, l.run.id));
      return "next";
    }
    const until = new Date(now.getTime() + waitSeconds(config) * 1000);
    await tx.insert(workflowRunSteps).values({ ...base, attempt: attempts + 1, status: "waiting", output: { until: until.toISOString() } });
    await park(tx, l.run.id, until);
    return "waiting";
  });
}

const park = (tx: Tx, runId: string, until: Date) =>
  tx.update(workflowRuns).set({ status: "waiting", claimedBy: null, resumeAt: until, updatedAt: new Date() }).where(eq(workflowRuns.id, runId));
