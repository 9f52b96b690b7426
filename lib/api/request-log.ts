/**
 * The API's request log as Settings → API keys shows it: the workspace's newest `api.request`
 * audit entries (lib/api/http.ts writes one per authenticated call), each with the key that made
 * it. A key of another workspace never matches: the join carries the workspace id too.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { apiKeys, auditEntries } from "@/db/schema";

export type ApiRequestRow = {
  id: string;
  at: Date;
  method: string;
  path: string;
  status: number | null;
  /** null when the key was deleted since. */
  keyName: string | null;
  keyPrefix: string | null;
};

export const REQUEST_LOG_LIMIT = 50;

export async function recentApiRequests(workspaceId: string, limit = REQUEST_LOG_LIMIT): Promise<ApiRequestRow[]> {
  const rows = await db
    .select({ id: auditEntries.id, at: auditEntries.createdAt, data: auditEntries.data, keyName: apiKeys.name, keyPrefix: apiKeys.prefix })
    .from(auditEntries)
    .leftJoin(apiKeys, and(eq(apiKeys.workspaceId, workspaceId), sql`${apiKeys.id}::text = ${auditEntries.actorId}`))
    .where(and(eq(auditEntries.workspaceId, workspaceId), eq(auditEntries.action, "api.request"), eq(auditEntries.actorType, "api_key")))
    .orderBy(desc(auditEntries.createdAt), desc(auditEntries.id))
    .limit(Math.min(Math.max(limit, 1), 200));
  return rows.map((r) => {
    const d = r.data as { method?: unknown; path?: unknown; status?: unknown };
    return {
      id: r.id,
      at: r.at,
      method: typeof d.method === "string" ? d.method : "?",
      path: typeof d.path === "string" ? d.path : "?",
      status: typeof d.status === "number" ? d.status : null,
      keyName: r.keyName,
      keyPrefix: r.keyPrefix,
    };
  });
}
