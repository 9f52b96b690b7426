"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addToGroup, groupSchema, removeFromGroup, saveGroup } from "@/lib/access/groups";
import { adminAction, adminCtx, savedRecord, type AdminActionCtx, type FormState } from "@/lib/actions";
import { emailSchema, slugSchema } from "@/lib/slug";

const ws = z.object({ workspace: slugSchema });

function refresh(ctx: AdminActionCtx, outcome: { ok: true; message: string } | { ok: false; error: string }, paths: string[]): FormState {
  if (!outcome.ok) return { error: outcome.error };
  for (const p of paths) revalidatePath(`/admin/${ctx.workspace.slug}${p}`);
  return { ok: true, message: outcome.message };
}

export const saveGroupAction = adminAction(
  groupSchema.extend({ workspace: slugSchema, id: z.uuid().optional() }),
  async (data, ctx) =>
    savedRecord(await saveGroup(adminCtx(ctx), data), { listPath: `/admin/${ctx.workspace.slug}/groups`, editing: !!data.id, message: "Group saved." }),
  { role: "admin" },
);

/** From the group page (by email) or the contact record (by contact id). */
export const addMemberAction = adminAction(
  ws.extend({ groupId: z.uuid(), email: emailSchema.optional(), contactId: z.uuid().optional() }),
  async (data, ctx) => refresh(ctx, await addToGroup(adminCtx(ctx), data), [`/groups/${data.groupId}`, `/contacts/${data.contactId ?? ""}`]),
  { role: "admin" },
);

export const removeMemberAction = adminAction(
  ws.extend({ groupId: z.uuid(), contactId: z.uuid() }),
  async (data, ctx) => refresh(ctx, await removeFromGroup(adminCtx(ctx), data), [`/groups/${data.groupId}`, `/contacts/${data.contactId}`]),
  { role: "admin" },
);
