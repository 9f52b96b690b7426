/**
 * Webhook delivery (issue 16): the worker POSTs each queued delivery, signed, to its endpoint.
 * - Claims: due rows of enabled endpoints, at most CLAIM_PER_ENDPOINT per endpoint per claim,
 *   SKIP LOCKED, stamped with the worker's id. A process works on one claimed group per endpoint
 *   at a time, PER_ENDPOINT requests in flight, so a slow or silent receiver (10 s timeout each)
 *   holds only its own deliveries while the others flow.
 * - Outcomes: 2xx delivered. 408, 429, 5xx, timeouts and network errors are retried on
 *   RETRY_SCHEDULE_S (±20 % jitter; a sane Retry-After stretches a delay), MAX_ATTEMPTS in all
 *   over about 23 h, then failed. Other answers (3xx: redirects are not followed; other 4xx) and
 *   a URL refused at connect time (lib/http/outbound.ts: private or local after DNS) fail at once.
 * - Exactly once in the outbox, at least once on the wire: an attempt's outcome is written only if
 *   the row is still this worker's (the fence); rows of a worker whose heartbeat stopped go back
 *   to the queue, and the retry carries the same `webhook-id` and body, so receivers dedupe.
 * - Circuit breaker: a group in which nothing succeeded and the receiver showed it is down or
 *   overloaded (408, 429, 5xx, timeout, no connection) pauses its endpoint for half as long as it
 *   has been failing (PAUSE_MIN_S … PAUSE_MAX_S), or as long as a Retry-After asked (≤ 1 h); after
 *   the pause one delivery goes (a probe, one worker at a time), and only a success sends the rest
 *   at full speed again. So a receiver that is down gets a probe every half minute at most, not
 *   every queued delivery on its own backoff, and deliveries left waiting keep their attempts.
 *   An admin's Redeliver or Send test event goes as the next probe, at once; turning the endpoint
 *   on again or changing its URL closes the breaker.
 * - An endpoint whose attempts all failed for DISABLE_AFTER_MS (and at least DISABLE_AFTER_FAILURES
 *   in a row) is disabled, its owners emailed once (lib/webhooks/disable.ts). Its queued
 *   deliveries stay queued and go out when it is enabled again.
 */
import { eq, sql } from "drizzle-orm";
import { db, rowsOf } from "@/db/client";
import { webhookEndpoints, workspaces, type WebhookEndpoint } from "@/db/schema";
import { OutboundRefused, safeFetch, type OutboundPolicy, type Resolve } from "@/lib/http/outbound";
import { goneWorkersSql } from "@/lib/jobs/heartbeat";
import { wakeOutbox } from "@/lib/mail/outbox";
import { disableEndpoint } from "./disable";
import { bodiesForEvents } from "./payload";
import { signatureHeaders, signingSecrets } from "./sign";

export const TIMEOUT_MS = 10_000;
/** What is kept of an answer's body. */
export const RESPONSE_BYTES = 2048;
/** Delay after attempt 1, 2, …: short at first (a receiver restarting is back within a minute), then spread over about a day. */
export const RETRY_SCHEDULE_S = [5, 10, 30, 60, 300, 1800, 3600, 10_800, 21_600, 43_200];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_S.length + 1;
export const PER_ENDPOINT = 8;
const CLAIM_PER_ENDPOINT = 32;
/** Endpoint groups in flight per process. */
export const MAX_GROUPS = 16;
export const DISABLE_AFTER_MS = 24 * 3_600_000;
export const PAUSE_MIN_S = 1;
export const PAUSE_MAX_S = 30;
/** The longest pause a Retry-After can ask for (as for one delivery: an hour). */
const PAUSE_MAX_WAIT_MS = 3_600_000;
/** A probe's lease: its timeout and this (a worker that died mid-probe leaves it to another after that). */
const PROBE_LEASE_SLACK_MS = 5_000;
export const DISABLE_AFTER_FAILURES = 10;
const STUCK_AFTER_S = 300;

export const retryDelayMs = (attempt: number, random = Math.random) =>
  Math.round(RETRY_SCHEDULE_S[Math.min(attempt, RETRY_SCHEDULE_S.length) - 1]! * 1000 * (0.8 + 0.4 * random()));

/** Retry-After in ms when it is sane (1 s – 1 h), else null. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms >= 1000 && ms <= 3_600_000 ? ms : null;
}

/** Tests give a production policy, a resolver and a shorter timeout; the worker gives nothing. */
export type DeliveryOptions = { policy?: OutboundPolicy; resolve?: Resolve; timeoutMs?: number };
type Claimed = { id: string; endpoint_id: string; event_id: string | null; message_id: string; attempts: number; body: string | null };
type Outcome = {
  id: string;
  status: "delivered" | "queued" | "failed";
  next_at: string | null;
  http: number | null;
  error: string | null;
  ms: number | null;
  response: string | null;
  headers: Record<string, string>;
  body: string | null;
  /** The receiver is down or overloaded (408, 429, 5xx, timeout, no connection), whatever the attempt count: what opens the breaker. */
  transient: boolean;
  /** A sane Retry-After it sent, in ms. */
  waitMs: number | null;
};

/** Claims due deliveries of up to `endpoints` enabled endpoints not in `busy`; by endpoint. */
export async function claimDeliveries(workerId: string, busy: string[], endpoints = MAX_GROUPS): Promise<Map<string, Claimed[]>> {
  const rows = await rowsOf<Claimed>(
    db,
    // An endpoint whose breaker is open (paused_until set, the pause over) sends one probe, and
    // one worker at a time: the claimer leases it (paused_until pushed past the probe's timeout;
    // the probe's outcome sets it again), so another worker's concurrent claim finds it paused.
    sql`with picked as (
          select w.id, w.paused_until from webhook_endpoints w
          where w.enabled and w.id <> all(${`{${busy.join(",")}}`}::uuid[])
            and (w.paused_until is null or w.paused_until <= now())
            and exists (select 1 from webhook_deliveries x where x.endpoint_id = w.id and x.status = 'queued' and x.next_attempt_at <= now())
          order by random() limit ${endpoints}),
        leased as (
          update webhook_endpoints e set paused_until = now() + ${TIMEOUT_MS + PROBE_LEASE_SLACK_MS} * interval '1 millisecond'
          from picked where e.id = picked.id and picked.paused_until is not null and e.paused_until <= now()
          returning e.id),
        go as (select id, ${CLAIM_PER_ENDPOINT} as n from picked where paused_until is null union all select id, 1 from leased)
        update webhook_deliveries d set status = 'delivering', claimed_by = ${workerId}::uuid, claimed_at = now()
        from (select c.id from go
              cross join lateral (
                select x.id from webhook_deliveries x where x.endpoint_id = go.id and x.status = 'queued' and x.next_attempt_at <= now()
                order by x.next_attempt_at limit go.n for update skip locked) c) due
        where d.id = due.id
        returning d.id, d.endpoint_id, d.event_id, d.message_id, d.attempts, d.body`,
  );
  const out = new Map<string, Claimed[]>();
  for (const r of rows) out.set(r.endpoint_id, [...(out.get(r.endpoint_id) ?? []), r]);
  return out;
}

const clean = (s: string | null) => (s == null ? null : s.replace(/\u0000/g, ""));

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : "network error");
}

/** One attempt at one delivery: what to record (nothing is thrown). */
async function attempt(endpoint: WebhookEndpoint, r: Claimed, body: string | undefined, opts: DeliveryOptions): Promise<Outcome> {
  const n = r.attempts + 1;
  const base = { id: r.id, http: null, ms: null, response: null, next_at: null, body: body ?? null, transient: false, waitMs: null };
  if (!body) return { ...base, status: "failed", error: "The event no longer exists.", headers: {} };
  const at = new Date();
  const signed = signatureHeaders(signingSecrets(endpoint, at), r.message_id, body, at);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Portico-Webhooks/1", ...signed };
  // Kept for the dashboard without the signature: it is the one header a replay would need.
  const shown = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== "webhook-signature"));
  const retry = (delayMs: number | null = null) => (n < MAX_ATTEMPTS ? { status: "queued" as const, next_at: new Date(Date.now() + Math.max(retryDelayMs(n), delayMs ?? 0)).toISOString() } : { status: "failed" as const, next_at: null });
  try {
    const res = await safeFetch(endpoint.url, { method: "POST", headers, body, timeoutMs: opts.timeoutMs ?? TIMEOUT_MS, maxBodyBytes: RESPONSE_BYTES, policy: opts.policy, resolve: opts.resolve });
    const answered = { ...base, http: res.status, ms: res.ms, response: clean(res.body), headers: shown };
    if (res.status >= 200 && res.status < 300) return { ...answered, status: "delivered", error: null };
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      const waitMs = retryAfterMs(res.headers["retry-after"]);
      const r2 = retry(waitMs);
      return { ...answered, ...r2, transient: true, waitMs, error: `The endpoint answered ${res.status}${r2.status === "queued" ? "; trying again later" : ` after ${n} attempts; giving up`}.` };
    }
    const why = res.status >= 300 && res.status < 400 ? `The endpoint answered with a redirect (${res.status}); redirects are not followed: use the final URL.` : `The endpoint answered ${res.status}; not retried (only 408, 429 and 5xx are).`;
    return { ...answered, status: "failed", error: why };
  } catch (err) {
    if (err instanceof OutboundRefused) return { ...base, headers: shown, status: "failed", error: clean(`Refused: ${err.message.replace(/\.$/, "")}. Nothing was sent.`) };
    const timeout = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const r2 = retry();
    return { ...base, headers: shown, ...r2, transient: true, error: clean(timeout ? `No answer within ${(opts.timeoutMs ?? TIMEOUT_MS) / 1000} s.` : `Could not connect (${networkReason(err)}).`) };
  }
}

/** Sends a claimed group (one endpoint), PER_ENDPOINT at a time, then records every outcome in one transaction. */
export async function deliverGroup(workerId: string, endpointId: string, rows: Claimed[], opts: DeliveryOptions = {}): Promise<void> {
  const [row] = await db.select({ endpoint: webhookEndpoints, workspace: { id: workspaces.id, slug: workspaces.slug } }).from(webhookEndpoints).innerJoin(workspaces, eq(workspaces.id, webhookEndpoints.workspaceId)).where(eq(webhookEndpoints.id, endpointId));
  if (!row) return; // deleted meanwhile: its deliveries went with it
  const bodies = await bodiesForEvents(db, row.workspace, rows.filter((r) => !r.body && r.event_id).map((r) => r.event_id!));
  const outcomes: Outcome[] = [];
  let next = 0;
  const lane = async () => {
    for (let r = rows[next++]; r; r = rows[next++]) outcomes.push(await attempt(row.endpoint, r, r.body ?? bodies.get(r.event_id ?? ""), opts));
  };
  await Promise.all(Array.from({ length: Math.min(PER_ENDPOINT, rows.length) }, lane));
  const disabled = await record(workerId, row.endpoint, outcomes);
  if (disabled) await wakeOutbox();
}

/** Writes outcomes still fenced to this worker, the attempts, and the endpoint's health; true when it disabled the endpoint. */
async function record(workerId: string, endpoint: WebhookEndpoint, outcomes: Outcome[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const written = await rowsOf<{ id: string; ok: boolean }>(
      tx,
      sql`with v as (select * from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
                       as v(id uuid, status text, next_at timestamptz, http integer, error text, ms integer, response text, headers jsonb, body text)),
          u as (update webhook_deliveries d set status = v.status, attempts = d.attempts + 1, next_attempt_at = coalesce(v.next_at, d.next_attempt_at),
                  claimed_by = null, claimed_at = null, body = coalesce(d.body, v.body), last_status = v.http, last_error = v.error,
                  last_latency_ms = v.ms, last_response = v.response, last_attempt_at = now(),
                  delivered_at = case when v.status = 'delivered' then now() else d.delivered_at end, updated_at = now()
                from v where d.id = v.id and d.claimed_by = ${workerId}::uuid and d.status = 'delivering'
                returning d.id, d.attempts, d.workspace_id)
          insert into webhook_attempts (workspace_id, delivery_id, attempt, request_headers, status, error, latency_ms, response)
          select u.workspace_id, u.id, u.attempts, v.headers, v.http, v.error, v.ms, v.response from u join v on v.id = u.id
          returning delivery_id as id, status between 200 and 299 as ok`,
    );
    if (written.length === 0) return false;
    if (written.some((w) => w.ok)) {
      await tx.update(webhookEndpoints).set({ consecutiveFailures: 0, failingSince: null, pausedUntil: null }).where(eq(webhookEndpoints.id, endpoint.id));
      return false;
    }
    // None succeeded and the receiver is down or overloaded: the breaker opens (see the top), for
    // at least as long as a Retry-After asked. Failures that say nothing of its health (a 404, a
    // refused address, a vanished event) leave it as it was: closed stays closed (null), open
    // probes again at once (the probe's lease ends).
    const mine = new Set(written.map((w) => w.id));
    const transient = outcomes.filter((o) => mine.has(o.id) && o.transient);
    const waitMs = Math.min(PAUSE_MAX_WAIT_MS, Math.max(0, ...transient.map((o) => o.waitMs ?? 0)));
    const [health] = await rowsOf<{ enabled: boolean; failures: number; stale: boolean }>(
      tx,
      sql`update webhook_endpoints set consecutive_failures = consecutive_failures + ${written.length}, failing_since = coalesce(failing_since, now()),
            paused_until = case when ${transient.length > 0}
              then now() + greatest(${waitMs} * interval '1 millisecond', least(${PAUSE_MAX_S} * interval '1 second', greatest(${PAUSE_MIN_S} * interval '1 second', (now() - coalesce(failing_since, now())) / 2)))
              when paused_until is not null then least(paused_until, now()) end
          where id = ${endpoint.id} returning enabled, consecutive_failures as failures, failing_since <= now() - ${DISABLE_AFTER_MS} * interval '1 millisecond' as stale`,
    );
    if (!health?.enabled || !health.stale || health.failures < DISABLE_AFTER_FAILURES) return false;
    const last = outcomes.at(-1)?.error ?? "it kept failing";
    return disableEndpoint(tx, endpoint, `Every attempt failed for more than ${DISABLE_AFTER_MS / 3_600_000} hours (${health.failures} in a row). The last: ${last}`);
  });
}

/** Claims of workers that are gone (heartbeat stopped) or stuck go back to the queue, due now, with the same webhook-id. */
export async function releaseDeadWebhookClaims(): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`update webhook_deliveries set status = 'queued', claimed_by = null, claimed_at = null, next_attempt_at = now(), updated_at = now()
        where status = 'delivering' and (claimed_by in ${goneWorkersSql} or claimed_at < now() - ${STUCK_AFTER_S} * interval '1 second') returning id`,
  );
  return rows.length;
}

/** On shutdown: what this worker holds and has not recorded goes back (the attempt is not counted). */
export async function releaseWebhookClaims(workerId: string): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`update webhook_deliveries set status = 'queued', claimed_by = null, claimed_at = null, updated_at = now()
        where status = 'delivering' and claimed_by = ${workerId}::uuid returning id`,
  );
  return rows.length;
}

/** Finished deliveries (and their attempts) are kept this long for the dashboard and the API. */
export const KEEP_DAYS = 30;

/** Deletes up to `limit` deliveries finished more than KEEP_DAYS ago; returns how many. */
export async function pruneWebhookHistory(limit = 5000): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`delete from webhook_deliveries where id in (
          select id from webhook_deliveries where status in ('delivered', 'failed') and updated_at < now() - ${KEEP_DAYS} * interval '1 day' limit ${limit})
        returning id`,
  );
  return rows.length;
}

/** Gives back rows of a group that could not be recorded (a database error): due again now. */
export async function releaseRows(workerId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`update webhook_deliveries set status = 'queued', claimed_by = null, claimed_at = null, updated_at = now()
    where status = 'delivering' and claimed_by = ${workerId}::uuid and id = any(${`{${ids.join(",")}}`}::uuid[])`);
}

/** Delivers what is due until nothing is (tests, and the loop below one claim at a time). */
export async function drainWebhooks(workerId: string, opts: DeliveryOptions = {}): Promise<void> {
  for (;;) {
    const groups = await claimDeliveries(workerId, []);
    if (groups.size === 0) return;
    await Promise.all([...groups].map(([endpointId, rows]) => deliverGroup(workerId, endpointId, rows, opts)));
  }
}
