/**
 * Runs claimed together that stand at the same database step of the same workflow version (an
 * import or a bulk grant starts thousands at once) do their consecutive database steps together,
 * in one transaction: fenced all at once (each still this worker's, at that step), each step
 * set-based where its domain function takes many contacts (one grant, one membership insert, one
 * batch of tokens and emails), one attempt row per run and step, and one update moving them on.
 * Any step that throws rolls the whole batch back; the runs then go one by one (runner.ts), which
 * records what failed for whom. Exactly-once holds as in runner.ts: the effects and "step done"
 * commit together. Events written by a set-based step carry the workflow and depth (the loop
 * guard) but no single run id.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { db, rowsOf, type Tx } from "@/db/client";
import { contacts, workflowRunSteps, workflowRuns, type Event, type WorkflowRun } from "@/db/schema";
import { withEventCause } from "@/lib/access/events";
import { stepKey, type StepType } from "./definitions";
import { causeOf, clean, envFor, rootOf, sendsEmail, versionOf, workspaceOf, type Loaded } from "./run-context";
import { STEP_IMPLS } from "./steps";
import type { DbStep, StepOutput } from "./steps/types";
import { endRun, stopReason } from "./stop";

const isDb = (type: string) => STEP_IMPLS[type as StepType]?.kind === "db";

export type BatchResult = {
  /** Runs that ended (completed, stopped) or are no longer this worker's. */
  done: Set<string>;
  /** The others, moved on to their next step (for the runner to continue one by one). */
  rest: WorkflowRun[];
  emailed: boolean;
};

export async function runBatches(runs: WorkflowRun[], workerId: string, eventsById: Map<string, Event>): Promise<BatchResult> {
  const groups = new Map<string, WorkflowRun[]>();
  const out: BatchResult = { done: new Set(), rest: [], emailed: false };
  for (const r of runs) {
    // Same root too: the events a set-based step writes carry one chain.
    const key = `${r.workflowId}:${r.version}:${r.currentStep}:${r.depth}:${r.rootEventId ?? "-"}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    const version = await versionOf(group[0]!);
    const workspace = await workspaceOf(group[0]!.workspaceId);
    const step = version?.steps[group[0]!.currentStep];
    const loaded = group.map((run) => ({ run, version, workspace, event: eventsById.get(run.eventId) })).filter((l): l is Loaded => !!l.version && !!l.workspace && !!l.event);
    if (group.length < 2 || !step || !isDb(step.type) || loaded.length !== group.length) {
      out.rest.push(...group);
      continue;
    }
    const r = await stretch(loaded, group[0]!.currentStep, workerId);
    if (!r) {
      out.rest.push(...group);
      continue;
    }
    out.emailed ||= r.emailed;
    for (const run of group) {
      const next = r.next.get(run.id);
      if (next === undefined) out.done.add(run.id);
      else out.rest.push({ ...run, currentStep: next });
    }
  }
  return out;
}

async function stretch(group: Loaded[], start: number, workerId: string): Promise<{ next: Map<string, number>; emailed: boolean } | null> {
  const { version } = group[0]!;
  const steps = version.steps;
  let end = start;
  while (end < steps.length && isDb(steps[end]!.type)) end++;
  try {
    return await db.transaction(async (tx) => {
      const ids = group.map((l) => l.run.id);
      const fenced = await rowsOf<{ id: string; attempts: number }>(
        tx,
        sql`select r.id, (select coalesce(max(s.attempt), 0) from workflow_run_steps s where s.run_id = r.id and s.step_index = r.current_step)::int as attempts
            from workflow_runs r where r.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
              and r.status = 'running' and r.claimed_by = ${workerId} and r.current_step = ${start}
            order by r.id for update of r`,
      );
      const attempts = new Map(fenced.map((f) => [f.id, f.attempts]));
      let live = group.filter((l) => attempts.has(l.run.id));
      const rows: (typeof workflowRunSteps.$inferInsert)[] = [];
      const next = new Map<string, number>();
      let emailed = false;
      for (let index = start; index < end && live.length; index++) {
        if (index > 0 && version.stopWhen.length > 0) {
          const still: Loaded[] = [];
          for (const l of live) {
            const why = await stopReason(tx, l.run, version.stopWhen, l.event.data);
            if (!why) still.push(l);
            else {
              await tx.update(workflowRuns).set({ currentStep: index }).where(eq(workflowRuns.id, l.run.id));
              await endRun(tx, l.run.id, "stopped", why);
            }
          }
          live = still;
          if (!live.length) break;
        }
        const step = steps[index]!;
        const impl = STEP_IMPLS[step.type as StepType] as DbStep;
        const people = await loadContacts(tx, live);
        const envs = live.map((l) => envFor(l, index, l.run.contactId ? (people.get(l.run.contactId) ?? null) : null));
        const startedAt = new Date();
        const outputs: StepOutput[] = impl.runMany
          ? await withEventCause({ workflowId: live[0]!.run.workflowId, depth: live[0]!.run.depth, root: rootOf(live[0]!.run) }, () => impl.runMany!(tx, envs))
          : await sequential(tx, impl, live, envs);
        const finishedAt = new Date();
        emailed ||= sendsEmail(step);
        live.forEach((l, n) =>
          rows.push({ workspaceId: l.run.workspaceId, runId: l.run.id, stepIndex: index, type: step.type, key: stepKey(l.run.id, index), input: step.config, attempt: index === start ? attempts.get(l.run.id)! + 1 : 1, status: "succeeded", output: clean(outputs[n]!), startedAt, finishedAt }),
        );
      }
      for (let i = 0; i < rows.length; i += 500) await tx.insert(workflowRunSteps).values(rows.slice(i, i + 500));
      const liveIds = live.map((l) => l.run.id);
      if (liveIds.length) {
        const now = new Date();
        if (end >= steps.length) {
          await tx.update(workflowRuns).set({ status: "completed", currentStep: end, error: null, finishedAt: now, claimedBy: null, resumeAt: null, updatedAt: now }).where(inArray(workflowRuns.id, liveIds));
        } else {
          await tx.update(workflowRuns).set({ currentStep: end, error: null, updatedAt: now }).where(inArray(workflowRuns.id, liveIds));
          for (const id of liveIds) next.set(id, end);
        }
      }
      return { next, emailed };
    });
  } catch {
    return null;
  }
}

async function sequential(tx: Tx, impl: DbStep, live: Loaded[], envs: ReturnType<typeof envFor>[]): Promise<StepOutput[]> {
  const outputs: StepOutput[] = [];
  for (const [n, l] of live.entries()) outputs.push(await withEventCause(causeOf(l), () => impl.run(tx, envs[n]!)));
  return outputs;
}

async function loadContacts(tx: Tx, live: Loaded[]) {
  const ids = [...new Set(live.map((l) => l.run.contactId).filter((id): id is string => !!id))];
  const rows = ids.length ? await tx.select().from(contacts).where(and(eq(contacts.workspaceId, live[0]!.run.workspaceId), inArray(contacts.id, ids))) : [];
  return new Map(rows.map((c) => [c.id, c]));
}
