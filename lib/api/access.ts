/**
 * Access, groups, links and the event log through the public API (issue 16). Each function
 * calls the domain function the dashboard uses (grantOffer, addMembers, generateMagicLink,
 * sendLoginEmails, …) and shapes its answer as lib/api/schemas.ts says; everything is looked
 * up inside the key's workspace, so another workspace's ids are 404.
 */
import { and, asc, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { z } from "zod";
import { db } from "@/db/client";
import { contacts, events, groups, offerGrants, offerProducts, offers, products, type Contact, type Group, type Offer, type Product } from "@/db/schema";
import { grantOffer, revokeOffer } from "@/lib/access/grant-offer";
import { addMembers, removeMembers } from "@/lib/access/groups";
import type { Ctx } from "@/lib/context";
import { generateMagicLink } from "@/lib/links/admin-links";
import { LoginEmailsOff, sendLoginEmails as queueLoginEmails } from "@/lib/links/bulk-send";
import { destinationPath, normalizeDestination } from "@/lib/links/destination";
import { MAGIC_LINK_HOURS, magicLinkLifetimeMs } from "@/lib/links/policy";
import { wakeOutbox } from "@/lib/mail/outbox";
import { isUuid } from "@/lib/utils";
import { publicEventData } from "@/lib/webhooks/payload";
import { ApiProblem, notFound } from "./problem";
import type { eventOut, grantBody, grantOut, loginEmailsOut, magicLinkBody } from "./schemas";

type GrantJson = z.infer<typeof grantOut>;

type GrantRow = Pick<typeof offerGrants.$inferSelect, "id" | "contactId" | "offerId" | "source" | "grantedAt" | "revokedAt">;

const grantJson = (g: GrantRow, offerTitle: string): GrantJson => ({
  id: g.id,
  contact_id: g.contactId,
  offer_id: g.offerId,
  offer_title: offerTitle,
  source: g.source,
  granted_at: g.grantedAt.toISOString(),
  revoked_at: g.revokedAt?.toISOString() ?? null,
  active: g.revokedAt === null,
});

async function offerOrThrow(workspaceId: string, id: string, field?: string): Promise<Offer> {
  const [o] = isUuid(id) ? await db.select().from(offers).where(and(eq(offers.workspaceId, workspaceId), eq(offers.id, id))) : [];
  if (o) return o;
  throw noSuchOffer(field);
}

const noSuchOffer = (field?: string) =>
  field ? new ApiProblem({ status: 422, title: "The request is not valid", detail: `${field}: no such offer in this workspace`, errors: { [field]: "no such offer in this workspace" } }) : notFound("offer");

/**
 * A grant by contact id: the contact is looked up (and locked) and the offer read by grantOffer
 * itself, with its first statements, so a new grant costs no extra round trip.
 */
export async function grant(ctx: Ctx, contactId: string, body: z.infer<typeof grantBody>) {
  if (!isUuid(contactId)) throw notFound("contact");
  if (!isUuid(body.offer_id)) throw noSuchOffer("offer_id");
  const now = new Date();
  const result = await db.transaction((tx) => grantOffer(tx, ctx, { contactIds: [contactId], offer: { id: body.offer_id }, source: "api", welcome: body.send_welcome_email ? undefined : false, now }));
  const offer = result.offer;
  if (!offer) throw noSuchOffer("offer_id");
  if (result.emailed) await wakeOutbox();
  const id = result.grantIds.get(contactId);
  const welcome_email_queued = result.emailed > 0;
  if (id) {
    const g = { id, contactId, offerId: offer.id, source: "api" as const, grantedAt: now, revokedAt: null };
    return { created: true, body: { grant: grantJson(g, offer.title), created: true, welcome_email_queued } };
  }
  const [g] = await db
    .select()
    .from(offerGrants)
    .where(and(eq(offerGrants.workspaceId, ctx.workspace.id), eq(offerGrants.contactId, contactId), eq(offerGrants.offerId, offer.id), isNull(offerGrants.revokedAt)));
  if (!g) {
    const [c] = await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, ctx.workspace.id), eq(contacts.id, contactId)));
    if (!c) throw notFound("contact");
    // Revoked by someone else between the two statements: say so rather than invent a grant.
    throw new ApiProblem({ status: 409, title: "Changed meanwhile", detail: "The grant was revoked while this request ran. Try again." });
  }
  return { created: false, body: { grant: grantJson(g, offer.title), created: false, welcome_email_queued } };
}

export async function revoke(ctx: Ctx, contact: Contact, offerId: string) {
  if (!isUuid(offerId)) throw notFound("offer");
  const result = await db.transaction((tx) => revokeOffer(tx, ctx, { contactId: contact.id, offerId }));
  if (!result.revoked) throw new ApiProblem({ status: 404, title: "Not found", detail: "This contact has no active grant of that offer." });
  return { revoked: true as const, offer_id: offerId, removed_product_ids: result.removedProducts };
}

export async function listGrants(workspaceId: string, contactId: string) {
  const rows = await db
    .select({ grant: offerGrants, title: offers.title })
    .from(offerGrants)
    .innerJoin(offers, eq(offers.id, offerGrants.offerId))
    .where(and(eq(offerGrants.workspaceId, workspaceId), eq(offerGrants.contactId, contactId)))
    .orderBy(desc(offerGrants.grantedAt), asc(offerGrants.id));
  return { data: rows.map((r) => grantJson(r.grant, r.title)) };
}

const offerJson = (o: Offer, productIds: string[]) => ({
  id: o.id,
  title: o.title,
  slug: o.slug,
  description: o.description,
  status: o.status,
  price_cents: o.priceCents,
  currency: o.currency,
  product_ids: productIds,
  created_at: o.createdAt.toISOString(),
  updated_at: o.updatedAt.toISOString(),
});

async function productIdsOf(workspaceId: string, offerIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(offerIds.map((id) => [id, []]));
  if (!offerIds.length) return out;
  const rows = await db
    .select({ offerId: offerProducts.offerId, productId: offerProducts.productId })
    .from(offerProducts)
    .where(and(eq(offerProducts.workspaceId, workspaceId), inArray(offerProducts.offerId, offerIds)))
    .orderBy(asc(offerProducts.productId));
  for (const r of rows) out.get(r.offerId)!.push(r.productId);
  return out;
}

export async function listOffersJson(workspaceId: string) {
  const rows = await db.select().from(offers).where(eq(offers.workspaceId, workspaceId)).orderBy(asc(offers.title), asc(offers.id));
  const ids = await productIdsOf(workspaceId, rows.map((o) => o.id));
  return { data: rows.map((o) => offerJson(o, ids.get(o.id)!)) };
}

export async function getOfferJson(workspaceId: string, id: string) {
  const o = await offerOrThrow(workspaceId, id);
  return offerJson(o, (await productIdsOf(workspaceId, [o.id])).get(o.id)!);
}

const productJson = (p: Product) => ({ id: p.id, title: p.title, slug: p.slug, description: p.description, published: p.published, created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString() });

export async function listProductsJson(workspaceId: string) {
  const rows = await db.select().from(products).where(eq(products.workspaceId, workspaceId)).orderBy(asc(products.title), asc(products.id));
  return { data: rows.map(productJson) };
}

export async function getProductJson(workspaceId: string, id: string) {
  const [p] = isUuid(id) ? await db.select().from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.id, id))) : [];
  if (!p) throw notFound("product");
  return productJson(p);
}

const groupJson = (g: Group) => ({ id: g.id, name: g.name, slug: g.slug, description: g.description, created_at: g.createdAt.toISOString() });

export async function listGroupsJson(workspaceId: string) {
  const rows = await db.select().from(groups).where(eq(groups.workspaceId, workspaceId)).orderBy(asc(groups.name), asc(groups.id));
  return { data: rows.map(groupJson) };
}

async function groupOrThrow(workspaceId: string, id: string): Promise<Group> {
  const [g] = isUuid(id) ? await db.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), eq(groups.id, id))) : [];
  if (!g) throw notFound("group");
  return g;
}

export async function addMember(ctx: Ctx, groupId: string, contact: Contact) {
  const group = await groupOrThrow(ctx.workspace.id, groupId);
  const added = await db.transaction((tx) => addMembers(tx, ctx, group, [contact.id]));
  return { group_id: group.id, contact_id: contact.id, member: true, changed: added.length > 0 };
}

export async function removeMember(ctx: Ctx, groupId: string, contact: Contact) {
  const group = await groupOrThrow(ctx.workspace.id, groupId);
  const removed = await db.transaction((tx) => removeMembers(tx, ctx, group.id, [contact.id]));
  return { group_id: group.id, contact_id: contact.id, member: false, changed: removed.length > 0 };
}

const invalid = (errors: Record<string, string>) =>
  new ApiProblem({ status: 422, title: "The request is not valid", detail: Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join("; "), errors });

/**
 * A magic link, as "Generate magic link" on the contact's page makes it: the destination is
 * checked by the dashboard's own rule (a section, or a path inside this workspace's portal),
 * refused with a reason here rather than silently dropped.
 */
export async function createMagicLink(ctx: Ctx, contact: Contact, body: z.infer<typeof magicLinkBody>) {
  const errors: Record<string, string> = {};
  const lifetimeMs = body.expires_in_hours === undefined ? undefined : (magicLinkLifetimeMs(body.expires_in_hours) ?? undefined);
  if (body.expires_in_hours !== undefined && !lifetimeMs) errors.expires_in_hours = `between ${MAGIC_LINK_HOURS.min} and ${MAGIC_LINK_HOURS.max} hours`;
  const destination = body.destination?.trim() || null;
  if (destination && !normalizeDestination(ctx.workspace.slug, destination))
    errors.destination = `a section (courses, communities, affiliate) or a path inside this workspace's portal, such as /p/${ctx.workspace.slug}/courses`;
  if (Object.keys(errors).length) throw invalid(errors);
  const result = await generateMagicLink(ctx, { contactId: contact.id, destination, sendEmail: body.send_email, lifetimeMs, via: "api" });
  if (!result.ok) throw new ApiProblem({ status: 409, title: "Cannot make a link", detail: result.error });
  return { url: result.url, expires_at: result.expiresAt.toISOString(), destination: destinationPath(ctx.workspace.slug, destination), emailed: result.emailed };
}

type LoginEmailResult = z.infer<typeof loginEmailsOut>["results"][number];

/** Login emails to up to 100 contacts, with a result for each id in the order given. */
export async function sendLoginEmails(ctx: Ctx, contactIds: string[]) {
  const own = new Set(
    (await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, ctx.workspace.id), inArray(contacts.id, [...new Set(contactIds)])))).map((r) => r.id),
  );
  let sent;
  try {
    sent = await queueLoginEmails(ctx, [...own]);
  } catch (err) {
    if (err instanceof LoginEmailsOff) throw new ApiProblem({ status: 409, title: "Login emails are off", detail: err.message });
    throw err;
  }
  if (sent.queued) await wakeOutbox();
  const skipped = new Map(sent.skipped.map((s) => [s.id, s.reason]));
  const results = contactIds.map((id): LoginEmailResult => {
    if (!own.has(id)) return { contact_id: id, status: "not_found", detail: "No such contact in this workspace." };
    const reason = skipped.get(id);
    if (reason === "no_access") return { contact_id: id, status: "no_access", detail: "No active offer or group: a link would not let them in." };
    if (reason === "suppressed") return { contact_id: id, status: "suppressed", detail: "Their address bounced or complained; nothing is sent to it." };
    return { contact_id: id, status: "queued", detail: "Login email queued." };
  });
  return { results };
}

type EventJson = z.infer<typeof eventOut>;

/** The event log in seq order after a cursor; `next` is the last seq read (or the cursor given, or 0), so a poller never loses its place. */
export async function listEvents(workspaceId: string, q: { after?: number; limit: number; type?: string }) {
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), q.after !== undefined ? gt(events.seq, q.after) : undefined, q.type ? eq(events.type, q.type) : undefined))
    .orderBy(asc(events.seq))
    .limit(q.limit);
  const data = rows.map(
    (e): EventJson => ({
      id: e.id,
      seq: e.seq,
      type: e.type,
      contact_id: e.contactId,
      data: publicEventData(e.data),
      created_at: e.createdAt.toISOString(),
    }),
  );
  return { data, next: String(rows.at(-1)?.seq ?? q.after ?? 0) };
}

