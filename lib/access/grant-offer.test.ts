import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { authTokens, contacts, emailMessages, events, offerGrants, offerProducts, offers, products, workspaces, type Offer, type Workspace } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { hashSecret } from "@/lib/links/secret";
import { latestEmail, makeContact, makeWorkspace, reload, request, secretOf } from "@/test/fixtures";
import { grantOfferToContact, resendWelcome, revokeOfferFromContact } from "./enrollment";
import { grantOffer } from "./grant-offer";

let ws: Workspace;
let ctx: Ctx;
let p: string[];
let offerA: Offer;
let offerB: Offer;

async function makeOffer(slug: string, productIds: string[]) {
  const [offer] = await db.insert(offers).values({ workspaceId: ws.id, title: `Offer ${slug}`, slug, status: "published" }).returning();
  if (productIds.length) await db.insert(offerProducts).values(productIds.map((productId) => ({ workspaceId: ws.id, offerId: offer!.id, productId })));
  return offer!;
}

async function eventsOf(contactId: string) {
  const rows = await db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.contactId, contactId))).orderBy(events.seq);
  return rows.map((e) => `${e.type}${e.data.productId ? `:${p.indexOf(String(e.data.productId))}` : ""}`);
}

const countOf = async (table: typeof offerGrants | typeof emailMessages | typeof events, contactId: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.contactId, contactId)))[0]!.n;

beforeAll(async () => {
  ws = await makeWorkspace("grants");
  ctx = { workspace: ws, actor: { type: "system" }, request };
  const rows = await db
    .insert(products)
    .values([0, 1, 2].map((i) => ({ workspaceId: ws.id, title: `Course ${i}`, slug: `course-${i}`, published: true })))
    .returning();
  p = rows.map((r) => r.id);
  offerA = await makeOffer("a", [p[0]!, p[1]!]);
  offerB = await makeOffer("b", [p[1]!, p[2]!]);
});

describe("enrollment (SPEC §4)", () => {
  it("grants once: events, invited status and a working set-password email; granting again changes nothing", async () => {
    const c = await makeContact(ws, { access: false });
    expect((await grantOfferToContact(ctx, { contactId: c.id, offerId: offerA.id })).ok).toBe(true);
    expect(await eventsOf(c.id)).toEqual(["offer_access_granted", "product_access_granted:0", "product_access_granted:1", "contact_invited"]);
    const after = await reload(c);
    expect(after.portalStatus).toBe("invited");
    expect(after.invitedAt).not.toBeNull();
    // One write of the contact's row: the invited status and the grant's portal bump are the same row version (migration 0018).
    expect(after.portalVersion).toBe(c.portalVersion + 1);
    const email = await latestEmail(c.email);
    expect(email?.subject).toMatch(/set your password/);
    const [token] = await db.select().from(authTokens).where(eq(authTokens.tokenHash, hashSecret(secretOf(email!.links[0]!))));
    expect(token?.kind).toBe("password_setup");

    const again = await grantOfferToContact(ctx, { contactId: c.id, offerId: offerA.id });
    expect(again).toMatchObject({ ok: true, message: expect.stringMatching(/already has/) });
    expect(await countOf(offerGrants, c.id)).toBe(1);
    expect(await countOf(emailMessages, c.id)).toBe(1);
    expect(await countOf(events, c.id)).toBe(4);
  });

  it("overlapping offers: product events only for newly reachable or newly closed products", async () => {
    const c = await makeContact(ws, { access: false, password: "quiet harbor lanterns 42" });
    await grantOfferToContact(ctx, { contactId: c.id, offerId: offerA.id });
    await grantOfferToContact(ctx, { contactId: c.id, offerId: offerB.id });
    // A contact with a password gets a login link as their welcome email.
    expect((await latestEmail(c.email))?.subject).toMatch(/sign-in link|log in|login/i);
    await revokeOfferFromContact(ctx, { contactId: c.id, offerId: offerA.id });
    expect(await revokeOfferFromContact(ctx, { contactId: c.id, offerId: offerA.id })).toMatchObject({ ok: false });
    await revokeOfferFromContact(ctx, { contactId: c.id, offerId: offerB.id });
    expect(await eventsOf(c.id)).toEqual([
      "offer_access_granted", "product_access_granted:0", "product_access_granted:1", "contact_invited",
      "offer_access_granted", "product_access_granted:2",
      "offer_access_removed", "product_access_removed:0",
      "offer_access_removed", "product_access_removed:1", "product_access_removed:2",
    ]);
    // Re-granting after a revoke is a new grant with new events.
    await grantOfferToContact(ctx, { contactId: c.id, offerId: offerB.id });
    expect((await eventsOf(c.id)).slice(-3)).toEqual(["offer_access_granted", "product_access_granted:1", "product_access_granted:2"]);
  });

  it("is one transaction: when the email cannot be queued there is no grant, no event, no email", async () => {
    const c = await makeContact(ws, { access: false, email: `explode-${Date.now()}@example.com` });
    await db.execute(sql`create or replace function fail_explode() returns trigger language plpgsql as $$
      begin if new.to_email like 'explode-%' then raise exception 'outbox is down'; end if; return new; end $$`);
    await db.execute(sql`create trigger email_explode before insert on email_messages for each row execute function fail_explode()`);
    try {
      await expect(grantOfferToContact(ctx, { contactId: c.id, offerId: offerA.id })).rejects.toThrow();
    } finally {
      await db.execute(sql`drop trigger email_explode on email_messages`);
    }
    expect(await countOf(offerGrants, c.id)).toBe(0);
    expect(await countOf(events, c.id)).toBe(0);
    expect(await countOf(emailMessages, c.id)).toBe(0);
    expect((await reload(c)).portalStatus).toBe("none");
  });

  it("concurrent grants of one offer make one grant and one set of events", async () => {
    const c = await makeContact(ws, { access: false });
    await Promise.all([1, 2, 3].map(() => grantOfferToContact(ctx, { contactId: c.id, offerId: offerB.id })));
    expect(await countOf(offerGrants, c.id)).toBe(1);
    expect(await eventsOf(c.id)).toEqual(["offer_access_granted", "product_access_granted:1", "product_access_granted:2", "contact_invited"]);
    expect(await countOf(emailMessages, c.id)).toBe(1);
  });

  it("bulk grants render each email for its recipient; the welcome toggle and Resend are honoured", async () => {
    const ann = await makeContact(ws, { access: false, firstName: `<Ann & "Bo">` });
    const ben = await makeContact(ws, { access: false, firstName: "" });
    await db.transaction((tx) => grantOffer(tx, ctx, { contactIds: [ann.id, ben.id], offer: offerA, source: "import" }));
    const a = await latestEmail(ann.email);
    const b = await latestEmail(ben.email);
    expect(a!.links[0]).not.toEqual(b!.links[0]);
    expect(a!.html).toContain(a!.links[0]);
    expect(a!.html).toContain("Hi<!-- --> &#60;Ann &#38; &#34;Bo&#34;&#62;<!-- -->,");
    expect(a!.html).not.toContain("<Ann");
    expect(a!.text).toContain(`Hi <Ann & "Bo">,`);
    expect(b!.text).toContain("Hi,");
    expect(b!.text).toContain(b!.links[0]);

    await db.update(workspaces).set({ settings: { ...ws.settings, disabledEmails: ["welcome"] } }).where(eq(workspaces.id, ws.id));
    const off = { ...ctx, workspace: { ...ws, settings: { ...ws.settings, disabledEmails: ["welcome"] } } };
    const quiet = await makeContact(ws, { access: false });
    expect(await grantOfferToContact(off, { contactId: quiet.id, offerId: offerA.id })).toMatchObject({ ok: true, message: expect.stringMatching(/turned off/) });
    expect(await countOf(emailMessages, quiet.id)).toBe(0);
    await resendWelcome(off, { contactId: quiet.id });
    expect(await countOf(emailMessages, quiet.id)).toBe(1);
    await db.update(workspaces).set({ settings: ws.settings }).where(eq(workspaces.id, ws.id));
  });

  it("an offer or contact of another workspace is not found", async () => {
    const other = await makeWorkspace();
    const [foreignOffer] = await db.select().from(offers).where(eq(offers.workspaceId, other.id));
    const c = await makeContact(ws, { access: false });
    expect(await grantOfferToContact(ctx, { contactId: c.id, offerId: foreignOffer!.id })).toMatchObject({ ok: false });
    const stranger = await makeContact(other, { access: false });
    await expect(grantOfferToContact(ctx, { contactId: stranger.id, offerId: offerA.id })).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404|NEXT_NOT_FOUND/);
    expect((await db.select().from(contacts).where(eq(contacts.id, stranger.id)))[0]!.portalStatus).toBe("none");
  });
});
