/**
 * "Send Login Email" to many contacts (SPEC §6): one-time login links queued through the
 * shared bulk loop (lib/mail/bulk), all tagged with one bulk-send id so the dashboard can follow
 * progress (queued / sent / failed) and list every recipient's outcome. Contacts without
 * live access are skipped and reported: a link would not let them in.
 */
import { and, eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { db } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { liveAccessSql } from "@/lib/access/live-access";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { EMAIL_OFF_MESSAGE, isEmailOn } from "@/lib/mail/email-settings";
import { queueForContacts } from "@/lib/mail/bulk";
import { queueLoginEmails } from "./send";

export class LoginEmailsOff extends Error {
  constructor() {
    super(EMAIL_OFF_MESSAGE.login_link);
  }
}

export async function sendLoginEmails(ctx: Ctx, contactIds: string[]): Promise<{ batchId: string; queued: number; skipped: number }> {
  const { workspace } = ctx;
  if (!isEmailOn(workspace, "login_link")) throw new LoginEmailsOff();
  const batchId = randomUUID();
  const queued = await queueForContacts({
    workspaceId: workspace.id,
    contactIds,
    where: liveAccessSql,
    queue: (tx, recipients) => queueLoginEmails(tx, { workspace, contacts: recipients, via: "admin_bulk", actor: ctx.actor, request: ctx.request, batchId }),
  });
  const skipped = new Set(contactIds).size - queued;
  await recordAudit(db, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "login_email.bulk_sent", data: { batchId, queued, skipped } });
  return { batchId, queued, skipped };
}

/** Live progress of a bulk send, by status. */
export async function bulkSendProgress(workspaceId: string, batchId: string) {
  const rows = await db
    .select({ status: emailMessages.status, n: sql<number>`count(*)::int` })
    .from(emailMessages)
    .where(and(eq(emailMessages.workspaceId, workspaceId), eq(emailMessages.batchId, batchId)))
    .groupBy(emailMessages.status);
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
  const total = rows.reduce((n, r) => n + r.n, 0);
  const failed = (by.failed ?? 0) + (by.bounced ?? 0) + (by.complained ?? 0);
  return { total, queued: (by.queued ?? 0) + (by.sending ?? 0), sent: total - failed - (by.queued ?? 0) - (by.sending ?? 0), failed };
}
