/**
 * Sending one SMS, at most once per idempotency key (SPEC §8: a retried workflow step never
 * texts twice). The sms_messages row keyed by the caller's key is the guarantee: once it is
 * sent, every later call with that key answers `already` without asking the provider. A call
 * claims the row ("sending") so two concurrent calls cannot both send. Twilio has no
 * idempotency key, so when the outcome is not known — a timeout, a cut connection, an answer
 * without a message id, or a claim left "sending" by a crashed process for SEND_LEASE_MS — the
 * row becomes "unknown" and is NOT sent again by itself: `allowResend` (an admin's Retry,
 * after checking Twilio's log) clears it. The body is stored sealed (it may
 * carry a login link); logs and last_error never hold the body nor the whole number.
 */
import { and, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { db, type Queryable } from "@/db/client";
import { contacts, smsMessages } from "@/db/schema";
import { logger } from "@/lib/log";
import { seal } from "@/lib/mail/sealed";
import { maskPhone, normalizePhone } from "./phone";
import { currentSmsTransport } from "./transports";
import { cleanErrorText, SmsSendError, type SmsTransport } from "./transports/types";

export type SendSmsInput = { workspaceId: string; contactId: string | null; to: string | null; body: string; idempotencyKey: string };
export type SendSmsResult =
  | { ok: true; smsId: string; transport: string; already: boolean }
  | { ok: false; skipped: true; reason: string; smsId?: string }
  | { ok: false; skipped?: false; transient: boolean; error: string; smsId: string };

export const SKIP_OPTED_OUT = "The contact replied STOP: SMS is off for them.";
export const SKIP_NO_PHONE = "The contact has no phone number.";
export const UNKNOWN_OUTCOME = "Twilio may have sent this text (no clear answer came back), so it is not sent again by itself. Check the message log in Twilio; Retry step sends it again.";
const SEND_LEASE_MS = 60_000;
const log = logger("sms");

export async function sendSms(input: SendSmsInput, opts: { transport?: SmsTransport } = {}): Promise<SendSmsResult> {
  if (!input.idempotencyKey) throw new Error("sendSms needs an idempotency key.");
  const row = await rowFor(input);
  if (row.status === "sent" || row.status === "delivered") return { ok: true, smsId: row.id, transport: row.transport ?? "unknown", already: true };

  const [claimed] = await db
    .update(smsMessages)
    .set({ status: "sending", body: seal(input.body), contactId: input.contactId, updatedAt: new Date() })
    .where(
      and(
        eq(smsMessages.id, row.id),
        inArray(smsMessages.status, ["queued", "failed", "skipped"]),
      ),
    )
    .returning({ id: smsMessages.id, status: smsMessages.status });
  if (!claimed) {
    // A claim older than the lease is a process that died mid-send: what happened is not known.
    await db
      .update(smsMessages)
      .set({ status: "unknown", lastError: UNKNOWN_OUTCOME, updatedAt: new Date() })
      .where(and(eq(smsMessages.id, row.id), eq(smsMessages.status, "sending"), lt(smsMessages.updatedAt, new Date(Date.now() - SEND_LEASE_MS))));
    const [now] = await db.select({ status: smsMessages.status, transport: smsMessages.transport }).from(smsMessages).where(eq(smsMessages.id, row.id));
    if (now?.status === "sent" || now?.status === "delivered") return { ok: true, smsId: row.id, transport: now.transport ?? "unknown", already: true };
    if (now?.status === "unknown") return { ok: false, transient: false, error: UNKNOWN_OUTCOME, smsId: row.id };
    return { ok: false, transient: true, error: "Another attempt is sending this SMS right now.", smsId: row.id };
  }

  const recipient = await recipientOf(input);
  if (!recipient.ok) {
    await db.update(smsMessages).set({ status: "skipped", lastError: recipient.reason, toPhone: recipient.phone ?? "", updatedAt: new Date() }).where(eq(smsMessages.id, row.id));
    log.info({ smsId: row.id, workspaceId: input.workspaceId, contactId: input.contactId }, `SMS skipped: ${recipient.reason}`);
    return { ok: false, skipped: true, reason: recipient.reason, smsId: row.id };
  }

  const transport = opts.transport ?? currentSmsTransport();
  await db
    .update(smsMessages)
    .set({ toPhone: recipient.e164, transport: transport.name, attempts: sql`${smsMessages.attempts} + 1`, updatedAt: new Date() })
    .where(eq(smsMessages.id, row.id));
  try {
    const { providerMessageId } = await transport.send({ to: recipient.e164, body: input.body, idempotencyKey: input.idempotencyKey });
    await db
      .update(smsMessages)
      .set({ status: "sent", providerMessageId, sentAt: new Date(), lastError: null, updatedAt: new Date() })
      .where(eq(smsMessages.id, row.id));
    return { ok: true, smsId: row.id, transport: transport.name, already: false };
  } catch (err) {
    const failure =
      err instanceof SmsSendError
        ? { transient: err.transient, unknown: err.unknown, error: cleanErrorText(err.message, [input.body]) }
        : { transient: true, unknown: true, error: cleanErrorText(`Unexpected error from the ${transport.name} transport: ${(err as Error)?.message ?? String(err)}`, [input.body]) };
    if (failure.unknown) {
      await db.update(smsMessages).set({ status: "unknown", lastError: `${failure.error} ${UNKNOWN_OUTCOME}`, updatedAt: new Date() }).where(eq(smsMessages.id, row.id));
      log.warn({ smsId: row.id, to: maskPhone(recipient.e164), transport: transport.name }, `SMS outcome unknown: ${failure.error}`);
      return { ok: false, transient: false, error: `${failure.error} ${UNKNOWN_OUTCOME}`, smsId: row.id };
    }
    await db.update(smsMessages).set({ status: "failed", lastError: failure.error, updatedAt: new Date() }).where(eq(smsMessages.id, row.id));
    log.warn({ smsId: row.id, to: maskPhone(recipient.e164), transport: transport.name, transient: failure.transient }, `SMS not sent: ${failure.error}`);
    return { ok: false, transient: failure.transient, error: failure.error, smsId: row.id };
  }
}

/** The row for this key: created (queued, body sealed) on the first call, found on every later one. */
async function rowFor(input: SendSmsInput) {
  const [inserted] = await db
    .insert(smsMessages)
    .values({ workspaceId: input.workspaceId, contactId: input.contactId, toPhone: "", body: seal(input.body), idempotencyKey: input.idempotencyKey, status: "queued" })
    .onConflictDoNothing({ target: smsMessages.idempotencyKey })
    .returning();
  const row = inserted ?? (await db.select().from(smsMessages).where(eq(smsMessages.idempotencyKey, input.idempotencyKey)))[0];
  if (!row) throw new Error("sms_messages row vanished while being read.");
  // Keys are global (one unique index): one from another workspace is a caller's bug, never a reason to answer "sent".
  if (row.workspaceId !== input.workspaceId) throw new Error("This SMS idempotency key belongs to another workspace.");
  return row;
}

type Recipient = { ok: true; e164: string } | { ok: false; reason: string; phone?: string };

/** Who the text goes to: `to` if given, else the contact's phone; refused if they replied STOP. */
async function recipientOf(input: SendSmsInput): Promise<Recipient> {
  let phone = input.to?.trim() || null;
  if (input.contactId) {
    const [contact] = await db
      .select({ phone: contacts.phone, optedOut: contacts.smsOptedOutAt })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, input.workspaceId), eq(contacts.id, input.contactId)));
    if (!contact) return { ok: false, reason: "The contact no longer exists." };
    if (contact.optedOut) return { ok: false, reason: SKIP_OPTED_OUT, phone: contact.phone ?? undefined };
    phone ??= contact.phone?.trim() || null;
  }
  if (!phone) return { ok: false, reason: SKIP_NO_PHONE };
  const normal = normalizePhone(phone);
  if (!normal.ok) return { ok: false, reason: `The contact's phone number is not valid: ${normal.error}` };
  // A STOP is the number's: any contact of this workspace with it that opted out turns it off.
  const [stopped] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, input.workspaceId), eq(contacts.phone, normal.e164), isNotNull(contacts.smsOptedOutAt)))
    .limit(1);
  if (stopped) return { ok: false, reason: SKIP_OPTED_OUT, phone: normal.e164 };
  return { ok: true, e164: normal.e164 };
}

/** An admin checked the provider's log and wants the text sent again: an "unknown" (or stuck) row may be claimed again. */
export async function allowResend(q: Queryable, idempotencyKey: string): Promise<void> {
  await q
    .update(smsMessages)
    .set({ status: "failed", updatedAt: new Date() })
    .where(and(eq(smsMessages.idempotencyKey, idempotencyKey), inArray(smsMessages.status, ["unknown", "sending"])));
}

/** Whether the text of this key already went out (a retried step then mints no new login link). */
export async function smsAlreadySent(idempotencyKey: string): Promise<boolean> {
  const [row] = await db.select({ status: smsMessages.status }).from(smsMessages).where(eq(smsMessages.idempotencyKey, idempotencyKey));
  return row?.status === "sent" || row?.status === "delivered";
}
