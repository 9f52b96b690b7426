/**
 * The event log (SPEC §2): an event is written in the transaction of the change it records,
 * with its event_queue row, so its consumers (workflows, webhooks) see it exactly when the
 * change commits and never miss it (lib/workflows/dispatch.ts).
 *
 * A change made by a workflow step runs inside `withEventCause`, and the events it writes carry
 * the run and its depth: a workflow that triggers itself is stopped after MAX_DEPTH hops.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "drizzle-orm";
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
  // One statement: the events and their queue rows (a grant through the API records three).
  const values = rows.map((r) => ({ workspace_id: workspaceId, type: r.type, contact_id: r.contactId, data: by ? { ...r.data, cause: by } : r.data }));
  await q.execute(sql`
    with e as (
      insert into ${events} (workspace_id, type, contact_id, data)
      select (v.x->>'workspace_id')::uuid, v.x->>'type', (v.x->>'contact_id')::uuid, coalesce(v.x->'data', '{}'::jsonb)
        from jsonb_array_elements(${JSON.stringify(values)}::jsonb) with ordinality as v(x, n)
       order by v.n
      returning id, seq)
    insert into ${eventQueue} (event_id, seq) select id, seq from e`);
}
