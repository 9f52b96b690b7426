/**
 * Enrollment (SPEC §4): every path — checkout, admin, workflow, API, import — grants through
 * grantOffer and revokes through revokeOffer, inside the caller's transaction, so the grant,
 * its events, the contact's invited status, the audit entries and the welcome email commit
 * together or not at all. Both work on many contacts at once in a fixed number of statements
 * (an import grants thousands); the contacts' rows are locked first, so concurrent grants to
 * one contact see each other and "newly reachable product" is decided once.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { fixedQuery, rowsOf, type Tx } from "@/db/client";
import { contacts, offerGrants, offers, type Contact, type GrantSource, type Offer } from "@/db/schema";
import { recordAudits } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { queueWelcomeEmails } from "@/lib/links/send";
import { endSessionsWithoutAccess } from "./live-access";
import { recordEvents } from "./events";

export type GrantResult = {
  /** Contacts that got a new grant (an active grant already held is left as it is). */
  granted: string[];
  /** The new grants' ids, by contact. */
  grantIds: Map<string, string>;
  /** Product ids each contact can open now and could not before. */
  newProducts: Map<string, string[]>;
  emailed: number;
  /** The offer granted: the one given, or the one found by its id (null when this workspace has none; nothing was granted). */
  offer: Offer | null;
};

/** The contacts' rows, locked in id order (the order every writer of contacts locks them in). Built once: every grant runs it. */
const lockContactsQuery = fixedQuery((d) =>
  d
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, sql.placeholder("ws")), sql`${contacts.id} = any(${sql.placeholder("ids")}::uuid[])`))
    .orderBy(asc(contacts.id))
    .for("update"),
);
const lockContacts = (tx: Tx, workspaceId: string, ids: string[]) => lockContactsQuery(tx, { ws: workspaceId, ids });

const offerById = fixedQuery((d) => d.select().from(offers).where(and(eq(offers.workspaceId, sql.placeholder("ws")), eq(offers.id, sql.placeholder("id")))));

/**
 * The offer's products, and the products each of `contactIds` reaches through active grants of
 * other offers: one query (a grant through the API runs this once per request).
 */
async function productsAndElsewhere(tx: Tx, workspaceId: string, contactIds: string[], offerId: string): Promise<[string[], Map<string, Set<string>>]> {
  const rows = await rowsOf<{ contact_id: string | null; product_id: string }>(
    tx,
    sql`select null::uuid as contact_id, op.product_id from offer_products op where op.offer_id = ${offerId}
        union all
        select g.contact_id, op.product_id from offer_grants g join offer_products op on op.offer_id = g.offer_id
         where g.workspace_id = ${workspaceId} and g.contact_id in (${sql.join(contactIds.map((id) => sql`${id}`), sql`, `)}) and g.revoked_at is null and g.offer_id <> ${offerId}`,
  );
  const own: string[] = [];
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.contact_id === null) own.push(r.product_id);
    else out.set(r.contact_id, (out.get(r.contact_id) ?? new Set()).add(r.product_id));
  }
  return [own, out];
}

function grantedBy(ctx: Ctx): { grantedByTeamMemberId?: string; grantedBy?: string } {
  return ctx.actor.type === "admin" ? { grantedByTeamMemberId: ctx.actor.id } : { grantedBy: `${ctx.actor.type}${ctx.actor.id ? `:${ctx.actor.id}` : ""}` };
}

export async function grantOffer(
  tx: Tx,
  ctx: Ctx,
  /**
   * offer: the row, or only its id (the API's grant): then it is read with the first statements, and only an offer of this workspace is granted.
   * welcome: false sends nothing (the caller sends its own email); "as_off": as if the workspace had the welcome email turned off.
   */
  input: { contactIds: string[]; offer: Offer | { id: string }; source: GrantSource; welcome?: boolean | "as_off"; now?: Date },
): Promise<GrantResult> {
  const { workspace } = ctx;
  const { source } = input;
  const given = "workspaceId" in input.offer ? input.offer : null;
  const offerId = input.offer.id;
  const now = input.now ?? new Date();
  if (given && given.workspaceId !== workspace.id) throw new Error("grantOffer: offer of another workspace");
  const ids = [...new Set(input.contactIds)];
  const none = (offer: Offer | null): GrantResult => ({ granted: [], grantIds: new Map(), newProducts: new Map(), emailed: 0, offer });
  const findOffer = async () => given ?? (await offerById(tx, { ws: workspace.id, id: offerId }))[0] ?? null;
  if (ids.length === 0) return none(await findOffer());
  const by = grantedBy(ctx);
  // Statements of one transaction sent together run in order on its connection (postgres.js
  // pipelines them: one round trip; PGlite runs them in turn). First the contacts' rows are
  // locked; then those that will get their first grant here are marked invited (before the
  // grant, so its portal_version trigger finds the row written already and leaves it: one row
  // version, migration 0018); then the grants are inserted behind that lock (only for contacts
  // of this workspace; an active grant already held is left as it is), and the products the
  // contacts reach through their other grants are read; then everything that follows, together.
  const idList = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const offerHere = given ? sql`` : sql`and exists (select 1 from offers o where o.id = ${offerId} and o.workspace_id = ${workspace.id})`;
  const [offer, locked, marked, inserted, [offerProductIds, elsewhere]] = await Promise.all([
    findOffer(),
    lockContacts(tx, workspace.id, ids),
    rowsOf<{ id: string }>(
      tx,
      sql`update contacts c set portal_status = 'invited', invited_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
           where c.workspace_id = ${workspace.id} and c.id in (${idList}) and c.portal_status = 'none' ${offerHere}
             and not exists (select 1 from offer_grants g where g.contact_id = c.id and g.offer_id = ${offerId} and g.revoked_at is null)
          returning c.id`,
    ),
    rowsOf<{ id: string; contact_id: string }>(
      tx,
      sql`insert into offer_grants (workspace_id, contact_id, offer_id, source, granted_by_team_member_id, granted_by, granted_at)
          select c.workspace_id, c.id, ${offerId}::uuid, ${source}::grant_source, ${by.grantedByTeamMemberId ?? null}::uuid, ${by.grantedBy ?? null}::text, ${now.toISOString()}::timestamptz
            from contacts c
           where c.workspace_id = ${workspace.id} and c.id in (${idList}) ${offerHere}
           order by c.id
          on conflict do nothing
          returning id, contact_id`,
    ),
    productsAndElsewhere(tx, workspace.id, ids, offerId),
  ]);
  const granted = inserted.map((g) => g.contact_id);
  const grantIds = new Map(inserted.map((g) => [g.contact_id, g.id]));
  if (!offer || granted.length === 0) return none(offer);

  const isNew = new Set(granted);
  // The marked contacts are those granted (both decided behind the contacts' lock); should they ever differ, the grant decides.
  const invited = marked.map((c) => c.id).filter((id) => isNew.has(id));
  const welcomed = input.welcome === false ? [] : locked.filter((c) => isNew.has(c.id));
  const newProducts = new Map(granted.map((id) => [id, offerProductIds.filter((p) => !elsewhere.get(id)?.has(p))]));
  const [, issued] = await Promise.all([
    recordAudits(
      tx,
      inserted.map((g) => ({ workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "offer.granted", contactId: g.contact_id, data: { offerId: offer.id, offerTitle: offer.title, source } })),
    ),
    queueWelcomeEmails(tx, { workspace, contacts: welcomed.map((c) => withStatus(c, invited, now)), via: "grant", actor: ctx.actor, request: ctx.request, off: input.welcome === "as_off" }),
    recordEvents(tx, workspace.id, [
      ...inserted.flatMap((g) => [
        { type: "offer_access_granted", contactId: g.contact_id, data: { offerId: offer.id, offerTitle: offer.title, grantId: g.id, source } },
        ...newProducts.get(g.contact_id)!.map((productId) => ({ type: "product_access_granted", contactId: g.contact_id, data: { productId, offerId: offer.id, grantId: g.id } })),
      ]),
      ...invited.map((contactId) => ({ type: "contact_invited", contactId, data: { offerId: offer.id, source } })),
    ]),
  ]);
  return { granted, grantIds, newProducts, emailed: issued.length, offer };
}

const withStatus = (c: Contact, invited: string[], now: Date): Contact => (invited.includes(c.id) ? { ...c, portalStatus: "invited", invitedAt: now } : c);

export type RevokeResult = { revoked: boolean; removedProducts: string[] };

/** Ends the contact's active grant of `offerId`; products still reachable through another grant stay open. */
export async function revokeOffer(tx: Tx, ctx: Ctx, input: { contactId: string; offerId: string; now?: Date }): Promise<RevokeResult> {
  const { workspace } = ctx;
  const now = input.now ?? new Date();
  const [contact] = await lockContacts(tx, workspace.id, [input.contactId]);
  if (!contact) return { revoked: false, removedProducts: [] };
  const [grant] = await tx
    .update(offerGrants)
    .set({ revokedAt: now })
    .where(and(eq(offerGrants.workspaceId, workspace.id), eq(offerGrants.contactId, contact.id), eq(offerGrants.offerId, input.offerId), isNull(offerGrants.revokedAt)))
    .returning();
  if (!grant) return { revoked: false, removedProducts: [] };
  const [offerProductIds, elsewhere] = await productsAndElsewhere(tx, workspace.id, [contact.id], input.offerId);
  const removedProducts = offerProductIds.filter((p) => !elsewhere.get(contact.id)?.has(p));
  await recordEvents(tx, workspace.id, [
    { type: "offer_access_removed", contactId: contact.id, data: { offerId: input.offerId, grantId: grant.id } },
    ...removedProducts.map((productId) => ({ type: "product_access_removed", contactId: contact.id, data: { productId, offerId: input.offerId } })),
  ]);
  await recordAudits(tx, [{ workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "offer.revoked", contactId: contact.id, data: { offerId: input.offerId } }]);
  await endSessionsWithoutAccess(tx, workspace.id, [contact.id]);
  return { revoked: true, removedProducts };
}

/** Whether the contact ever held a grant in this workspace (active or not). */
export async function hasAnyGrant(tx: Tx, workspaceId: string, contactId: string): Promise<boolean> {
  const [row] = await tx
    .select({ one: sql`1` })
    .from(offerGrants)
    .where(and(eq(offerGrants.workspaceId, workspaceId), eq(offerGrants.contactId, contactId)))
    .limit(1);
  return !!row;
}
