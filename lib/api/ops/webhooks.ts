/** Webhook endpoints and their deliveries (issue 16); the domain is lib/webhooks. */
import { z } from "zod";
import { DELIVERY_STATUSES } from "@/db/schema";
import { descriptionField, eventTypesField, urlField } from "@/lib/webhooks/endpoints";
import { WEBHOOK_EVENT_TYPE_NAMES } from "@/lib/webhooks/event-types";
import { defineOperation } from "../operation";
import { limitParam, page, time } from "../schemas";

const eventType = z.enum(WEBHOOK_EVENT_TYPE_NAMES);

export const webhookEndpointOut = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    event_types: z.array(eventType),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().describe("Why Portico turned the endpoint off (it kept failing); null when it is on or was turned off by someone."),
    disabled_at: time.nullable(),
    failing_since: time.nullable().describe("The first failed attempt since the last success; null while healthy."),
    consecutive_failures: z.number().int(),
    paused_until: time
      .nullable()
      .describe("Set while the receiver is down or overloaded (5xx, 408, 429, timeouts, no connection): nothing is sent before this time (it may be past: the next delivery goes at once), and deliveries go one at a time until one succeeds. Null while healthy."),
    previous_secret_expires_at: time.nullable().describe("After a rotation: until when deliveries also carry a signature with the previous secret."),
    created_at: time,
    updated_at: time,
  })
  .meta({ id: "WebhookEndpoint" });

const createdOut = webhookEndpointOut.extend({ secret: z.string().describe("The signing secret (`whsec_…`, Standard Webhooks). Shown only in this answer: store it now.") }).meta({ id: "WebhookEndpointCreated" });
const secretOut = z
  .object({
    secret: z.string().describe("The new signing secret, shown only in this answer."),
    previous_secret_expires_at: time.describe("The previous secret keeps signing (a second signature in `webhook-signature`) until then."),
  })
  .meta({ id: "WebhookSecret" });

const enabled = z.boolean({ error: "enabled is true or false." });
export const webhookEndpointBody = z
  .object({ url: urlField, description: descriptionField.optional(), event_types: eventTypesField, enabled: enabled.optional().describe("Default true.") })
  .strict()
  .meta({ id: "WebhookEndpointCreate" });
export const webhookEndpointPatch = z
  .object({ url: urlField.optional(), description: descriptionField.optional(), event_types: eventTypesField.optional(), enabled: enabled.optional().describe("true turns it back on and clears its failure record; queued deliveries then go out.") })
  .strict()
  .meta({ id: "WebhookEndpointUpdate" });

export const webhookDeliveryOut = z
  .object({
    id: z.uuid(),
    endpoint_id: z.uuid(),
    event_id: z.uuid().nullable().describe("null for a test event."),
    webhook_id: z.string().describe("The `webhook-id` header: the same on every attempt and redelivery."),
    type: z.string().describe("A public event type, or `webhook.test`."),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int().describe("Attempts in the current round (a redelivery starts a new round)."),
    next_attempt_at: time.nullable(),
    last_status: z.number().int().nullable().describe("HTTP status of the last answer; null when none came."),
    last_error: z.string().nullable(),
    last_latency_ms: z.number().int().nullable(),
    last_attempt_at: time.nullable(),
    delivered_at: time.nullable(),
    created_at: time,
  })
  .meta({ id: "WebhookDelivery" });

const attemptOut = z
  .object({
    attempt: z.number().int(),
    at: time,
    request_headers: z.record(z.string(), z.string()).describe("What was sent, without `webhook-signature`."),
    status: z.number().int().nullable(),
    error: z.string().nullable(),
    latency_ms: z.number().int().nullable(),
    response: z.string().nullable().describe("The first 2 KB of the answer's body."),
  })
  .meta({ id: "WebhookAttempt" });

export const webhookDeliveryDetailOut = webhookDeliveryOut
  .extend({ request_body: z.string().nullable().describe("The JSON sent (fixed at the first attempt)."), last_response: z.string().nullable(), attempt_log: z.array(attemptOut) })
  .meta({ id: "WebhookDeliveryDetail" });

export const listDeliveriesQuery = z.object({
  limit: limitParam,
  after: z.string().max(200).optional().describe("The `next` cursor of the page before."),
  status: z.enum(DELIVERY_STATUSES, { error: `status is one of ${DELIVERY_STATUSES.join(", ")}` }).optional(),
});

const queued = webhookDeliveryOut.extend({ message: z.string() }).meta({ id: "WebhookDeliveryQueued" });
const base = { scope: "webhooks:manage", tag: "Webhooks" } as const;

export const webhookOps = {
  listEndpoints: defineOperation({ ...base, id: "listWebhookEndpoints", method: "GET", path: "/webhook-endpoints", summary: "List webhook endpoints", description: "Oldest first; secrets are never listed.", responses: { 200: { description: "The endpoints", schema: z.object({ data: z.array(webhookEndpointOut) }).meta({ id: "WebhookEndpointList" }) } } }),
  createEndpoint: defineOperation({
    ...base,
    id: "createWebhookEndpoint",
    onceOnly: true,
    method: "POST",
    path: "/webhook-endpoints",
    summary: "Create a webhook endpoint",
    description: "https only (checked again at every send, after DNS: private, loopback and link-local addresses are refused). At most 20 per workspace. The answer carries the signing secret, the only time it is shown.",
    body: webhookEndpointBody,
    responses: { 201: { description: "Created, with its secret", schema: createdOut } },
  }),
  getEndpoint: defineOperation({ ...base, id: "getWebhookEndpoint", method: "GET", path: "/webhook-endpoints/{id}", summary: "Get a webhook endpoint", responses: { 200: { description: "The endpoint", schema: webhookEndpointOut } } }),
  updateEndpoint: defineOperation({ ...base, id: "updateWebhookEndpoint", method: "PATCH", path: "/webhook-endpoints/{id}", summary: "Update a webhook endpoint", description: "Sets the fields given.", body: webhookEndpointPatch, responses: { 200: { description: "Updated", schema: webhookEndpointOut } } }),
  deleteEndpoint: defineOperation({ ...base, id: "deleteWebhookEndpoint", method: "DELETE", path: "/webhook-endpoints/{id}", summary: "Delete a webhook endpoint", description: "With its delivery history; queued deliveries are dropped.", responses: { 204: { description: "Deleted" } } }),
  rotateSecret: defineOperation({ ...base, id: "rotateWebhookSecret", onceOnly: true, method: "POST", path: "/webhook-endpoints/{id}/rotate-secret", summary: "Rotate an endpoint's signing secret", description: "A new secret, shown once. For 24 hours deliveries carry two signatures (new and previous secret), so the receiver can switch without losing any.", responses: { 200: { description: "The new secret", schema: secretOut } } }),
  listDeliveries: defineOperation({ ...base, id: "listWebhookDeliveries", method: "GET", path: "/webhook-endpoints/{id}/deliveries", summary: "List an endpoint's deliveries", description: "Newest first.", query: listDeliveriesQuery, responses: { 200: { description: "A page of deliveries", schema: page(webhookDeliveryOut, "WebhookDeliveryPage") } } }),
  getDelivery: defineOperation({ ...base, id: "getWebhookDelivery", method: "GET", path: "/webhook-endpoints/{id}/deliveries/{delivery}", summary: "Get a delivery with its attempts", responses: { 200: { description: "The delivery, its request and every attempt", schema: webhookDeliveryDetailOut } } }),
  redeliver: defineOperation({ ...base, id: "redeliverWebhook", method: "POST", path: "/webhook-endpoints/{id}/deliveries/{delivery}/redeliver", summary: "Redeliver", description: "Sends the same message again (same `webhook-id` and body) with a fresh retry schedule. Only a delivered or failed delivery; 409 while it is queued or being sent.", responses: { 202: { description: "Queued", schema: queued } } }),
  sendTest: defineOperation({ ...base, id: "sendWebhookTest", onceOnly: true, method: "POST", path: "/webhook-endpoints/{id}/test", summary: "Send a test event", description: "A `webhook.test` message through the same queue, signing and retries as real events.", responses: { 202: { description: "Queued", schema: queued } } }),
};
