/**
 * The admin's enrollment actions on a contact record: grant, revoke, resend the welcome
 * email. Each looks the contact and offer up inside the caller's authorized workspace, runs
 * one transaction, and wakes the outbox after it commits.
 */
import { db } from "@/db/client";
import { hasLiveAccess } from "@/lib/access/live-access";
import { getContactOrThrow } from "@/lib/contacts/record";
import type { Ctx } from "@/lib/context";
import { queueWelcomeEmail } from "@/lib/links/send";
import { wakeOutbox } from "@/lib/mail/outbox";
import { grantOffer, revokeOffer } from "./grant-offer";
import { getOffer } from "./offers";

type Outcome = { ok: true; message: string } | { ok: false; error: string };

export async function grantOfferToContact(ctx: Ctx, input: { contactId: string; offerId: string }): Promise<Outcome> {
  const contact = await getContactOrThrow(ctx.workspace.id, input.contactId);
  const offer = await getOffer(ctx.workspace.id, input.offerId);
  if (!offer) return { ok: false, error: "That offer does not exist in this workspace." };
  const result = await db.transaction((tx) => grantOffer(tx, ctx, { contactIds: [contact.id], offer, source: "admin" }));
  if (result.granted.length === 0) return { ok: true, message: `${contact.email} already has ${offer.title}; nothing changed.` };
  await wakeOutbox();
  return { ok: true, message: `Granted ${offer.title}.${result.emailed ? " Welcome email queued." : " The welcome email is turned off for this workspace."}` };
}

export async function revokeOfferFromContact(ctx: Ctx, input: { contactId: string; offerId: string }): Promise<Outcome> {
  const contact = await getContactOrThrow(ctx.workspace.id, input.contactId);
  const result = await db.transaction((tx) => revokeOffer(tx, ctx, { contactId: contact.id, offerId: input.offerId }));
  if (!result.revoked) return { ok: false, error: "This contact has no active grant of that offer." };
  return { ok: true, message: `Access revoked${result.removedProducts.length ? `; ${result.removedProducts.length} course(s) closed` : ""}.` };
}

/** "Resend" next to an offer: the welcome email again (setup link, or login link once a password is set). */
export async function resendWelcome(ctx: Ctx, input: { contactId: string }): Promise<Outcome> {
  const contact = await getContactOrThrow(ctx.workspace.id, input.contactId);
  if (!(await hasLiveAccess(db, ctx.workspace.id, contact.id))) return { ok: false, error: "This contact has no active access, so the link would not let them in." };
  await db.transaction((tx) => queueWelcomeEmail(tx, { workspace: ctx.workspace, contact, via: "admin_send", actor: ctx.actor, request: ctx.request, force: true }));
  await wakeOutbox();
  return { ok: true, message: `Welcome email queued for ${contact.email} (${contact.passwordHash ? "login link" : "set-password link"}).` };
}
