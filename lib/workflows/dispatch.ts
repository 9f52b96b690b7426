/**
 * The dispatcher: turns events into workflow runs. Every event has an event_queue row written
 * in its own transaction (lib/access/events.ts); a dispatcher claims a batch of them with SKIP
 * LOCKED, creates at most one run per matching enabled workflow (unique on workflow × event)
 * and deletes the batch, all in one transaction. So an event is seen once it commits, whatever
 * order transactions commit in relative to `seq`, and any number of workers can dispatch at once.
 *
 * The same transaction queues the batch's webhook deliveries (lib/webhooks/fan-out.ts), ends
 * waiting runs whose "stop when" condition the batch's events met (lib/workflows/stop.ts), and
 * applies the loop guard: a run more than MAX_DEPTH workflow runs deep in a chain of events is
 * created failed, with the reason.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { db, rowsOf, type Tx } from "@/db/client";
import { contacts, workflowRuns, workflows, type Workflow } from "@/db/schema";
import type { EventCause } from "@/lib/access/events";
import { MAX_CHAIN_RUNS, MAX_DEPTH, SUBJECT_FIELD, TRIGGERS, type TriggerType, type WorkflowFilter } from "./definitions";
import { STOPPING_EVENTS, stopWaitingRuns } from "./stop";
import { fanOutWebhooks } from "@/lib/webhooks/fan-out";

export const DISPATCH_BATCH = 500;

export type QueuedEvent = { id: string; seq: number; workspace_id: string; type: string; contact_id: string | null; data: Record<string, unknown>; created_at: Date };

const lower = (s: unknown) => (typeof s === "string" ? s.toLowerCase() : s);

/** Whether the workflow's filter lets this event through (contactTags: the contact's tags, lower-cased). */
export function filterMatches(trigger: TriggerType, filter: WorkflowFilter, data: Record<string, unknown>, contactTags: string[] | undefined): boolean {
  const subject = TRIGGERS[trigger]?.subject;
  if (subject) {
    const field = SUBJECT_FIELD[subject];
    const wanted = (filter as Record<string, unknown>)[field];
    if (wanted && lower(data[field]) !== lower(wanted)) return false;
  }
  if (filter.contactTag && !(contactTags ?? []).includes(filter.contactTag.toLowerCase())) return false;
  return true;
}

export const chainError = () =>
  `Stopped to prevent a loop: the events caused by one change have started ${MAX_CHAIN_RUNS} workflow runs already. Check for workflows that trigger each other.`;

export const loopError = (depth: number) =>
  `Stopped to prevent a loop: this run would be the ${depth + 1}th workflow run in a row for this contact, each started by an event the run before it caused (at most ${MAX_DEPTH}). Check for workflows that trigger each other or themselves.`;

/** Dispatches one batch; returns how many events it handled (0 when the queue is empty). */
export async function dispatchBatch(limit = DISPATCH_BATCH): Promise<{ events: number; runs: number }> {
  return db.transaction(async (tx) => {
    const batch = await rowsOf<QueuedEvent>(
      tx,
      sql`select e.id, e.seq, e.workspace_id, e.type, e.contact_id, e.data, e.created_at
          from event_queue q join events e on e.id = q.event_id
          order by q.seq limit ${limit} for update of q skip locked`,
    );
    if (batch.length === 0) return { events: 0, runs: 0 };
    const runs = await createRuns(tx, batch);
    await fanOutWebhooks(tx, batch);
    if (batch.some((e) => STOPPING_EVENTS.has(e.type) && e.contact_id)) await stopWaitingRuns(tx, batch);
    await tx.execute(sql`delete from event_queue where event_id in (${sql.join(batch.map((e) => sql`${e.id}`), sql`, `)})`);
    return { events: batch.length, runs };
  });
}

async function createRuns(tx: Tx, batch: QueuedEvent[]): Promise<number> {
  const workspaceIds = [...new Set(batch.map((e) => e.workspace_id))];
  const types = [...new Set(batch.map((e) => e.type))].filter((t) => t in TRIGGERS);
  if (types.length === 0) return 0;
  const candidates = await tx
    .select()
    .from(workflows)
    .where(and(inArray(workflows.workspaceId, workspaceIds), inArray(workflows.trigger, types), eq(workflows.enabled, true)));
  if (candidates.length === 0) return 0;
  const byKey = new Map<string, Workflow[]>();
  for (const w of candidates) byKey.set(`${w.workspaceId}:${w.trigger}`, [...(byKey.get(`${w.workspaceId}:${w.trigger}`) ?? []), w]);

  const tagsOf = await contactTags(
    tx,
    candidates.some((w) => (w.filter as WorkflowFilter).contactTag),
    batch.filter((e) => e.contact_id && byKey.has(`${e.workspace_id}:${e.type}`)).map((e) => e.contact_id!),
  );
  const now = new Date();
  const rows: (typeof workflowRuns.$inferInsert)[] = [];
  const chainRuns = await runsPerRoot(tx, batch);
  for (const e of batch) {
    for (const w of byKey.get(`${e.workspace_id}:${e.type}`) ?? []) {
      if (!filterMatches(w.trigger as TriggerType, w.filter as WorkflowFilter, e.data, e.contact_id ? tagsOf.get(e.contact_id) : undefined)) continue;
      const cause = e.data.cause as EventCause | undefined;
      const depth = cause ? cause.depth + 1 : 0;
      const root = cause?.root ?? null;
      let used = 0;
      if (root) chainRuns.set(root, (used = (chainRuns.get(root) ?? 0) + 1));
      const deep = depth >= MAX_DEPTH;
      const wide = !!root && used > MAX_CHAIN_RUNS;
      const looped = deep || wide;
      rows.push({
        workspaceId: e.workspace_id,
        workflowId: w.id,
        version: w.version,
        eventId: e.id,
        contactId: e.contact_id,
        depth,
        rootEventId: root,
        status: looped ? "failed" : "queued",
        error: deep ? loopError(depth) : wide ? chainError() : null,
        finishedAt: looped ? now : null,
        resumeAt: now,
      });
    }
  }
  if (rows.length === 0) return 0;
  let created = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await tx.insert(workflowRuns).values(rows.slice(i, i + 1000)).onConflictDoNothing().returning({ id: workflowRuns.id });
    created += inserted.length;
  }
  return created;
}

/** Runs already started by each chain the batch's caused events belong to. */
async function runsPerRoot(tx: Tx, batch: QueuedEvent[]): Promise<Map<string, number>> {
  const roots = [...new Set(batch.map((e) => (e.data.cause as EventCause | undefined)?.root).filter((r): r is string => !!r))];
  if (roots.length === 0) return new Map();
  const rows = await rowsOf<{ root: string; n: number }>(
    tx,
    sql`select root_event_id as root, count(*)::int as n from workflow_runs where root_event_id in (${sql.join(roots.map((r) => sql`${r}`), sql`, `)}) group by root_event_id`,
  );
  return new Map(rows.map((r) => [r.root, r.n]));
}

async function contactTags(tx: Tx, needed: boolean, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!needed || ids.length === 0) return out;
  const rows = await tx.select({ id: contacts.id, tags: contacts.tags }).from(contacts).where(inArray(contacts.id, [...new Set(ids)]));
  for (const r of rows) out.set(r.id, r.tags.map((t) => t.toLowerCase()));
  return out;
}

/** Dispatches until the queue is empty (or `stopping`); returns the runs created. */
export async function dispatchAll(opts: { stopping?: () => boolean } = {}): Promise<number> {
  let runs = 0;
  for (;;) {
    if (opts.stopping?.()) return runs;
    const r = await dispatchBatch();
    runs += r.runs;
    if (r.events < DISPATCH_BATCH) return runs;
  }
}
