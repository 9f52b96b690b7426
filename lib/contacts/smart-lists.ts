/** Smart lists: a named contact search with filters, saved per workspace and shown in the sidebar. */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { smartLists } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { isUuid } from "@/lib/utils";
import { contactFilterSchema, filterParams, type ContactFilter } from "./list";

export const smartListName = z.string().trim().min(1, "Name the list.").max(60, "At most 60 characters.");

export async function listSmartLists(workspaceId: string) {
  const rows = await db.select().from(smartLists).where(eq(smartLists.workspaceId, workspaceId)).orderBy(asc(smartLists.name));
  return rows.map((r) => {
    const filter = contactFilterSchema.parse(r.query);
    return { id: r.id, name: r.name, filter, href: filterParams(filter, { list: r.id }) };
  });
}

export async function saveSmartList(ctx: Ctx, input: { name: string; filter: ContactFilter }): Promise<{ ok: true; id: string } | { ok: false; error: string }> {
  const name = smartListName.safeParse(input.name);
  if (!name.success) return { ok: false, error: name.error.issues[0]!.message };
  const { q, offer, group, status, tag, sort } = input.filter;
  const [row] = await db
    .insert(smartLists)
    .values({ workspaceId: ctx.workspace.id, name: name.data, query: { q, offer, group, status, tag, sort }, createdBy: ctx.actor.type === "admin" ? ctx.actor.id : null })
    .returning();
  await recordAudit(db, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "smart_list.created", data: { id: row!.id, name: name.data } });
  return { ok: true, id: row!.id };
}

export async function deleteSmartList(ctx: Ctx, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await db.delete(smartLists).where(and(eq(smartLists.workspaceId, ctx.workspace.id), eq(smartLists.id, id))).returning();
  return rows.length > 0;
}
