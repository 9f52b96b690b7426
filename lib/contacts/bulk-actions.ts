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
import { describeSkipped, loginEmailAudience, LoginEmailsOff, sendLoginEmails } from "@/lib/links/bulk-send";
import { EMAIL_OFF_MESSAGE, isEmailOn } from "@/lib/mail/email-settings";
import { wakeOutbox } from "@/lib/mail/outbox";
import { addTag } from "./tags";
import { isUuid, plural } from "@/lib/utils";

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
        if (r.queued === 0) {
          const { items, more } = describeSkipped(r.skipped, { ahead: false, limit: 5 });
          return { ok: false, error: `No login email was sent: none of the ${plural(ids.length, "selected contact")} can get one. ${items.join("; ")}${more ? `; and ${more} more` : ""}.` };
        }
        return { ok: true, batchId: r.batchId, message: `Queued ${plural(r.queued, "login email")}${r.skipped.length ? `; ${r.skipped.length} skipped (named on the send's page)` : ""}.` };
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
        const updated = await addTag(tx, workspace.id, ids, tag.data);
        await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "contacts.tagged", data: { tag: tag.data, count: updated.length } });
        return updated;
      });
      return { ok: true, message: `Tagged ${plural(rows.length, "contact")} “${tag.data}”${ids.length - rows.length ? `; ${ids.length - rows.length} already had it` : ""}.` };
    }
  }
}

/** What the dashboard asks before a bulk action (its confirmation dialog): whom it reaches, who is left out and why. */
export type BulkQuestion = { title: string; description?: string; details?: { label: string; items: string[]; more: number }; confirmLabel: string | null };

type BulkInput = Parameters<typeof runBulkAction>[1];

export async function bulkQuestion(ctx: Ctx, input: BulkInput): Promise<BulkQuestion> {
  const { workspace } = ctx;
  const ids = [...new Set(input.contactIds)].filter(isUuid);
  const [{ n } = { n: 0 }] = ids.length
    ? await db.select({ n: sql<number>`count(*)::int` }).from(contacts).where(and(eq(contacts.workspaceId, workspace.id), inArray(contacts.id, ids)))
    : [];
  const all = plural(n, "contact");
  const cannot = (title: string, description: string): BulkQuestion => ({ title, description, confirmLabel: null });
  if (n === 0) return cannot("No contacts selected", "Select at least one contact, then apply the action.");
  switch (input.action) {
    case "login_email":
    case "invite": {
      const off = input.action === "login_email" ? !isEmailOn(workspace, "login_link") : !isEmailOn(workspace, "invitation");
      if (off) return cannot("Nothing can be sent", EMAIL_OFF_MESSAGE[input.action === "login_email" ? "login_link" : "invitation"]);
      const audience = await loginEmailAudience(workspace.id, ids);
      // Invitations go out to suppressed addresses too (and fail there, on the delivery log); only no access skips them.
      const skipped = input.action === "login_email" ? audience.skipped : audience.skipped.filter((s) => s.reason === "no_access");
      const reached = n - skipped.length;
      const details = skipped.length ? describeSkipped(skipped, { ahead: true }) : undefined;
      if (reached === 0) return { ...cannot("Nobody can get this email", `None of the ${plural(n, "selected contact")} can get it.`), details };
      return input.action === "login_email"
        ? { title: `Email ${plural(reached, "contact")} a login link?`, description: "Each gets a one-time login link of their own, valid for 24 hours.", details, confirmLabel: `Send ${plural(reached, "login email")}` }
        : { title: `Invite ${plural(reached, "contact")} to the portal?`, description: "Each gets the portal invitation, with a link to set a password (or to sign in, once they have one).", details, confirmLabel: `Invite ${plural(reached, "contact")}` };
    }
    case "grant_offer": {
      const offer = input.offerId && isUuid(input.offerId) ? await getOffer(workspace.id, input.offerId) : undefined;
      if (!offer) return cannot("Choose an offer", "Choose the offer to grant, then apply.");
      return { title: `Grant ${offer.title} to ${all}?`, description: "Those who do not hold it yet get its courses at once, and the welcome email unless it is turned off.", confirmLabel: `Grant to ${all}` };
    }
    case "add_group": {
      const group = input.groupId && isUuid(input.groupId) ? await getGroup(workspace.id, input.groupId) : undefined;
      if (!group) return cannot("Choose a group", "Choose the group to add them to, then apply.");
      return { title: `Add ${all} to ${group.name}?`, description: "Members see the group in their portal.", confirmLabel: `Add ${all}` };
    }
    case "add_tag": {
      const tag = tagSchema.safeParse(input.tag ?? "");
      if (!tag.success) return cannot("Enter a tag", tag.error.issues[0]!.message);
      return { title: `Tag ${all} “${tag.data}”?`, confirmLabel: `Tag ${all}` };
    }
  }
}
