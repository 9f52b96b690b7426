import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./common";
import { events } from "./events";
import { teamMembers, workspaces } from "./tenancy";

/** An integrator's URL that hears about events (lib/webhooks). Secrets are sealed (lib/mail/sealed.ts). */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Public event types (lib/webhooks/event-types.ts), at least one. */
    eventTypes: text("event_types").array().notNull(),
    /** Standard Webhooks secret (`whsec_…`), sealed. Shown once, when made or rotated. */
    secret: text("secret").notNull(),
    /** The secret before the last rotation, sealed: deliveries carry both signatures until it expires. */
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: tstz("previous_secret_expires_at"),
    enabled: boolean("enabled").notNull().default(true),
    /** Why the worker turned it off (it kept failing); null when an admin did, or when on. */
    disabledReason: text("disabled_reason"),
    disabledAt: tstz("disabled_at"),
    /** First failed attempt since the last success; null while it is healthy. */
    failingSince: tstz("failing_since"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /**
     * The circuit breaker (lib/webhooks/deliver.ts): set when an attempt group ended in retryable
     * failures only. Until then nothing is sent to it; after, one delivery at a time (a probe)
     * until one succeeds, which clears it.
     */
    pausedUntil: tstz("paused_until"),
    createdBy: uuid("created_by").references(() => teamMembers.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhook_endpoints_workspace_idx").on(t.workspaceId, t.createdAt)],
);

export const DELIVERY_STATUSES = ["queued", "delivering", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The outbox of webhooks: one row per endpoint × event (unique), written in the dispatcher's
 * transaction (lib/webhooks/fan-out.ts). `message_id` is the `webhook-id` (the event's id; a
 * test event's own), the same on every attempt and redelivery; `body` is fixed at the first attempt.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** null for a test event ("Send test"). */
    eventId: uuid("event_id").references(() => events.id, { onDelete: "cascade" }),
    messageId: text("message_id").notNull(),
    /** Public event type. */
    type: text("type").notNull(),
    /** DELIVERY_STATUSES: queued is due at next_attempt_at; delivering is held by claimed_by. */
    status: text("status").$type<DeliveryStatus>().notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    claimedBy: uuid("claimed_by"),
    claimedAt: tstz("claimed_at"),
    /** The JSON sent, fixed at the first attempt (a test event's at creation). */
    body: text("body"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    lastLatencyMs: integer("last_latency_ms"),
    lastResponse: text("last_response"),
    lastAttemptAt: tstz("last_attempt_at"),
    deliveredAt: tstz("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_due_idx").on(t.endpointId, t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
    index("webhook_deliveries_claimed_idx").on(t.claimedBy).where(sql`${t.status} = 'delivering'`),
    index("webhook_deliveries_list_idx").on(t.workspaceId, t.endpointId, t.createdAt, t.id),
    /** What pruneWebhookHistory looks for every 10 minutes: finished deliveries, oldest first. */
    index("webhook_deliveries_finished_idx").on(t.updatedAt).where(sql`${t.status} in ('delivered', 'failed')`),
  ],
);

/** One row per attempt, for the dashboard's timeline: what was sent (headers without the signature) and what came back (≤ 2 KB). */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    requestHeaders: jsonb("request_headers").$type<Record<string, string>>().notNull().default({}),
    /** HTTP status, null when no answer came (refused, timeout, network error). */
    status: integer("status"),
    error: text("error"),
    latencyMs: integer("latency_ms"),
    response: text("response"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attempt)],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
