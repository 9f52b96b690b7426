/**
 * Resend delivery webhooks (SPEC §5): the Svix signature is verified on the raw body with a
 * 5-minute tolerance (Resend SDK → standardwebhooks), each event id is processed once, and
 * the message moves to delivered / delivery_delayed / bounced / complained. A hard bounce or
 * a complaint suppresses the address in that workspace: later sends to it fail before they
 * reach the provider, until an admin lifts it.
 */
import { and, eq, sql } from "drizzle-orm";
import { Resend } from "resend";
import { db } from "@/db/client";
import { emailMessages, emailSuppressions, providerEvents, type EmailStatus } from "@/db/schema";
import { recordEvents } from "@/lib/access/events";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";

type ResendEvent = { type: string; created_at?: string; data?: { email_id?: string; to?: string[]; bounce?: { type?: string; message?: string } } };

const STATUS: Record<string, EmailStatus> = {
  "email.delivered": "delivered",
  "email.delivery_delayed": "delivery_delayed",
  "email.bounced": "bounced",
  "email.complained": "complained",
};
// A late "delayed" must not undo "delivered"; a bounce or complaint after delivery wins.
const RANK: Partial<Record<EmailStatus, number>> = { sent: 1, delivery_delayed: 2, delivered: 3, bounced: 4, complained: 5 };

export type WebhookOutcome = { status: number; message: string };

export function verifyResendSignature(raw: string, headers: Headers, secret: string): ResendEvent | null {
  const header = (name: string) => headers.get(`svix-${name}`) ?? headers.get(`webhook-${name}`) ?? "";
  try {
    new Resend("re_webhook_verification_only").webhooks.verify({
      payload: raw,
      headers: { id: header("id"), timestamp: header("timestamp"), signature: header("signature") },
      webhookSecret: secret,
    });
    return JSON.parse(raw) as ResendEvent;
  } catch {
    return null;
  }
}

export async function handleResendWebhook(raw: string, headers: Headers): Promise<WebhookOutcome> {
  const secret = env.RESEND_WEBHOOK_SECRET;
  if (!secret) return { status: 404, message: "Webhooks are not configured (RESEND_WEBHOOK_SECRET)." };
  const event = verifyResendSignature(raw, headers, secret);
  if (!event) return { status: 401, message: "Invalid signature or timestamp." };
  const eventId = headers.get("svix-id") ?? headers.get("webhook-id")!;
  const status = STATUS[event.type];
  return db.transaction(async (tx) => {
    const fresh = await tx.insert(providerEvents).values({ id: eventId, provider: "resend", type: event.type }).onConflictDoNothing().returning();
    if (fresh.length === 0) return { status: 200, message: "Already processed." };
    const providerId = event.data?.email_id;
    if (!status || !providerId) return { status: 200, message: "Ignored." };
    const [message] = await tx.select().from(emailMessages).where(eq(emailMessages.providerMessageId, providerId)).limit(1);
    if (!message) return { status: 200, message: "Unknown message." };
    if ((RANK[status] ?? 0) > (RANK[message.status] ?? 0)) {
      const error = status === "bounced" ? `Bounced: ${event.data?.bounce?.message ?? event.data?.bounce?.type ?? "no reason given"}` : status === "complained" ? "The recipient marked it as spam." : message.lastError;
      await tx
        .update(emailMessages)
        .set({ status, lastError: error, deliveredAt: status === "delivered" ? new Date() : message.deliveredAt, updatedAt: new Date() })
        .where(eq(emailMessages.id, message.id));
      // Once per message (the status only moves forward): webhooks' `email.bounced`.
      if (status === "bounced" && message.workspaceId) {
        await recordEvents(tx, message.workspaceId, [
          { type: "email_bounced", contactId: message.contactId, data: { emailId: message.id, template: message.template, bounceType: event.data?.bounce?.type ?? null, reason: event.data?.bounce?.message ?? null } },
        ]);
      }
    }
    const hard = status === "complained" || (status === "bounced" && (event.data?.bounce?.type ?? "Permanent") !== "Transient");
    if (hard) {
      await tx
        .insert(emailSuppressions)
        .values({ workspaceId: message.workspaceId, email: message.toEmail.toLowerCase(), reason: status === "complained" ? "spam complaint" : "hard bounce" })
        .onConflictDoNothing();
    }
    return { status: 200, message: `Recorded ${status}.` };
  });
}

export async function listSuppressions(workspaceId: string, email: string) {
  return db
    .select()
    .from(emailSuppressions)
    .where(and(eq(emailSuppressions.workspaceId, workspaceId), eq(sql`lower(${emailSuppressions.email})`, email.toLowerCase())));
}

/** The admin lifts a suppression: sends to the address go out again. */
export async function liftSuppression(ctx: Ctx, email: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(emailSuppressions)
      .where(and(eq(emailSuppressions.workspaceId, ctx.workspace.id), eq(sql`lower(${emailSuppressions.email})`, email.toLowerCase())))
      .returning();
    if (rows.length) await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "email.suppression_lifted", data: { email } });
    return rows.length > 0;
  });
}
