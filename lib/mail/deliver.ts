/**
 * Outbox delivery (SPEC §5). Any number of workers share the work through PostgreSQL:
 * - A due row is claimed into a *send group* (up to EMAIL_BATCH_SIZE rows, one provider
 *   call) and stamped with the group's key, used as the provider's Idempotency-Key (a lone
 *   message uses its row id). A retry sends exactly the same rows under the same key, so a
 *   call whose answer was lost (crash, cut connection) is answered again, never re-delivered.
 * - Keyed groups are claimed whole, by one worker (an advisory lock on the key), and go first.
 * - 429 waits for `retry-after`; 5xx, 409 and network errors back off exponentially with
 *   jitter; other 4xx fail at once with the provider's message (a rejected batch is split so
 *   only the bad message fails); after EMAIL_MAX_ATTEMPTS the rows are marked failed.
 * - Provider calls are paced across all workers to EMAIL_PROVIDER_RPS (a shared slot clock).
 * - A claim is stamped with the worker's id (claimed_by, lib/jobs/heartbeat.ts): rows held by a
 *   worker whose heartbeat stopped go back to the queue within seconds, other rows left in
 *   `sending` after EMAIL_STUCK_AFTER_S; both keep their send_key, so the retry is idempotent.
 * - A message that cannot be decrypted (another AUTH_SECRET sealed it) fails at once, loudly.
 * - Suppressed addresses (hard bounce, complaint) fail before their first send.
 */
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { db, rowsOf } from "@/db/client";
import { emailMessages, type EmailMessage } from "@/db/schema";
import { env } from "@/lib/env";
import { goneWorkersSql } from "@/lib/jobs/heartbeat";
import { logger } from "@/lib/log";
import { openMessage } from "./sealed";
import { currentTransport } from "./transports";
import type { SendResult, Transport } from "./transports/types";

/** Exported for tests that check what is logged. */
export const log = logger("outbox");

export const UNDECRYPTABLE_ERROR =
  "Cannot decrypt this email: the worker's AUTH_SECRET differs from the one that queued it. Set the same AUTH_SECRET on every web and worker process, then send the email again.";

export function backoffMs(attempt: number): number {
  const base = Math.min(60 * 60_000, 2 ** attempt * 1000);
  return base / 2 + Math.floor(((base / 2) * crypto.getRandomValues(new Uint32Array(1))[0]!) / 2 ** 32);
}

/** Raw rows come back snake_cased; map them onto the Drizzle row type. */
const columns = sql.raw(
  Object.entries(emailMessages)
    .filter(([, c]) => typeof c === "object" && c !== null && "name" in c && "columnType" in c)
    .map(([k, c]) => `m."${(c as { name: string }).name}" as "${k}"`)
    .join(", "),
);

/** Rows of a worker that is gone (its heartbeat stopped), or stuck for EMAIL_STUCK_AFTER_S, go back to the queue under the same send_key. */
async function requeueStuck() {
  await db.execute(sql`update email_messages set status = 'queued', claimed_by = null, updated_at = now()
    where status = 'sending'
      and (updated_at <= now() - ${env.EMAIL_STUCK_AFTER_S} * interval '1 second' or claimed_by in ${goneWorkersSql})`);
}

/** On shutdown: what this worker claimed and has not recorded goes back to the queue (same send_key, attempt not counted). */
export async function releaseClaims(workerId: string): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`update email_messages set status = 'queued', claimed_by = null, attempts = greatest(attempts - 1, 0), updated_at = now()
      where status = 'sending' and claimed_by = ${workerId}::uuid returning id`,
  );
  return rows.length;
}

async function failSuppressed() {
  await db.execute(sql`update email_messages m set status = 'failed', failed_at = now(), updated_at = now(),
      last_error = 'Not sent: the address is suppressed (' || s.reason || '). An admin can lift it on the contact record.'
    from email_suppressions s
    where m.status = 'queued' and m.send_key is null and lower(s.email) = lower(m.to_email)
      and (s.workspace_id is null or s.workspace_id = m.workspace_id)`);
}

/** A group that was sent before (a retry): all of its rows, by one worker. */
async function claimKeyedGroup(claimedBy: string | null): Promise<EmailMessage[]> {
  return rowsOf<EmailMessage>(
    db,
    sql`update email_messages m set status = 'sending', attempts = m.attempts + 1, claimed_by = ${claimedBy}::uuid, updated_at = now()
      where m.send_key = (select send_key from email_messages where status = 'queued' and send_key is not null and next_attempt_at <= now()
                          order by next_attempt_at limit 1)
        and m.status = 'queued' and pg_try_advisory_xact_lock(hashtext(m.send_key))
      returning ${columns}`,
  );
}

/** Up to `size` due rows never sent before, stamped with a new key. */
async function claimNewGroup(size: number, claimedBy: string | null): Promise<EmailMessage[]> {
  return rowsOf<EmailMessage>(
    db,
    sql`with picked as (
        select id from email_messages where status = 'queued' and send_key is null and next_attempt_at <= now()
        order by next_attempt_at, id limit ${size} for update skip locked)
      update email_messages m set status = 'sending', attempts = m.attempts + 1, send_key = ${randomUUID()}, claimed_by = ${claimedBy}::uuid, updated_at = now()
      from picked where m.id = picked.id
      returning ${columns}`,
  );
}

/** Waits for this process's turn in the provider's rate, shared by every worker through PostgreSQL. */
async function pace(): Promise<void> {
  const gapMs = Math.ceil((1000 / env.EMAIL_PROVIDER_RPS) * 1.02);
  const [slot] = await rowsOf<{ wait_ms: number }>(
    db,
    sql`insert into provider_pacer (name, next_at) values ('email', clock_timestamp() + ${gapMs} * interval '1 millisecond')
      on conflict (name) do update set next_at = greatest(provider_pacer.next_at, clock_timestamp()) + ${gapMs} * interval '1 millisecond'
      returning greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000 - ${gapMs})::float8 as wait_ms`,
  );
  const wait = Number(slot?.wait_ms ?? 0);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

async function record(rows: EmailMessage[], result: SendResult, transport: Transport) {
  const ids = rows.map((r) => r.id);
  if (result.ok) {
    const outcome = JSON.stringify(rows.map((r, i) => ({ id: r.id, pid: result.providerMessageIds[i] ?? null })));
    await db.execute(sql`update email_messages m set status = ${result.delivered ? "delivered" : "sent"}, transport = ${transport.name},
        provider_message_id = v.pid, claimed_by = null, sent_at = now(), delivered_at = ${result.delivered ? sql`now()` : null}, last_error = null, updated_at = now()
      from jsonb_to_recordset(${outcome}::jsonb) as v(id uuid, pid text) where m.id = v.id`);
    return;
  }
  const inList = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  if (!result.retryable && rows.length > 1 && result.status === 422) {
    // The provider refused the whole batch and delivered nothing: send each on its own, so only the bad one fails.
    await db.execute(sql`update email_messages set status = 'queued', send_key = id::text, attempts = attempts - 1, claimed_by = null, updated_at = now() where id in (${inList})`);
    return;
  }
  const giveUp = !result.retryable || rows[0]!.attempts >= env.EMAIL_MAX_ATTEMPTS;
  if (giveUp) {
    await db.execute(sql`update email_messages set status = 'failed', transport = ${transport.name}, last_error = ${result.error}, claimed_by = null, failed_at = now(), updated_at = now() where id in (${inList})`);
    return;
  }
  const delay = result.retryAfterMs ?? backoffMs(rows[0]!.attempts);
  await db.execute(sql`update email_messages set status = 'queued', transport = ${transport.name}, last_error = ${result.error}, claimed_by = null,
      next_attempt_at = now() + ${delay} * interval '1 millisecond', updated_at = now() where id in (${inList})`);
}

/** Opens each message; one sealed under another AUTH_SECRET fails now, for good (a retry cannot help). */
async function openAll(rows: EmailMessage[]): Promise<{ rows: EmailMessage[]; opened: EmailMessage[] }> {
  const readable: EmailMessage[] = [];
  const opened: EmailMessage[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    try {
      opened.push(openMessage(row));
      readable.push(row);
    } catch {
      unreadable.push(row.id);
    }
  }
  if (unreadable.length > 0) {
    const inList = sql.join(unreadable.map((id) => sql`${id}::uuid`), sql`, `);
    await db.execute(sql`update email_messages set status = 'failed', last_error = ${UNDECRYPTABLE_ERROR}, claimed_by = null, failed_at = now(), updated_at = now()
      where id in (${inList})`);
    log.error({ count: unreadable.length, of: rows.length, emailIds: unreadable.slice(0, 5) }, `${unreadable.length} of ${rows.length} emails in a batch failed: ${UNDECRYPTABLE_ERROR}`);
  }
  return { rows: readable, opened };
}

async function sendGroup(transport: Transport, claimed: EmailMessage[]) {
  const { rows, opened } = await openAll([...claimed].sort((a, b) => (a.id < b.id ? -1 : 1)));
  if (rows.length === 0) return;
  // A retry of this group claims exactly the readable rows (the others are failed), so it computes the same key.
  const key = rows.length === 1 ? rows[0]!.id : rows[0]!.sendKey!;
  if (transport.name !== "dev") await pace();
  let result: SendResult;
  try {
    result = await transport.send(opened, key);
  } catch (err) {
    result = { ok: false, retryable: true, error: err instanceof Error ? err.message : String(err) };
  }
  await record(rows, result, transport);
}

/** Delivers everything due now, one provider call at a time; returns how many messages it handled. */
/**
 * Delivers everything due now, one provider call at a time; returns how many messages it handled.
 * `claimedBy` is the worker's heartbeat id; `stopping` is asked before each claim (shutdown).
 */
export async function drainOutbox({
  transport = currentTransport(),
  maxCalls = 10_000,
  batchSize = env.EMAIL_BATCH_SIZE,
  claimedBy = null,
  stopping = () => false,
}: { transport?: Transport; maxCalls?: number; batchSize?: number; claimedBy?: string | null; stopping?: () => boolean } = {}): Promise<number> {
  await requeueStuck();
  await failSuppressed();
  let handled = 0;
  for (let i = 0; i < maxCalls && !stopping(); i++) {
    let rows = await claimKeyedGroup(claimedBy);
    if (rows.length === 0) rows = await claimNewGroup(batchSize, claimedBy);
    if (rows.length === 0) break;
    await sendGroup(transport, rows);
    handled += rows.length;
  }
  return handled;
}
