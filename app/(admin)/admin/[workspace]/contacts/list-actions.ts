"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, adminCtx, valuesAction, type AdminActionCtx, type FormState } from "@/lib/actions";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { BULK_ACTIONS, bulkQuestion, runBulkAction, type BulkActionKey } from "@/lib/contacts/bulk-actions";
import { idsInFilter, parseContactFilter, suggestContacts, TooManyContacts } from "@/lib/contacts/list";
import { deleteSmartList, saveSmartList } from "@/lib/contacts/smart-lists";
import { many } from "@/lib/form-values";
import { slugSchema } from "@/lib/slug";
import { roleAtLeast } from "@/lib/tenancy/workspaces";

const filterFields = { q: z.string().optional(), offer: z.string().optional(), group: z.string().optional(), status: z.string().optional(), tag: z.string().optional(), sort: z.string().optional() };

const bulkSchema = z.object({
  workspace: slugSchema,
  action: z.enum(Object.keys(BULK_ACTIONS) as [BulkActionKey, ...BulkActionKey[]], { message: "Choose an action." }),
  ids: many(z.string()),
  all: z.string().optional(),
  offerId: z.string().optional(),
  groupId: z.string().optional(),
  newTag: z.string().optional(),
  ...filterFields,
});

/** The bulk action's input once the role it needs is checked: the picked ids, or every contact in the filter (`all=1`). */
async function bulkInput(data: z.infer<typeof bulkSchema>, ctx: AdminActionCtx): Promise<{ error: string } | { input: Parameters<typeof runBulkAction>[1] }> {
  const needed = BULK_ACTIONS[data.action].role;
  if (!roleAtLeast(ctx.role, needed)) return { error: `Only a workspace ${needed} or owner can ${BULK_ACTIONS[data.action].label.toLowerCase()}.` };
  let ids = data.ids;
  if (data.all === "1") {
    try {
      ids = await idsInFilter(ctx.workspace.id, parseContactFilter(data));
    } catch (err) {
      if (err instanceof TooManyContacts) return { error: err.message };
      throw err;
    }
  }
  return { input: { action: data.action, contactIds: ids, offerId: data.offerId, groupId: data.groupId, tag: data.newTag } };
}

/**
 * A bulk action on the contacts picked in the list, or on every contact in the current
 * filter (`all=1`). The role each action needs is checked here, on the server.
 */
export const bulkContactsAction = adminAction(bulkSchema, async (data, ctx) => {
  const resolved = await bulkInput(data, ctx);
  if ("error" in resolved) return { error: resolved.error };
  const result = await runBulkAction(adminCtx(ctx), resolved.input);
  if (!result.ok) return { error: result.error };
  revalidatePath(`/admin/${ctx.workspace.slug}/contacts`);
  if (result.batchId) redirect(`/admin/${ctx.workspace.slug}/emails/bulk/${result.batchId}`);
  return { ok: true, message: result.message };
});

/**
 * What the confirmation asks before the same bulk action (same form, same checks, nothing
 * written): how many contacts it reaches and, for emails, who is skipped and why. The
 * question travels as JSON in `data.question`.
 */
export const bulkQuestionAction = adminAction(bulkSchema, async (data, ctx): Promise<FormState> => {
  const resolved = await bulkInput(data, ctx);
  if ("error" in resolved) return { error: resolved.error };
  return { ok: true, data: { question: JSON.stringify(await bulkQuestion(adminCtx(ctx), resolved.input)) } };
});

export const saveSmartListAction = adminAction(z.object({ workspace: slugSchema, name: z.string(), ...filterFields }), async (data, ctx) => {
  const result = await saveSmartList(adminCtx(ctx), { name: data.name, filter: parseContactFilter(data) });
  if (!result.ok) return { error: result.error, fieldErrors: { name: result.error } };
  revalidatePath(`/admin/${ctx.workspace.slug}`, "layout");
  return { ok: true, message: `Saved “${data.name.trim()}”: it is in the sidebar.` };
}, { role: "admin" });

export const deleteSmartListAction = adminAction(
  z.object({ workspace: slugSchema, id: z.string() }),
  async (data, ctx) => {
    if (!(await deleteSmartList(adminCtx(ctx), data.id))) return { error: "That list no longer exists." };
    revalidatePath(`/admin/${ctx.workspace.slug}`, "layout");
    redirect(`/admin/${ctx.workspace.slug}/contacts`);
  },
  { role: "admin" },
);

/** Suggestions for the contact pickers (typed part of a name or email → top 10). */
export const suggestContactsAction = valuesAction(
  z.tuple([slugSchema, z.string().max(1000)]),
  async (workspace, query) => {
    const { workspace: ws } = await requireWorkspaceAdmin(workspace);
    return suggestContacts(ws.id, query.slice(0, 100));
  },
  [] as Awaited<ReturnType<typeof suggestContacts>>,
);
