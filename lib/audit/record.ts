import { auditEntries } from "@/db/schema";
import type { Queryable } from "@/db/client";
import { insertMany } from "@/db/insert-many";
import type { Actor, RequestInfo } from "@/lib/context";

export type AuditInput = {
  workspaceId?: string | null;
  actor: Actor;
  action: string;
  contactId?: string | null;
  teamMemberId?: string | null;
  authTokenId?: string | null;
  request?: RequestInfo;
  data?: Record<string, unknown>;
};

/** Appends an audit entry; pass the transaction that makes the change it records. */
export async function recordAudit(q: Queryable, entry: AuditInput): Promise<void> {
  await recordAudits(q, [entry]);
}

export async function recordAudits(q: Queryable, entries: AuditInput[]): Promise<void> {
  if (entries.length === 0) return;
  await insertMany(q, auditEntries, entries.map(rowOf));
}

function rowOf(entry: AuditInput) {
  return {
    workspaceId: entry.workspaceId ?? null,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    action: entry.action,
    contactId: entry.contactId ?? null,
    teamMemberId: entry.teamMemberId ?? null,
    authTokenId: entry.authTokenId ?? null,
    ip: entry.request?.ip ?? null,
    userAgent: entry.request?.userAgent?.slice(0, 512) ?? null,
    data: entry.data ?? {},
  };
}
