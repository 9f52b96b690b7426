/**
 * "Send Login Email" to many contacts (SPEC §6): one-time login links queued through the
 * shared bulk loop (lib/mail/bulk), all tagged with one bulk-send id so the dashboard can follow
 * progress (queued / sent / failed) and list every recipient's outcome. Contacts a link would
 * not help are skipped, and named with the reason, before the send (loginEmailAudience, for the
 * confirmation) and after it (bulkSendSkipped, from the send's audit entry): no live access (a
 * link would not let them in), or an address suppressed after a bounce or complaint (the email
 * would not be sent). With login emails turned off for the workspace nothing is sent at all.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { db } from "@/db/client";
import { auditEntries, contacts, emailMessages } from "@/db/schema";
import { liveAccessSql } from "@/lib/access/live-access";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { EMAIL_OFF_MESSAGE, isEmailOn } from "@/lib/mail/email-settings";
import { queueForContacts } from "@/lib/mail/bulk";
import { queueLoginEmails } from "./send";
import { plural } from "@/lib/utils";

export class LoginEmailsOff extends Error {
  constructor() {
    super(EMAIL_OFF_MESSAGE.login_link);
  }
}

export type SkipReason = "no_access" | "suppressed";
export const SKIP_REASONS: Record<SkipReason, string> = {
  no_access: "no active offer or group, so a login link would not let them in",
  suppressed: "their address is suppressed after a bounce or complaint (lift it on the contact record)",
};
export type SkippedContact = { id: string; name: string; email: string; reason: SkipReason };

/** How many skipped contacts the send's audit entry names (the counts are always complete). */
const NAMED_IN_AUDIT = 1000;
const CHUNK = 1000;

// Written out with the table's name: in a select list Drizzle leaves a column unqualified, and inside the subquery "email" would be the suppression's.
const notSuppressed = sql`not exists (select 1 from email_suppressions s where lower(s.email) = lower("contacts"."email") and (s.workspace_id is null or s.workspace_id = "contacts"."workspace_id"))`;
const nameOf = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`.trim();

/** The skipped contacts as a list to show ("Name <email>: why"), the first `limit` of them; `ahead` before the send. */
export function describeSkipped(skipped: SkippedContact[], opts: { ahead: boolean; limit?: number }): { label: string; items: string[]; more: number } {
  const n = skipped.length;
  const limit = opts.limit ?? 20;
  return {
    label: `${plural(n, "contact")} ${opts.ahead ? "will be skipped" : "skipped"}:`,
    items: skipped.slice(0, limit).map((s) => `${s.name ? `${s.name} <${s.email}>` : s.email}: ${SKIP_REASONS[s.reason]}`),
    more: Math.max(0, n - limit),
  };
}

/** Who among the given contacts of the workspace would get a login email, and who would be skipped and why. */
export async function loginEmailAudience(workspaceId: string, contactIds: string[]): Promise<{ recipients: number; skipped: SkippedContact[] }> {
  const unique = [...new Set(contactIds)];
  let recipients = 0;
  const skipped: SkippedContact[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, live: sql<boolean>`${liveAccessSql}`, reachable: sql<boolean>`${notSuppressed}` })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, unique.slice(i, i + CHUNK))))
      .orderBy(asc(contacts.email));
    for (const r of rows) {
      if (r.live && r.reachable) recipients++;
      else skipped.push({ id: r.id, name: nameOf(r), email: r.email, reason: r.live ? "suppressed" : "no_access" });
    }
  }
  return { recipients, skipped };
}

export async function sendLoginEmails(ctx: Ctx, contactIds: string[]): Promise<{ batchId: string; queued: number; skipped: SkippedContact[] }> {
  const { workspace } = ctx;
  if (!isEmailOn(workspace, "login_link")) throw new LoginEmailsOff();
  const batchId = randomUUID();
  const { skipped } = await loginEmailAudience(workspace.id, contactIds);
  const queued = await queueForContacts({
    workspaceId: workspace.id,
    contactIds,
    where: and(liveAccessSql, notSuppressed),
    queue: (tx, recipients) => queueLoginEmails(tx, { workspace, contacts: recipients, via: "admin_bulk", actor: ctx.actor, request: ctx.request, batchId }),
  });
  const byReason = (reason: SkipReason) => skipped.filter((s) => s.reason === reason).length;
  await recordAudit(db, {
    workspaceId: workspace.id,
    actor: ctx.actor,
    request: ctx.request,
    action: "login_email.bulk_sent",
    data: { batchId, queued, skipped: skipped.length, noAccess: byReason("no_access"), suppressed: byReason("suppressed"), skippedContacts: skipped.slice(0, NAMED_IN_AUDIT).map((s) => ({ id: s.id, reason: s.reason })) },
  });
  return { batchId, queued, skipped };
}

/** The contacts a bulk send left out, with the reason, as its audit entry recorded them (current names; deleted contacts are gone). */
export async function bulkSendSkipped(workspaceId: string, batchId: string): Promise<{ total: number; named: SkippedContact[] }> {
  const [entry] = await db
    .select({ data: auditEntries.data })
    .from(auditEntries)
    .where(and(eq(auditEntries.workspaceId, workspaceId), eq(auditEntries.action, "login_email.bulk_sent"), sql`${auditEntries.data}->>'batchId' = ${batchId}`))
    .orderBy(desc(auditEntries.createdAt))
    .limit(1);
  const listed = (entry?.data.skippedContacts ?? []) as { id: string; reason: SkipReason }[];
  if (listed.length === 0) return { total: Number(entry?.data.skipped ?? 0), named: [] };
  const rows = await db
    .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, listed.map((s) => s.id))));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const named = listed.flatMap((s) => {
    const c = byId.get(s.id);
    return c ? [{ id: s.id, name: nameOf(c), email: c.email, reason: s.reason }] : [];
  });
  return { total: Number(entry!.data.skipped ?? listed.length), named };
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
