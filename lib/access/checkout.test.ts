import { and, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { authTokens, contacts, events, offerGrants, offers, referrals, type Offer, type Workspace } from "@/db/schema";
import { hashSecret } from "@/lib/links/secret";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { affiliateCodeFor, listReferrals } from "./affiliate";
import { checkout, dashboardLink } from "./checkout";
import { receiptCookie } from "./checkout-receipt";

let ws: Workspace;
let free: Offer;
let paid: Offer;
const email = () => `buyer-${randomUUID()}@example.com`;
const cookieOf = async (receipt: Parameters<typeof receiptCookie>[1] | null) => (receipt ? (await receiptCookie(ws.slug, receipt)).value : undefined);
const receiptOf = (out: Awaited<ReturnType<typeof checkout>>) => (out.ok ? out.receipt : null);
const grantsOf = (contactId: string) => db.select().from(offerGrants).where(eq(offerGrants.contactId, contactId));

beforeAll(async () => {
  ws = await makeWorkspace("shop");
  free = (await db.select().from(offers).where(eq(offers.workspaceId, ws.id)))[0]!;
  paid = (await db.insert(offers).values({ workspaceId: ws.id, title: "Mastermind", slug: "mastermind", priceCents: 49900, status: "published" }).returning())[0]!;
});
afterEach(() => vi.useRealTimers());

describe("checkout (SPEC §4 path 1) and View Dashboard (SPEC §3)", () => {
  it("a new buyer of a free offer is granted at once and this browser may go straight to set-password", async () => {
    const to = email();
    const out = await checkout({ workspace: ws, offer: free!, name: "Ada  Lovelace King", email: to.toUpperCase(), request });
    if (!out.ok) throw new Error("throttled");
    expect(out.receipt.eligible).toBe(true);
    const [c] = await db.select().from(contacts).where(eq(contacts.email, to));
    expect(c).toMatchObject({ firstName: "Ada", lastName: "Lovelace King", portalStatus: "invited" });
    expect(await grantsOf(c!.id)).toMatchObject([{ source: "checkout", offerId: free!.id }]);
    const path = await dashboardLink(ws, await cookieOf(out.receipt), request);
    expect(path).toMatch(new RegExp(`^/p/${ws.slug}/l/[A-Za-z0-9_-]{43}$`));
    const [token] = await db.select().from(authTokens).where(eq(authTokens.tokenHash, hashSecret(path!.split("/").pop()!)));
    expect(token).toMatchObject({ kind: "password_setup", contactId: c!.id, issuedVia: "checkout" });
  });

  it("an existing contact's receipt opens nothing and looks like any other; a receipt only works in its workspace, unaltered, within the hour and while no password is set", async () => {
    const existing = await makeContact(ws, { access: false });
    const out = await checkout({ workspace: ws, offer: free!, name: "Mallory", email: existing.email, request });
    expect(receiptOf(out)?.eligible).toBe(false);
    expect((await db.select().from(contacts).where(eq(contacts.id, existing.id)))[0]!.firstName).toBe(existing.firstName);
    const existingCookie = await cookieOf(receiptOf(out));
    expect(await dashboardLink(ws, existingCookie, request)).toBeNull();
    // The cookie does not tell an existing address from a new one: encrypted, of the same length.
    const newCookie = await cookieOf(receiptOf(await checkout({ workspace: ws, offer: free!, name: "Newbie", email: email(), request })));
    expect(existingCookie!.length).toBe(newCookie!.length);
    expect(existingCookie).not.toContain(existing.id);
    expect(Buffer.from(existingCookie!.split(".")[0]!, "base64url").toString()).toMatch(/"alg":"dir"/);

    const fresh = await checkout({ workspace: ws, offer: free!, name: "Bea", email: email(), request });
    const cookie = await cookieOf(receiptOf(fresh));
    expect(await dashboardLink({ ...ws, id: (await makeWorkspace()).id }, cookie, request)).toBeNull();
    expect(await dashboardLink(ws, `${cookie}x`, request)).toBeNull();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61 * 60_000);
    expect(await dashboardLink(ws, cookie, request)).toBeNull();
    vi.useRealTimers();
    expect(await dashboardLink(ws, cookie, request)).not.toBeNull();
    const contactId = receiptOf(fresh)!.contactId;
    await db.update(contacts).set({ passwordHash: "set-elsewhere" }).where(eq(contacts.id, contactId));
    expect(await dashboardLink(ws, cookie, request)).toBeNull();
  });

  it("a paid offer records the request and grants nothing; referral codes credit the affiliate, never oneself", async () => {
    const affiliate = await makeContact(ws);
    const code = await affiliateCodeFor(ws.id, affiliate.id);
    const out = await checkout({ workspace: ws, offer: paid!, name: "Ref Erred", email: email(), ref: code.toUpperCase(), request });
    expect(receiptOf(out)?.eligible).toBe(false);
    const [rec] = await db.select().from(referrals).where(eq(referrals.workspaceId, ws.id));
    expect(await grantsOf(rec!.referredContactId)).toEqual([]);
    const [ev] = await db.select().from(events).where(and(eq(events.contactId, rec!.referredContactId), eq(events.type, "checkout_requested")));
    expect(ev?.data).toMatchObject({ offerId: paid!.id, priceCents: 49900 });
    await checkout({ workspace: ws, offer: free!, name: "Self", email: affiliate.email, ref: code, request });
    expect(await db.select().from(referrals).where(eq(referrals.workspaceId, ws.id))).toHaveLength(1);
    // The affiliate sees a referral only once that person signed in: typing an address into a checkout proves nothing.
    expect(await listReferrals(ws.id, affiliate.id)).toEqual([]);
    await db.update(contacts).set({ firstLoginAt: new Date() }).where(eq(contacts.id, rec!.referredContactId));
    expect(await listReferrals(ws.id, affiliate.id)).toHaveLength(1);
  });

  it("is rate limited per address like every public email form", async () => {
    const to = email();
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await checkout({ workspace: ws, offer: free!, name: "Spam", email: to, request: { ip: `198.51.100.${i}` } })).ok);
    expect(results).toEqual([true, true, true, true, true, false]);
  });
});
