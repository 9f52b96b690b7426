/**
 * Inviting contacts to the portal (SPEC §5, §6): the portal invitation email with a
 * set-password link (a login link once a password is set), status `none → invited`, a
 * `contact_invited` event and an audit entry, all in one transaction with the outbox row.
 * A contact without live access is skipped: the link would only say "access not active".
 * A new address is created first and may get an offer or a group in the same transaction.
 */
import { and, eq, inArray, TransactionRollbackError } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, type Tx } from "@/db/client";
import { contacts, type Contact } from "@/db/schema";
import { recordAudits } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { upsertContacts } from "@/lib/contacts/upsert";
import { queueInvitationEmails } from "@/lib/links/send";
import { queueForContacts } from "@/lib/mail/bulk";
import { EMAIL_OFF_MESSAGE, isEmailOn } from "@/lib/mail/email-settings";
import { wakeOutbox } from "@/lib/mail/outbox";
import { recordEvents } from "./events";
import { getGroup, addMembers } from "./groups";
import { grantOffer } from "./grant-offer";
import { getOffer } from "./offers";
import { hasLiveAccess, liveAccessSql } from "./live-access";

export class InvitationsOff extends Error {
  constructor() {
    super(EMAIL_OFF_MESSAGE.invitation);
  }
}

/** Invites contacts that have live access, in the caller's transaction. Returns how many were invited. */
async function inviteInTx(tx: Tx, ctx: Ctx, recipients: Contact[], batchId: string): Promise<number> {
  const { workspace } = ctx;
  if (!recipients.length) return 0;
  const now = new Date();
  const fresh = recipients.filter((c) => c.portalStatus === "none").map((c) => c.id);
  if (fresh.length) {
    await tx.update(contacts).set({ portalStatus: "invited", invitedAt: now, updatedAt: now }).where(and(eq(contacts.workspaceId, workspace.id), inArray(contacts.id, fresh)));
  }
  await recordEvents(tx, workspace.id, fresh.map((contactId) => ({ type: "contact_invited", contactId, data: { source: "invite" } })));
  await recordAudits(tx, recipients.map((c) => ({ workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "contact.invited", contactId: c.id, data: { batchId } })));
  const sent = recipients.map((c) => (fresh.includes(c.id) ? { ...c, portalStatus: "invited" as const, invitedAt: now } : c));
  await queueInvitationEmails(tx, { workspace, contacts: sent, via: "invite", actor: ctx.actor, request: ctx.request, batchId });
  return recipients.length;
}

/** Invites existing contacts (the bulk action, or one picked in the dialog). */
export async function inviteContacts(ctx: Ctx, contactIds: string[]): Promise<{ batchId: string; invited: number; skipped: number }> {
  const { workspace } = ctx;
  if (!isEmailOn(workspace, "invitation")) throw new InvitationsOff();
  const batchId = randomUUID();
  const invited = await queueForContacts({
    workspaceId: workspace.id,
    contactIds,
    where: liveAccessSql,
    queue: (tx, recipients) => inviteInTx(tx, ctx, recipients, batchId),
  });
  return { batchId, invited, skipped: new Set(contactIds).size - invited };
}

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  firstName: z.string().trim().max(100).default(""),
  lastName: z.string().trim().max(100).default(""),
  offerId: z.string().optional().default(""),
  groupId: z.string().optional().default(""),
});

export type InviteOutcome = { ok: true; contact: Contact; created: boolean; batchId: string } | { ok: false; error: string; field?: string };

/**
 * Invite by email: creates the contact if needed (names fill only empty ones), grants the
 * chosen offer (its welcome email is replaced by the invitation) or adds the chosen group,
 * then sends the invitation — all or nothing. Without any access the invitation would be a
 * dead link, so it is refused with an explanation.
 */
export async function inviteByEmail(ctx: Ctx, input: z.input<typeof inviteSchema>): Promise<InviteOutcome> {
  const { workspace } = ctx;
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message, field: String(parsed.error.issues[0]!.path[0] ?? "") };
  const data = parsed.data;
  if (!isEmailOn(workspace, "invitation")) return { ok: false, error: EMAIL_OFF_MESSAGE.invitation };
  const offer = data.offerId ? await getOffer(workspace.id, data.offerId) : undefined;
  if (data.offerId && !offer) return { ok: false, error: "That offer does not exist in this workspace.", field: "offerId" };
  const group = data.groupId ? await getGroup(workspace.id, data.groupId) : undefined;
  if (data.groupId && !group) return { ok: false, error: "That group does not exist in this workspace.", field: "groupId" };
  const batchId = randomUUID();
  const result = await db.transaction(async (tx): Promise<InviteOutcome> => {
    const [{ contact, created }] = (await upsertContacts(tx, workspace.id, [{ email: data.email, firstName: data.firstName, lastName: data.lastName }], { fillExisting: true })) as [
      Awaited<ReturnType<typeof upsertContacts>>[number],
    ];
    if (offer) await grantOffer(tx, ctx, { contactIds: [contact.id], offer, source: "admin", welcome: false });
    if (group) await addMembers(tx, ctx, group, [contact.id]);
    if (!(await hasLiveAccess(tx, workspace.id, contact.id))) {
      tx.rollback();
    }
    const [fresh] = await tx.select().from(contacts).where(eq(contacts.id, contact.id));
    await inviteInTx(tx, ctx, [fresh!], batchId);
    return { ok: true, contact: fresh!, created, batchId };
  }).catch((e: unknown) => {
    if (e instanceof TransactionRollbackError) {
      return { ok: false as const, error: `${data.email} has no active offer or group yet, so an invitation link would not let them in. Choose an offer or a group to give them.`, field: "offerId" };
    }
    throw e;
  });
  if (result.ok) await wakeOutbox();
  return result;
}
