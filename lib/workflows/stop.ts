/**
 * "Stop when" conditions: a run that waits ends, with the reason, once a condition holds.
 * Checked by the runner before the step after a wait, and by the dispatcher as soon as an event
 * that can make one true arrives for the contact (so the run does not sit "waiting" for nothing).
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Queryable, Tx } from "@/db/client";
import { rowsOf } from "@/db/client";
import { contacts, offerGrants, workflowRunSteps, workflowRuns, type StopCondition } from "@/db/schema";
import type { QueuedEvent } from "./dispatch";

/** Event types that can make a condition true. */
export const STOPPING_EVENTS = new Set(["offer_access_removed", "tag_added"]);

type RunLike = { workspaceId: string; contactId: string | null };

/** Why the run must stop now, or null. `triggerData`: the data of the event that started the run. */
export async function stopReason(q: Queryable, run: RunLike, conditions: StopCondition[], triggerData: Record<string, unknown>): Promise<string | null> {
  if (!run.contactId || conditions.length === 0) return null;
  for (const c of conditions) {
    if (c.type === "offer_revoked") {
      const offerId = (c.offerId as string | undefined) ?? (triggerData.offerId as string | undefined);
      if (!offerId) continue;
      const [active] = await q
        .select({ id: offerGrants.id })
        .from(offerGrants)
        .where(and(eq(offerGrants.workspaceId, run.workspaceId), eq(offerGrants.contactId, run.contactId), eq(offerGrants.offerId, offerId), isNull(offerGrants.revokedAt)))
        .limit(1);
      if (!active) return "Stopped: the contact no longer has the offer.";
    } else if (c.type === "has_tag" && typeof c.tag === "string") {
      const [row] = await q.select({ tags: contacts.tags }).from(contacts).where(and(eq(contacts.workspaceId, run.workspaceId), eq(contacts.id, run.contactId)));
      if (row?.tags.some((t) => t.toLowerCase() === (c.tag as string).toLowerCase())) return `Stopped: the contact has the tag “${c.tag}”.`;
    }
  }
  return null;
}

/** Ends the waiting runs of the batch's contacts whose condition now holds. */
export async function stopWaitingRuns(tx: Tx, batch: QueuedEvent[]): Promise<number> {
  const ids = [...new Set(batch.filter((e) => STOPPING_EVENTS.has(e.type) && e.contact_id).map((e) => e.contact_id!))];
  const waiting = await rowsOf<{ id: string; workspace_id: string; contact_id: string; stop_when: StopCondition[]; trigger_data: Record<string, unknown> }>(
    tx,
    sql`select r.id, r.workspace_id, r.contact_id, v.stop_when, e.data as trigger_data
        from workflow_runs r
        join workflow_versions v on v.workflow_id = r.workflow_id and v.version = r.version
        join events e on e.id = r.event_id
        where r.status = 'waiting' and r.contact_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
          and jsonb_array_length(v.stop_when) > 0
        for update of r skip locked`,
  );
  let stopped = 0;
  for (const r of waiting) {
    const reason = await stopReason(tx, { workspaceId: r.workspace_id, contactId: r.contact_id }, r.stop_when, r.trigger_data);
    if (!reason) continue;
    await endRun(tx, r.id, "stopped", reason);
    stopped++;
  }
  return stopped;
}

/** Moves a run to an end state; a step attempt left waiting or running ends with it. */
export async function endRun(tx: Queryable, runId: string, status: "stopped" | "cancelled" | "failed" | "completed", error: string | null): Promise<void> {
  const now = new Date();
  await tx.update(workflowRuns).set({ status, error, finishedAt: now, claimedBy: null, resumeAt: null, updatedAt: now }).where(eq(workflowRuns.id, runId));
  if (status === "stopped" || status === "cancelled") {
    await tx
      .update(workflowRunSteps)
      .set({ status, finishedAt: now, error: error })
      .where(and(eq(workflowRunSteps.runId, runId), inArray(workflowRunSteps.status, ["waiting", "running", "retrying"])));
  }
}
