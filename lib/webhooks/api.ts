/** The public API's side of webhooks (issue 16): snake_case answers and problems from the domain's results. */
import { ApiProblem, notFound } from "@/lib/api/problem";
import type { AttemptView, DeliveryDetail, DeliveryView } from "./deliveries";
import type { EndpointPatch, EndpointView, Failure } from "./endpoints";

export const endpointJson = (e: EndpointView) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  event_types: e.eventTypes,
  enabled: e.enabled,
  disabled_reason: e.disabledReason,
  disabled_at: e.disabledAt,
  failing_since: e.failingSince,
  consecutive_failures: e.consecutiveFailures,
  paused_until: e.pausedUntil,
  previous_secret_expires_at: e.previousSecretExpiresAt,
  created_at: e.createdAt,
  updated_at: e.updatedAt,
});

export const deliveryJson = (d: DeliveryView) => ({
  id: d.id,
  endpoint_id: d.endpointId,
  event_id: d.eventId,
  webhook_id: d.webhookId,
  type: d.type,
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.nextAttemptAt,
  last_status: d.lastStatus,
  last_error: d.lastError,
  last_latency_ms: d.lastLatencyMs,
  last_attempt_at: d.lastAttemptAt,
  delivered_at: d.deliveredAt,
  created_at: d.createdAt,
});

const attemptJson = (a: AttemptView) => ({ attempt: a.attempt, at: a.at, request_headers: a.requestHeaders, status: a.status, error: a.error, latency_ms: a.latencyMs, response: a.response });

export const deliveryDetailJson = (d: DeliveryDetail) => ({ ...deliveryJson(d), request_body: d.requestBody, last_response: d.lastResponse, attempt_log: d.attemptLog.map(attemptJson) });

const API_FIELDS: Record<string, string> = { eventTypes: "event_types" };

/** A domain failure as the API's problem: 404 for another workspace's (or no) id, 422 with field errors, else `status`. */
export function problemOf(f: Failure, what: string, status = 422): ApiProblem {
  if (f.notFound) return notFound(what);
  if (f.fieldErrors) {
    const errors = Object.fromEntries(Object.entries(f.fieldErrors).map(([k, v]) => [API_FIELDS[k] ?? k, v]));
    return new ApiProblem({ status: errors.form ? 409 : 422, title: "The request is not valid", detail: Object.values(errors).join(" "), errors });
  }
  return new ApiProblem({ status, title: "Not possible now", detail: f.error });
}

/** The API body (snake_case) as the domain's input; fields left out stay undefined (not given). */
export const fromBody = (b: { url?: string; description?: string; event_types?: string[]; enabled?: boolean }): EndpointPatch => ({
  url: b.url,
  description: b.description,
  eventTypes: b.event_types as EndpointPatch["eventTypes"],
  enabled: b.enabled,
});
