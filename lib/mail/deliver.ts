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
 * - Rows left in `sending` by a crashed worker go back to the queue after EMAIL_STUCK_AFTER_S.
 * - Suppressed addresses (hard bounce, complaint) fail before their first send.
 */
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { db, rowsOf } from "@/db/client";
import { emailMessages, type EmailMessage } from "@/db/schema";
import { env } from "@/lib/env";
import { openMessage } from "./sealed";
import { currentTransport } from "./transports";
import type { SendResult, Transport } from "./transports/types";

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

async function requeueStuck() {
  await db.execute(sql`update email_messages set status = 'queued', updated_at = now()
    where status = 'sending' and updated_at <= now() - ${env.EMAIL_STUCK_AFTER_S} * interval '1 second'`);
}

async function failSuppressed() {
  await db.execute(sql`update email_messages m set status = 'failed', failed_at = now(), updated_at = now(),
      last_error = 'Not sent: the address is suppressed (' || s.reason || '). An admin can lift it on the contact record.'
    from email_suppressions s
    where m.status = 'queued' and m.send_key is null and lower(s.email) = lower(m.to_email)
      and (s.workspace_id is null or s.workspace_id = m.workspace_id)`);
}

/** A group that was sent before (a retry): all of its rows, by one worker. */
async function claimKeyedGroup(): Promise<EmailMessage[]> {
  return rowsOf<EmailMessage>(
    db,
    sql`update email_messages m set status = 'sending', attempts = m.attempts + 1, updated_at = now()
      where m.send_key = (select send_key from email_messages where status = 'queued' and send_key is not null and next_attempt_at <= now()
                          order by next_attempt_at limit 1)
        and m.status = 'queued' and pg_try_advisory_xact_lock(hashtext(m.send_key))
      returning ${columns}`,
  );
}

/** Up to `size` due rows never sent before, stamped with a new key. */
async function claimNewGroup(size: number): Promise<EmailMessage[]> {
  return rowsOf<EmailMessage>(
    db,
    sql`with picked as (
        select id from email_messages where status = 'queued' and send_key is null and next_attempt_at <= now()
        order by next_attempt_at, id limit ${size} for update skip locked)
      update email_messages m set status = 'sending', attempts = m.attempts + 1, send_key = ${randomUUID()}, updated_at = now()
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
        provider_message_id = v.pid, sent_at = now(), delivered_at = ${result.delivered ? sql`now()` : null}, last_error = null, updated_at = now()
      from jsonb_to_recordset(${outcome}::jsonb) as v(id uuid, pid text) where m.id = v.id`);
    return;
  }
  const inList = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  if (!result.retryable && rows.length > 1 && result.status === 422) {
    // The provider refused the whole batch and delivered nothing: send each on its own, so only the bad one fails.
    await db.execute(sql`update email_messages set status = 'queued', send_key = id::text, attempts = attempts - 1, updated_at = now() where id in (${inList})`);
    return;
  }
  const giveUp = !result.retryable || rows[0]!.attempts >= env.EMAIL_MAX_ATTEMPTS;
  if (giveUp) {
    await db.execute(sql`update email_messages set status = 'failed', transport = ${transport.name}, last_error = ${result.error}, failed_at = now(), updated_at = now() where id in (${inList})`);
    return;
  }
  const delay = result.retryAfterMs ?? backoffMs(rows[0]!.attempts);
  await db.execute(sql`update email_messages set status = 'queued', transport = ${transport.name}, last_error = ${result.error},
      next_attempt_at = now() + ${delay} * interval '1 millisecond', updated_at = now() where id in (${inList})`);
}

async function sendGroup(transport: Transport, claimed: EmailMessage[]) {
  const rows = [...claimed].sort((a, b) => (a.id < b.id ? -1 : 1));
  const key = rows.length === 1 ? rows[0]!.id : rows[0]!.sendKey!;
  if (transport.name !== "dev") await pace();
  let result: SendResult;
  try {
    result = await transport.send(rows.map(openMessage), key);
  } catch (err) {
    result = { ok: false, retryable: true, error: err instanceof Error ? err.message : String(err) };
  }
  await record(rows, result, transport);
}

/** Delivers everything due now, one provider call at a time; returns how many messages it handled. */
export async function drainOutbox({ transport = currentTransport(), maxCalls = 10_000, batchSize = env.EMAIL_BATCH_SIZE } = {}): Promise<number> {
  await requeueStuck();
  await failSuppressed();
  let handled = 0;
  for (let i = 0; i < maxCalls; i++) {
    let rows = await claimKeyedGroup();
    if (rows.length === 0) rows = await claimNewGroup(batchSize);
    if (rows.length === 0) break;
    await sendGroup(transport, rows);
    handled += rows.length;
  }
  return handled;
}
