/**
 * The delivery log (SPEC §5): every outbox row of a workspace with its state, and for link
 * emails the link's own timeline (opened, used), so an admin sees "did they get it, and did
 * they click it?" in one place. Failed and bounced messages can be retried.
 */
import { and, desc, eq, gte, ilike, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { authTokens, emailMessages, emailStatus } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { wakeOutbox } from "./outbox";
import { isSavableText, isUuid } from "@/lib/utils";

export const PAGE_SIZE = 50;

export const logFilterSchema = z.object({
  status: z.enum(emailStatus.enumValues).optional().catch(undefined),
  template: z.string().max(60).refine(isSavableText).optional().catch(undefined),
  q: z.string().trim().max(200).refine(isSavableText).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type LogFilter = z.infer<typeof logFilterSchema>;

const columns = {
  id: emailMessages.id,
  contactId: emailMessages.contactId,
  to: emailMessages.toEmail,
  subject: emailMessages.subject,
  template: emailMessages.template,
  status: emailMessages.status,
  attempts: emailMessages.attempts,
  lastError: emailMessages.lastError,
  createdAt: emailMessages.createdAt,
  sentAt: emailMessages.sentAt,
  deliveredAt: emailMessages.deliveredAt,
  failedAt: emailMessages.failedAt,
  updatedAt: emailMessages.updatedAt,
  linkOpenedAt: authTokens.firstOpenedAt,
  linkUsedAt: authTokens.usedAt,
};

export type LogRow = { [K in keyof typeof columns]: (typeof columns)[K]["_"]["data"] | null };

type Scope = Partial<LogFilter> & { contactId?: string; batchId?: string };

function where(workspaceId: string, f: Scope): SQL {
  const escaped = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return and(
    eq(emailMessages.workspaceId, workspaceId),
    f.contactId ? eq(emailMessages.contactId, f.contactId) : undefined,
    f.batchId ? eq(emailMessages.batchId, f.batchId) : undefined,
    f.status ? eq(emailMessages.status, f.status) : undefined,
    f.template ? eq(emailMessages.template, f.template) : undefined,
    escaped ? ilike(emailMessages.toEmail, escaped) : undefined,
    f.from ? gte(emailMessages.createdAt, new Date(`${f.from}T00:00:00Z`)) : undefined,
    f.to ? lt(emailMessages.createdAt, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)) : undefined,
  )!;
}

export async function listDeliveryLog(workspaceId: string, f: Scope) {
  const page = f.page ?? 1;
  const [rows, [count]] = await Promise.all([
    db
      .select(columns)
      .from(emailMessages)
      .leftJoin(authTokens, eq(authTokens.id, emailMessages.authTokenId))
      .where(where(workspaceId, f))
      .orderBy(desc(emailMessages.createdAt), desc(emailMessages.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db.select({ n: sql<number>`count(*)::int` }).from(emailMessages).where(where(workspaceId, f)),
  ]);
  return { rows: rows as LogRow[], total: count?.n ?? 0, pages: Math.max(1, Math.ceil((count?.n ?? 0) / PAGE_SIZE)) };
}

export async function listTemplatesUsed(workspaceId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ t: emailMessages.template }).from(emailMessages).where(eq(emailMessages.workspaceId, workspaceId)).orderBy(emailMessages.template);
  return rows.map((r) => r.t);
}

/** The steps an admin reads: queued → sent → delivered/bounced → link opened → link used. */
export function timeline(r: LogRow): { step: string; at: Date | null; bad?: boolean }[] {
  const steps: { step: string; at: Date | null; bad?: boolean }[] = [{ step: "queued", at: r.createdAt }];
  if (r.sentAt) steps.push({ step: "sent", at: r.sentAt });
  if (r.deliveredAt) steps.push({ step: "delivered", at: r.deliveredAt });
  if (r.status === "bounced" || r.status === "complained" || r.status === "failed") steps.push({ step: r.status, at: r.failedAt ?? r.updatedAt, bad: true });
  if (r.status === "delivery_delayed") steps.push({ step: "delayed", at: r.updatedAt });
  if (r.linkOpenedAt) steps.push({ step: "link opened", at: r.linkOpenedAt });
  if (r.linkUsedAt) steps.push({ step: "link used", at: r.linkUsedAt });
  return steps;
}

/**
 * Sends a failed or bounced message again, as a new provider call (an admin's explicit
 * resend, so not under the old idempotency key). A suppressed address still fails until lifted.
 */
export async function retryMessage(ctx: Ctx, messageId: string): Promise<{ ok: true; message: string } | { ok: false; error: string }> {
  if (!isUuid(messageId)) return { ok: false, error: "No such message." };
  const rows = await db.transaction(async (tx) => {
    const updated = await tx
      .update(emailMessages)
      .set({ status: "queued", attempts: 0, sendKey: null, nextAttemptAt: new Date(), lastError: null, failedAt: null, updatedAt: new Date() })
      .where(and(eq(emailMessages.workspaceId, ctx.workspace.id), eq(emailMessages.id, messageId), sql`${emailMessages.status} in ('failed', 'bounced')`))
      .returning({ id: emailMessages.id, to: emailMessages.toEmail, contactId: emailMessages.contactId });
    if (updated[0]) await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "email.retried", contactId: updated[0].contactId, data: { messageId } });
    return updated;
  });
  if (!rows[0]) return { ok: false, error: "Only failed or bounced messages can be retried." };
  await wakeOutbox();
  return { ok: true, message: `Queued again for ${rows[0].to}.` };
}
