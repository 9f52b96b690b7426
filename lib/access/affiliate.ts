import { and, desc, eq, isNotNull } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/db/client";
import { affiliates, contacts, offers, referrals } from "@/db/schema";

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newCode(): string {
  return [...randomBytes(8)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** The learner's referral code if they have one (read only: what an admin's preview shows). */
export async function findAffiliateCode(workspaceId: string, contactId: string): Promise<string | undefined> {
  const [row] = await db.select({ code: affiliates.code }).from(affiliates).where(and(eq(affiliates.workspaceId, workspaceId), eq(affiliates.contactId, contactId))).limit(1);
  return row?.code;
}

/** The learner's referral code, created on first visit (one per contact). */
export async function affiliateCodeFor(workspaceId: string, contactId: string): Promise<string> {
  const existing = await findAffiliateCode(workspaceId, contactId);
  if (existing) return existing;
  // Two first visits at once: one insert wins, both read the winner's code.
  await db.insert(affiliates).values({ workspaceId, contactId, code: newCode() }).onConflictDoNothing();
  return (await findAffiliateCode(workspaceId, contactId))!;
}

/** Credits a new contact to the affiliate whose code they arrived with (first referral wins; no self-referral). */
export async function recordReferral(tx: Tx, input: { workspaceId: string; code: string; contactId: string; offerId: string }) {
  const [affiliate] = await tx
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.workspaceId, input.workspaceId), eq(affiliates.code, input.code.toLowerCase())))
    .limit(1);
  if (!affiliate || affiliate.contactId === input.contactId) return;
  await tx.insert(referrals).values({ workspaceId: input.workspaceId, affiliateId: affiliate.id, referredContactId: input.contactId, offerId: input.offerId }).onConflictDoNothing();
}

/**
 * Who signed up through the learner's link and has since signed in, newest first (first name
 * and initial only). Someone who never signed in has proven nothing (anyone can type an address
 * into a checkout), and listing them would tell the affiliate whether an address was new.
 */
export async function listReferrals(workspaceId: string, contactId: string) {
  const rows = await db
    .select({ firstName: contacts.firstName, lastName: contacts.lastName, offer: offers.title, at: referrals.createdAt })
    .from(referrals)
    .innerJoin(affiliates, eq(affiliates.id, referrals.affiliateId))
    .innerJoin(contacts, eq(contacts.id, referrals.referredContactId))
    .leftJoin(offers, eq(offers.id, referrals.offerId))
    .where(and(eq(referrals.workspaceId, workspaceId), eq(affiliates.contactId, contactId), isNotNull(contacts.firstLoginAt)))
    .orderBy(desc(referrals.createdAt))
    .limit(200);
  return rows.map((r) => ({ name: `${r.firstName} ${r.lastName.slice(0, 1)}${r.lastName ? "." : ""}`.trim() || "Someone", offer: r.offer, at: r.at }));
}
