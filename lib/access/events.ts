import type { Queryable } from "@/db/client";
import { events } from "@/db/schema";

export type EventInput = { type: string; contactId: string | null; data: Record<string, unknown> };

/** Appends events; pass the transaction that makes the change they record (SPEC §2). */
export async function recordEvents(q: Queryable, workspaceId: string, rows: EventInput[]): Promise<void> {
  if (rows.length === 0) return;
  await q.insert(events).values(rows.map((r) => ({ workspaceId, ...r })));
}
