/**
 * Bulk actions on contacts picked in the list (SPEC §6): send login email, invite, grant an
 * offer, add to a group, add a tag. Each goes through the same domain function as the single
 * action (grantOffer, addMembers, sendLoginEmails, inviteContacts), so events, audit entries
 * and emails are identical; large selections are processed in chunks, one transaction each.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { contacts, type MemberRole } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { addMembers, getGroup } from "@/lib/access/groups";
import { grantOffer } from "@/lib/access/grant-offer";
import { inviteContacts, InvitationsOff } from "@/lib/access/invite";
import { getOffer } from "@/lib/access/offers";
import type { Ctx } from "@/lib/context";
import { LoginEmailsOff, sendLoginEmails } from "@/lib/links/bulk-send";
import { wakeOutbox } from "@/lib/mail/outbox";
import { isUuid } from "@/lib/utils";

export const BULK_ACTIONS = {
  login_email: { label: "Send login email", role: "member" },
  invite: { label: "Invite to the portal", role: "member" },
  grant_offer: { label: "Grant offer", role: "admin" },
  add_group: { label: "Add to group", role: "admin" },
  add_tag: { label: "Add tag", role: "admin" },
} as const satisfies Record<string, { label: string; role: MemberRole }>;
export type BulkActionKey = keyof typeof BULK_ACTIONS;

export const tagSchema = z.string().trim().min(1, "Enter a tag.").max(50, "Tags are at most 50 characters.");

export type BulkOutcome = { ok: true; message: string; batchId?: string } | { ok: false; error: string };

const CHUNK = 500;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function chunks<T>(all: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(all.slice(i, i + CHUNK));
  return out;
}

export async function runBulkAction(
  ctx: Ctx,
  input: { action: BulkActionKey; contactIds: string[]; offerId?: string; groupId?: string; tag?: string },
): Promise<BulkOutcome> {
  const { workspace } = ctx;
  const ids = [...new Set(input.contactIds)].filter(isUuid);
  if (ids.length === 0) return { ok: false, error: "Select at least one contact." };
  switch (input.action) {
    case "login_email": {
      try {
        const r = await sendLoginEmails(ctx, ids);
        if (r.queued === 0) return { ok: false, error: `None of the ${plural(ids.length, "selected contact")} has an active offer or group: a login link would not let them in.` };
        return { ok: true, batchId: r.batchId, message: `Queued ${plural(r.queued, "login email")}${r.skipped ? `; ${r.skipped} skipped (no active access)` : ""}.` };
      } catch (err) {
        if (err instanceof LoginEmailsOff) return { ok: false, error: err.message };
        throw err;
      }
    }
    case "invite": {
      try {
        const r = await inviteContacts(ctx, ids);
        if (r.invited === 0) return { ok: false, error: `None of the ${plural(ids.length, "selected contact")} has an active offer or group: grant an offer first, then invite.` };
        return { ok: true, batchId: r.batchId, message: `Invited ${plural(r.invited, "contact")}${r.skipped ? `; ${r.skipped} skipped (no active access)` : ""}.` };
      } catch (err) {
        if (err instanceof InvitationsOff) return { ok: false, error: err.message };
        throw err;
      }
    }
    case "grant_offer": {
      const offer = input.offerId && isUuid(input.offerId) ? await getOffer(workspace.id, input.offerId) : undefined;
      if (!offer) return { ok: false, error: "Choose an offer to grant." };
      let granted = 0;
      for (const chunk of chunks(ids)) {
        const r = await db.transaction((tx) => grantOffer(tx, ctx, { contactIds: chunk, offer, source: "admin" }));
        granted += r.granted.length;
        await wakeOutbox();
      }
      const already = ids.length - granted;
      return { ok: true, message: `Granted ${offer.title} to ${plural(granted, "contact")}${already ? `; ${already} already had it` : ""}.` };
    }
    case "add_group": {
      const group = input.groupId && isUuid(input.groupId) ? await getGroup(workspace.id, input.groupId) : undefined;
      if (!group) return { ok: false, error: "Choose a group." };
      let added = 0;
      for (const chunk of chunks(ids)) added += (await db.transaction((tx) => addMembers(tx, ctx, group, chunk))).length;
      const already = ids.length - added;
      return { ok: true, message: `Added ${plural(added, "contact")} to ${group.name}${already ? `; ${already} already in it` : ""}.` };
    }
    case "add_tag": {
      const tag = tagSchema.safeParse(input.tag ?? "");
      if (!tag.success) return { ok: false, error: tag.error.issues[0]!.message };
      const rows = await db.transaction(async (tx) => {
        const updated = await tx
          .update(contacts)
          .set({ tags: sql`array(select distinct t from unnest(${contacts.tags} || array[${tag.data}]::text[]) as t order by t)`, updatedAt: new Date() })
          .where(and(eq(contacts.workspaceId, workspace.id), inArray(contacts.id, ids), sql`not (${contacts.tags} @> array[${tag.data}]::text[])`))
          .returning({ id: contacts.id });
        await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "contacts.tagged", data: { tag: tag.data, count: updated.length } });
        return updated;
      });
      return { ok: true, message: `Tagged ${plural(rows.length, "contact")} “${tag.data}”${ids.length - rows.length ? `; ${ids.length - rows.length} already had it` : ""}.` };
    }
  }
}
