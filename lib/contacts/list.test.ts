import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { contacts, emailMessages, events, groupMemberships, groups, offerGrants, offers, type Offer, type Workspace } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { runBulkAction } from "./bulk-actions";
import { idsInFilter, listContacts, parseContactFilter, suggestContacts } from "./list";
import { deleteSmartList, listSmartLists, saveSmartList } from "./smart-lists";

let ws: Workspace;
let other: Workspace;
let ctx: Ctx;
let course: Offer;

const f = (p: Record<string, string> = {}) => parseContactFilter(p);

beforeAll(async () => {
  ws = await makeWorkspace();
  other = await makeWorkspace();
  ctx = { workspace: ws, actor: { type: "system" }, request };
  [course] = await db.insert(offers).values({ workspaceId: ws.id, title: "Course", slug: "course", status: "published" }).returning() as [Offer];
  // 120 plain contacts without access, 3 named ones with access.
  await db.insert(contacts).values(Array.from({ length: 120 }, (_, i) => ({ workspaceId: ws.id, email: `bulk${String(i).padStart(3, "0")}@list.test`, tags: i % 2 ? ["odd"] : [] })));
  await makeContact(ws, { email: "ana.rivera@example.com", firstName: "Ana" });
  await makeContact(ws, { email: "bo@rivera.dev", firstName: "Bo" });
  await makeContact(ws, { email: "cy@example.com", firstName: "Rivera" });
  await makeContact(other, { email: "rivera@other.test" });
});

describe("contact list: search, filters, pagination (SPEC §6)", () => {
  it("substring search on name and email, never another workspace's contacts", async () => {
    const page = await listContacts(ws.id, f({ q: "RIVERA" }));
    expect(page.rows.map((c) => c.email).sort()).toEqual(["ana.rivera@example.com", "bo@rivera.dev", "cy@example.com"]);
    expect(page.total).toBe(3);
    expect((await listContacts(ws.id, f({ q: "100%_" }))).total).toBe(0);
    const suggested = await suggestContacts(ws.id, "riv");
    expect(suggested.map((c) => c.email)).toEqual(["ana.rivera@example.com", "bo@rivera.dev", "cy@example.com"]);
    expect((await suggestContacts(ws.id, "bo@")).map((c) => c.email)).toEqual(["bo@rivera.dev"]);
  });

  it("filters by offer, group, status and tag; pages of 50; malformed parameters are dropped", async () => {
    const [g] = await db.insert(groups).values({ workspaceId: ws.id, name: "Circle", slug: "circle" }).returning();
    const bo = (await listContacts(ws.id, f({ q: "bo@" }))).rows[0]!;
    await db.insert(groupMemberships).values({ workspaceId: ws.id, groupId: g!.id, contactId: bo.id });
    await db.update(contacts).set({ portalStatus: "invited" }).where(eq(contacts.id, bo.id));
    expect((await listContacts(ws.id, f({ group: g!.id }))).rows.map((c) => c.email)).toEqual(["bo@rivera.dev"]);
    expect((await listContacts(ws.id, f({ status: "invited" }))).total).toBe(1);
    expect((await listContacts(ws.id, f({ tag: "odd" }))).total).toBe(60);
    const [allAccess] = await db.select().from(offers).where(and(eq(offers.workspaceId, ws.id), eq(offers.slug, "all-access")));
    expect((await listContacts(ws.id, f({ offer: allAccess!.id }))).total).toBe(3);
    const p3 = await listContacts(ws.id, f({ page: "3", sort: "email" }));
    expect([p3.total, p3.pages, p3.rows.length]).toEqual([123, 3, 23]);
    expect(f({ status: "hacker", offer: "not-a-uuid", sort: "drop table", page: "-4" })).toMatchObject({ status: "", offer: "", sort: "newest", page: 1 });
    expect(await idsInFilter(ws.id, f({ tag: "odd" }))).toHaveLength(60);
  });
});

describe("bulk actions", () => {
  it("grant an offer to 600+ contacts in chunks: one grant, one event set and one welcome email each; again changes nothing", async () => {
    await db.insert(contacts).values(Array.from({ length: 530 }, (_, i) => ({ workspaceId: ws.id, email: `many${i}@grant.test`, tags: ["many"] })));
    const ids = await idsInFilter(ws.id, f({ tag: "many" }));
    const first = await runBulkAction(ctx, { action: "grant_offer", contactIds: ids, offerId: course.id });
    expect(first).toMatchObject({ ok: true, message: "Granted Course to 530 contacts." });
    const again = await runBulkAction(ctx, { action: "grant_offer", contactIds: ids, offerId: course.id });
    expect(again).toMatchObject({ ok: true, message: "Granted Course to 0 contacts; 530 already had it." });
    const n = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;
    expect(await n(db.select({ n: sql<number>`count(*)::int` }).from(offerGrants).where(eq(offerGrants.offerId, course.id)))).toBe(530);
    expect(await n(db.select({ n: sql<number>`count(*)::int` }).from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, "offer_access_granted"))))).toBe(530);
    expect(await n(db.select({ n: sql<number>`count(*)::int` }).from(emailMessages).where(and(eq(emailMessages.workspaceId, ws.id), eq(emailMessages.template, "welcome"))))).toBe(530);
    expect((await listContacts(ws.id, f({ tag: "many", status: "invited" }))).total).toBe(530);
  });

  it("add to group, add tag; login email skips contacts without access; ids of another workspace do nothing", async () => {
    const [g] = await db.insert(groups).values({ workspaceId: ws.id, name: "Cohort", slug: "cohort" }).returning();
    const odd = await idsInFilter(ws.id, f({ tag: "odd" }));
    const foreign = (await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.workspaceId, other.id))).map((r) => r.id);
    expect(await runBulkAction(ctx, { action: "add_group", contactIds: [...odd, ...foreign], groupId: g!.id })).toMatchObject({ ok: true, message: "Added 60 contacts to Cohort; 1 already in it." });
    expect(await runBulkAction(ctx, { action: "add_tag", contactIds: [...odd.slice(0, 3), ...foreign], tag: "vip" })).toMatchObject({ ok: true, message: "Tagged 3 contacts “vip”; 1 already had it." });
    expect((await db.select().from(contacts).where(eq(contacts.workspaceId, other.id)))[0]!.tags).toEqual([]);
    expect(await runBulkAction(ctx, { action: "add_tag", contactIds: odd, tag: "  " })).toEqual({ ok: false, error: "Enter a tag." });
    const plain = await idsInFilter(ws.id, f({ q: "bulk000" }));
    expect(await runBulkAction(ctx, { action: "login_email", contactIds: plain })).toMatchObject({ ok: false });
    const sent = await runBulkAction(ctx, { action: "login_email", contactIds: [...plain, odd[0]!, ...foreign] });
    // Ids of another workspace are not this workspace's contacts: neither sent nor counted.
    expect(sent).toMatchObject({ ok: true, message: "Queued 1 login email; 1 skipped (named on the send's page)." });
    expect(await runBulkAction(ctx, { action: "grant_offer", contactIds: odd, offerId: (await db.select().from(offers).where(eq(offers.workspaceId, other.id)))[0]!.id })).toEqual({ ok: false, error: "Choose an offer to grant." });
  });
});

describe("smart lists", () => {
  it("save a filter under a name, list it with its link, delete it; never another workspace's", async () => {
    expect(await saveSmartList(ctx, { name: " ", filter: f({ tag: "odd" }) })).toEqual({ ok: false, error: "Name the list." });
    const saved = await saveSmartList(ctx, { name: "Odd ones", filter: f({ tag: "odd", status: "invited", sort: "email" }) });
    expect(saved.ok).toBe(true);
    const lists = await listSmartLists(ws.id);
    expect(lists.map((l) => [l.name, l.href])).toEqual([["Odd ones", `?status=invited&tag=odd&sort=email&list=${lists[0]!.id}`]]);
    expect(await listSmartLists(other.id)).toEqual([]);
    const otherCtx = { ...ctx, workspace: other };
    expect(await deleteSmartList(otherCtx, lists[0]!.id)).toBe(false);
    expect(await deleteSmartList(ctx, lists[0]!.id)).toBe(true);
  });
});
