/**
 * The event log (SPEC §2): an event is written in the transaction of the change it records,
 * with its event_queue row, so its consumers (workflows, webhooks) see it exactly when the
 * change commits and never miss it (lib/workflows/dispatch.ts).
 *
 * A change made by a workflow step runs inside `withEventCause`, and the events it writes carry
 * the run and its depth: a workflow that triggers itself is stopped after MAX_DEPTH hops.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Queryable } from "@/db/client";
import { eventQueue, events } from "@/db/schema";

export type EventInput = { type: string; contactId: string | null; data: Record<string, unknown> };
/**
 * `root`: the event that started the chain; `depth`: runs in it so far. `runId` is absent when
 * runs of one workflow did a step together (lib/workflows/batch.ts).
 */
export type EventCause = { runId?: string; workflowId: string; depth: number; root: string };

const cause = new AsyncLocalStorage<EventCause>();

/** Runs `fn` with the events it records marked as caused by a workflow run. */
export const withEventCause = <T>(c: EventCause, fn: () => Promise<T>): Promise<T> => cause.run(c, fn);

/** Appends events; pass the transaction that makes the change they record (SPEC §2). */
export async function recordEvents(q: Queryable, workspaceId: string, rows: EventInput[]): Promise<void> {
  if (rows.length === 0) return;
  const by = cause.getStore();
  const inserted = await q
    .insert(events)
    .values(rows.map((r) => ({ workspaceId, ...r, data: by ? { ...r.data, cause: by } : r.data })))
    .returning({ id: events.id, seq: events.seq });
  await q.insert(eventQueue).values(inserted.map((e) => ({ eventId: e.id, seq: e.seq })));
}
