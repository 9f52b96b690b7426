/**
 * What the dashboard and the API show of deliveries (issue 16): each one's status, attempts,
 * last answer and latency; one delivery's request (headers without the signature, the body),
 * every attempt's answer (≤ 2 KB); Redeliver and Send test event. Scoped by workspace like
 * lib/webhooks/endpoints.ts.
 */
import { cursorTime, decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, type DeliveryStatus, type WebhookAttempt, type WebhookDelivery } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { isUuid } from "@/lib/utils";
import { TEST_EVENT_TYPE } from "./event-types";
import type { Failure } from "./endpoints";
import { testBody } from "./payload";

export type DeliveryView = {
  id: string;
  endpointId: string;
  /** null for a test event. */
  eventId: string | null;
  /** The `webhook-id` header: the same on every attempt and redelivery. */
  webhookId: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
};

export type AttemptView = { attempt: number; at: Date; requestHeaders: Record<string, string>; status: number | null; error: string | null; latencyMs: number | null; response: string | null };
export type DeliveryDetail = DeliveryView & { requestBody: string | null; lastResponse: string | null; attemptLog: AttemptView[] };

const view = (d: WebhookDelivery): DeliveryView => ({
  id: d.id,
  endpointId: d.endpointId,
  eventId: d.eventId,
  webhookId: d.messageId,
  type: d.type,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === "queued" ? d.nextAttemptAt : null,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  lastLatencyMs: d.lastLatencyMs,
  lastAttemptAt: d.lastAttemptAt,
  deliveredAt: d.deliveredAt,
  createdAt: d.createdAt,
});

const attemptView = (a: WebhookAttempt): AttemptView => ({ attempt: a.attempt, at: a.createdAt, requestHeaders: a.requestHeaders, status: a.status, error: a.error, latencyMs: a.latencyMs, response: a.response });

export type ListDeliveries = { limit?: number; after?: string; status?: DeliveryStatus };

/** An endpoint's deliveries, newest first, `limit` ≤ 100 per page; null when the endpoint is not this workspace's; `badCursor` for an `after` this never gave. */
export async function listDeliveries(workspaceId: string, endpointId: string, q: ListDeliveries = {}): Promise<{ data: DeliveryView[]; next: string | null } | { badCursor: true } | null> {
  if (!isUuid(endpointId)) return null;
  const [endpoint] = await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, endpointId)));
  if (!endpoint) return null;
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 100);
  const conditions: (SQL | undefined)[] = [eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.endpointId, endpointId)];
  if (q.status) conditions.push(eq(webhookDeliveries.status, q.status));
  if (q.after) {
    const c = decodeCursor(q.after);
    if (!c) return { badCursor: true };
    const at = sql`${c.createdAt}::timestamptz`;
    conditions.push(or(lt(webhookDeliveries.createdAt, at), and(eq(webhookDeliveries.createdAt, at), lt(webhookDeliveries.id, c.id))));
  }
  const rows = await db
    .select({ d: webhookDeliveries, created: cursorTime(webhookDeliveries.createdAt) })
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map((r) => view(r.d)), next: rows.length > limit && last ? encodeCursor(last.created, last.d.id) : null };
}

/** One delivery with its request and every attempt; null when not this workspace's (or not this endpoint's, when given). */
export async function getDelivery(workspaceId: string, deliveryId: string, endpointId?: string): Promise<DeliveryDetail | null> {
  if (!isUuid(deliveryId) || (endpointId !== undefined && !isUuid(endpointId))) return null;
  const [d] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, deliveryId), endpointId ? eq(webhookDeliveries.endpointId, endpointId) : undefined));
  if (!d) return null;
  const attempts = await db.select().from(webhookAttempts).where(and(eq(webhookAttempts.workspaceId, workspaceId), eq(webhookAttempts.deliveryId, d.id))).orderBy(asc(webhookAttempts.createdAt), asc(webhookAttempts.attempt));
  return { ...view(d), requestBody: d.body, lastResponse: d.lastResponse, attemptLog: attempts.map(attemptView) };
}

/**
 * Redeliver: the same message again (same `webhook-id`, same body), as a new round of attempts
 * with the full retry schedule. Only a delivery that is finished (delivered or failed) can be.
 */
export async function redeliver(ctx: Ctx, deliveryId: string, endpointId?: string): Promise<({ ok: true; message: string } & DeliveryView) | Failure> {
  const missing: Failure = { ok: false, notFound: true, error: "No such delivery in this workspace." };
  if (!isUuid(deliveryId) || (endpointId !== undefined && !isUuid(endpointId))) return missing;
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select({ d: webhookDeliveries, enabled: webhookEndpoints.enabled, pausedUntil: webhookEndpoints.pausedUntil })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.workspaceId, ctx.workspace.id), eq(webhookDeliveries.id, deliveryId), endpointId ? eq(webhookDeliveries.endpointId, endpointId) : undefined))
      .for("update", { of: webhookDeliveries });
    if (!d) return missing;
    if (!["delivered", "failed"].includes(d.d.status)) return { ok: false as const, error: "This delivery is still queued or being sent; it can be redelivered once it is done." };
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: "queued", attempts: 0, nextAttemptAt: sql`now()`, claimedBy: null, claimedAt: null, updatedAt: new Date() })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning();
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "webhook_delivery.redelivered", data: { deliveryId, endpointId: d.d.endpointId, webhookId: d.d.messageId } });
    await probeNow(tx, d.d.endpointId, deliveryId);
    const message = !d.enabled
      ? "Queued: it goes out once the endpoint is turned on again."
      : d.pausedUntil
        ? `Queued, under the same webhook-id. ${FAILING_NOTE}`
        : "Queued: it goes out again in a moment, under the same webhook-id.";
    return { ok: true as const, message, ...view(row!) };
  });
}

const FAILING_NOTE = "The endpoint is failing: this one is tried next, ahead of the waiting deliveries.";

/**
 * With the endpoint's breaker open (lib/webhooks/deliver.ts), the admin's delivery goes as the
 * next probe, at once: the pause ends and the delivery is put first in the endpoint's queue.
 */
async function probeNow(tx: Tx, endpointId: string, deliveryId: string) {
  const [open] = await tx
    .update(webhookEndpoints)
    .set({ pausedUntil: sql`least(${webhookEndpoints.pausedUntil}, now())` })
    .where(and(eq(webhookEndpoints.id, endpointId), isNotNull(webhookEndpoints.pausedUntil)))
    .returning({ id: webhookEndpoints.id });
  if (!open) return;
  await tx.execute(sql`update webhook_deliveries set next_attempt_at = least(now(), (
      select min(next_attempt_at) from webhook_deliveries where endpoint_id = ${endpointId} and status = 'queued')) - interval '1 millisecond'
    where id = ${deliveryId}`);
}

/** Send test event: a `webhook.test` message to this endpoint, through the same queue, signing and retries as real ones. */
export async function sendTestEvent(ctx: Ctx, endpointId: string): Promise<({ ok: true; message: string } & DeliveryView) | Failure> {
  const missing: Failure = { ok: false, notFound: true, error: "No such webhook endpoint in this workspace." };
  if (!isUuid(endpointId)) return missing;
  return db.transaction(async (tx) => {
    const [e] = await tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.workspaceId, ctx.workspace.id), eq(webhookEndpoints.id, endpointId)));
    if (!e) return missing;
    const id = randomUUID();
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ workspaceId: ctx.workspace.id, endpointId, eventId: null, messageId: id, type: TEST_EVENT_TYPE, body: testBody(id, ctx.workspace) })
      .returning();
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "webhook_endpoint.test_sent", data: { endpointId, deliveryId: row!.id } });
    await probeNow(tx, endpointId, row!.id);
    const message = !e.enabled ? "Test event queued: it goes out once the endpoint is turned on." : e.pausedUntil ? `Test event queued. ${FAILING_NOTE}` : "Test event queued: it goes out in a moment.";
    return { ok: true as const, message, ...view(row!) };
  });
}

/** Counts by status for a workspace's endpoints (the dashboard's list). */
export async function deliveryCounts(workspaceId: string, endpointIds: string[]): Promise<Map<string, Partial<Record<DeliveryStatus, number>>>> {
  const out = new Map<string, Partial<Record<DeliveryStatus, number>>>();
  if (endpointIds.length === 0) return out;
  const rows = await db
    .select({ endpointId: webhookDeliveries.endpointId, status: webhookDeliveries.status, n: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), inArray(webhookDeliveries.endpointId, endpointIds)))
    .groupBy(webhookDeliveries.endpointId, webhookDeliveries.status);
  for (const r of rows) out.set(r.endpointId, { ...out.get(r.endpointId), [r.status]: r.n });
  return out;
}
