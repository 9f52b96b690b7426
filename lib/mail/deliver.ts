/**
 * Outbox delivery: claims due rows (SKIP LOCKED, so any number of workers share the work),
 * sends each through the configured transport and records the outcome. A row left in
 * `sending` by a crashed worker is put back in the queue after STUCK_AFTER.
 */
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { emailMessages, type EmailMessage } from "@/db/schema";
import { openMessage } from "./sealed";
import { currentTransport } from "./transports";

const STUCK_AFTER = "5 minutes";
export const MAX_ATTEMPTS = 8;

function backoffMs(attempt: number): number {
  const base = Math.min(60 * 60_000, 2 ** attempt * 1000);
  return base / 2 + Math.floor((base / 2) * crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32);
}

async function claim(limit: number): Promise<EmailMessage[]> {
  await db
    .update(emailMessages)
    .set({ status: "queued" })
    .where(and(eq(emailMessages.status, "sending"), lte(emailMessages.updatedAt, sql`now() - ${STUCK_AFTER}::interval`)));
  const due = db
    .select({ id: emailMessages.id })
    .from(emailMessages)
    .where(and(eq(emailMessages.status, "queued"), lte(emailMessages.nextAttemptAt, sql`now()`)))
    .orderBy(emailMessages.nextAttemptAt)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(emailMessages)
    .set({ status: "sending", attempts: sql`${emailMessages.attempts} + 1` })
    .where(inArray(emailMessages.id, due))
    .returning();
}

async function deliverOne(message: EmailMessage): Promise<void> {
  const transport = currentTransport();
  let result;
  try {
    result = await transport.send(openMessage(message));
  } catch (err) {
    result = { ok: false as const, retryable: true, error: err instanceof Error ? err.message : String(err) };
  }
  const now = new Date();
  if (result.ok) {
    await db
      .update(emailMessages)
      .set({
        status: result.delivered ? "delivered" : "sent",
        transport: transport.name,
        providerMessageId: result.providerMessageId ?? null,
        sentAt: now,
        deliveredAt: result.delivered ? now : null,
        lastError: null,
      })
      .where(eq(emailMessages.id, message.id));
    return;
  }
  const giveUp = !result.retryable || message.attempts >= MAX_ATTEMPTS;
  await db
    .update(emailMessages)
    .set(
      giveUp
        ? { status: "failed", transport: transport.name, lastError: result.error, failedAt: now }
        : {
            status: "queued",
            transport: transport.name,
            lastError: result.error,
            nextAttemptAt: new Date(now.getTime() + (result.retryAfterMs ?? backoffMs(message.attempts))),
          },
    )
    .where(eq(emailMessages.id, message.id));
}

/** Delivers everything due now; returns how many messages it handled. */
export async function drainOutbox({ batch = 50, maxBatches = 100 } = {}): Promise<number> {
  let handled = 0;
  for (let i = 0; i < maxBatches; i++) {
    const claimed = await claim(batch);
    if (claimed.length === 0) break;
    for (const message of claimed) await deliverOne(message);
    handled += claimed.length;
  }
  return handled;
}
