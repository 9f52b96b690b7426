/**
 * Events → deliveries, inside the dispatcher's transaction (lib/workflows/dispatch.ts): for each
 * event of the batch whose type webhooks carry, one queued delivery per enabled endpoint of its
 * workspace subscribed to that type. Unique on endpoint × event and written in the transaction
 * that takes the event off the queue, so every event reaches every endpoint exactly once, even
 * when a dispatcher dies mid-batch. Endpoints that are off at that moment get nothing (the event
 * log, GET /api/v1/events, is there to catch up).
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { publicEventType } from "./event-types";

type Queued = { id: string; workspace_id: string; type: string };

export async function fanOutWebhooks(tx: Tx, batch: Queued[]): Promise<number> {
  const wanted = batch.flatMap((e) => {
    const type = publicEventType(e.type);
    return type ? [{ id: e.id, workspace_id: e.workspace_id, type }] : [];
  });
  if (wanted.length === 0) return 0;
  const rows = await rowsOf<{ id: string }>(
    tx,
    sql`insert into webhook_deliveries (workspace_id, endpoint_id, event_id, message_id, type)
        select e.workspace_id, w.id, e.id, e.id::text, e.type
        from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) as e(id uuid, workspace_id uuid, type text)
        join webhook_endpoints w on w.workspace_id = e.workspace_id and w.enabled and e.type = any(w.event_types)
        on conflict do nothing returning id`,
  );
  return rows.length;
}
