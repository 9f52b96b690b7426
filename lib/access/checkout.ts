/**
 * Public checkout (SPEC §4 path 1): name + email claim a published offer. Free offers are
 * granted at once; paid offers record the request and are granted later by the business
 * (API or payment webhook). The receipt cookie lets only this browser, for a contact this
 * checkout created, go straight to set-password (SPEC §3); everyone else checks their email.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { contacts, offerGrants, type Offer, type Workspace } from "@/db/schema";
import type { RequestInfo } from "@/lib/context";
import { issueLearnerToken } from "@/lib/links/issue";
import { CHECKOUT_VIA } from "@/lib/links/policy";
import { throttleEmailRequest } from "@/lib/links/requests";
import { wakeOutbox } from "@/lib/mail/outbox";
import { upsertContacts } from "@/lib/contacts/upsert";
import { emailSchema } from "@/lib/slug";
import { recordReferral } from "./affiliate";
import { RECEIPT_TTL_S, readReceipt, type Receipt } from "./checkout-receipt";
import { recordEvents } from "./events";
import { grantOffer, hasAnyGrant } from "./grant-offer";

export const checkoutSchema = z.object({
  name: z.string().trim().min(1, "Enter your full name.").max(200, "That name is too long."),
  email: emailSchema,
  ref: z.string().trim().max(64).optional(),
});

export type CheckoutOutcome = { ok: true; receipt: Receipt } | { ok: false; retryAt: Date };

export async function checkout(input: { workspace: Workspace; offer: Offer; name: string; email: string; ref?: string; request: RequestInfo }): Promise<CheckoutOutcome> {
  const { workspace, offer, request } = input;
  if (offer.workspaceId !== workspace.id || offer.status !== "published") throw new Error("checkout: offer is not on sale here");
  const limit = await throttleEmailRequest(workspace, input.email, request);
  if (!limit.ok) return limit;
  const [firstName = "", ...rest] = input.name.split(/\s+/);
  const ctx = { workspace, actor: { type: "anonymous" as const }, request };
  const receipt = await db.transaction(async (tx) => {
    const [upserted] = await upsertContacts(tx, workspace.id, [{ email: input.email, firstName, lastName: rest.join(" ") }], { fillExisting: false });
    const { contact, created } = upserted!;
    const earlier = await hasAnyGrant(tx, workspace.id, contact.id);
    const free = offer.priceCents === 0;
    if (free) await grantOffer(tx, ctx, { contactIds: [contact.id], offer, source: "checkout" });
    else await recordEvents(tx, workspace.id, [{ type: "checkout_requested", contactId: contact.id, data: { offerId: offer.id, priceCents: offer.priceCents } }]);
    if (created && input.ref) await recordReferral(tx, { workspaceId: workspace.id, code: input.ref, contactId: contact.id, offerId: offer.id });
    return { contactId: contact.id, offerId: offer.id, workspaceId: workspace.id, eligible: free && created && !earlier && !contact.passwordHash };
  });
  await wakeOutbox();
  return { ok: true, receipt };
}

/**
 * "View Dashboard": a set-password link for the receipt's contact if the SPEC §3 rule still
 * holds (created by that checkout within the hour, no password, its only grant from that
 * checkout); otherwise null and the page says "check your email".
 */
export async function dashboardLink(workspace: Workspace, receiptValue: string | undefined, request: RequestInfo): Promise<string | null> {
  const receipt = await readReceipt(receiptValue);
  if (!receipt?.eligible || receipt.workspaceId !== workspace.id) return null;
  const since = new Date(Date.now() - RECEIPT_TTL_S * 1000);
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspace.id), eq(contacts.id, receipt.contactId), isNull(contacts.passwordHash), gt(contacts.createdAt, since)))
    .limit(1);
  if (!contact) return null;
  const grants = await db.select().from(offerGrants).where(and(eq(offerGrants.workspaceId, workspace.id), eq(offerGrants.contactId, contact.id)));
  const onlyThisCheckout = grants.length === 1 && grants[0]!.source === "checkout" && grants[0]!.offerId === receipt.offerId && !grants[0]!.revokedAt;
  if (!onlyThisCheckout) return null;
  const issued = await db.transaction((tx) =>
    issueLearnerToken(tx, { workspace, contact, kind: "password_setup", via: CHECKOUT_VIA, actor: { type: "anonymous" }, request }),
  );
  return new URL(issued.url).pathname;
}
