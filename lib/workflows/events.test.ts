/**
 * Every trigger of SPEC §8 has its event: each change, made through its domain function, writes
 * exactly the expected events (type, contact, data) with their event_queue rows, and a change
 * that changes nothing writes none.
 */
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, dbHandle, rowsOf } from "@/db/client";
import { categories, contacts, eventQueue, events, groups, lessons, offerProducts, offers, products, type Contact, type Workspace } from "@/db/schema";
import { addToGroup, removeFromGroup } from "@/lib/access/groups";
import { authenticateLearner, markSignedIn } from "@/lib/auth/learner-login";
import { runBulkAction } from "@/lib/contacts/bulk-actions";
import { importContacts, parseContactsCsv } from "@/lib/contacts/import";
import { saveProfile } from "@/lib/contacts/profile";
import { removeTag } from "@/lib/contacts/tags";
import { upsertContacts } from "@/lib/contacts/upsert";
import { completeLesson, startLesson } from "@/lib/courses/progress";
import { verifyCode } from "@/lib/links/codes";
import { issueLearnerToken } from "@/lib/links/issue";
import { redeemSignInLink } from "@/lib/links/redeem";
import { makeContact, makeWorkspace, request, secretOf } from "@/test/fixtures";

const ctxOf = (ws: Workspace) => ({ workspace: ws, actor: { type: "system" as const }, request });

/** The workspace's events after `since` (a seq), each with whether it is queued for the dispatcher. */
async function eventsOf(ws: Workspace, since = 0) {
  const rows = await db
    .select({ type: events.type, contactId: events.contactId, data: events.data, queued: sql<boolean>`${eventQueue.eventId} is not null` })
    .from(events)
    .leftJoin(eventQueue, eq(eventQueue.eventId, events.id))
    .where(and(eq(events.workspaceId, ws.id), gt(events.seq, since)))
    .orderBy(asc(events.seq));
  expect(rows.every((r) => r.queued)).toBe(true);
  return rows.map(({ type, contactId, data }) => ({ type, contactId, data }));
}

/** The last seq so far: what `eventsOf` counts from. */
async function mark() {
  const [row] = await db.select({ seq: sql<number>`coalesce(max(${events.seq}), 0)::int` }).from(events);
  return row!.seq;
}

async function course(ws: Workspace, shape: number[]) {
  const [product] = await db.insert(products).values({ workspaceId: ws.id, title: "Course", slug: `course-${shape.join("")}`, published: true }).returning();
  const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
  await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: product!.id });
  const cats = await db.insert(categories).values(shape.map((_, position) => ({ workspaceId: ws.id, productId: product!.id, title: `Part ${position}`, position }))).returning();
  const ls = await db
    .insert(lessons)
    .values(cats.flatMap((c, i) => Array.from({ length: shape[i]! }, (_, position) => ({ workspaceId: ws.id, categoryId: c.id, title: `L${i}.${position}`, position }))))
    .returning();
  const scope = (l: (typeof ls)[number]) => ({ lesson: l, categoryId: l.categoryId, productId: product!.id });
  return { product: product!, cats, lessons: ls, scope };
}

describe("new_sign_up: a contact's first portal sign-in, once, whatever the way in", () => {
  it("link, password, SSO and code: one event each on the first sign-in, with the method (via), queued; none on the next", async () => {
    const ws = await makeWorkspace();
    const byLink = await makeContact(ws);
    const byPassword = await makeContact(ws, { password: "correct horse battery staple" });
    const bySso = await makeContact(ws);
    const byCode = await makeContact(ws);
    const since = await mark();

    for (let i = 0; i < 2; i++) {
      const { url } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: byLink, kind: "login_link", via: "admin_send" }));
      expect((await redeemSignInLink(ws.slug, secretOf(url), request)).ok).toBe(true);
      const password = await authenticateLearner({ workspaceSlug: ws.slug, email: byPassword.email, password: "correct horse battery staple", request });
      expect(password.ok).toBe(true);
      await markSignedIn(bySso, "oidc", request);
      const code = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: byCode, kind: "login_code", via: "login_page" }));
      expect((await verifyCode({ workspace: ws, email: byCode.email, code: code.secret, request })).ok).toBe(true);
    }
    expect(await eventsOf(ws, since)).toEqual([
      { type: "new_sign_up", contactId: byLink.id, data: { via: "login_link" } },
      { type: "new_sign_up", contactId: byPassword.id, data: { via: "password" } },
      { type: "new_sign_up", contactId: bySso.id, data: { via: "oidc" } },
      { type: "new_sign_up", contactId: byCode.id, data: { via: "login_code" } },
    ]);
    const active = await db.select({ status: contacts.portalStatus }).from(contacts).where(inArray(contacts.id, [byLink.id, byPassword.id, bySso.id, byCode.id]));
    expect(active.map((c) => c.status)).toEqual(["active", "active", "active", "active"]);
  });

  it("two first sign-ins at once write one event", async () => {
    const ws = await makeWorkspace();
    const c = await makeContact(ws);
    const since = await mark();
    const links = await Promise.all([0, 1].map(() => db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send" }))));
    const results = await Promise.all([...links.map((l) => redeemSignInLink(ws.slug, secretOf(l.url), request)), markSignedIn(c, "oidc", request)]);
    expect(results.slice(0, 2).every((r) => "ok" in r && r.ok)).toBe(true);
    expect((await eventsOf(ws, since)).map((e) => [e.type, e.contactId])).toEqual([["new_sign_up", c.id]]);
  });
});

describe("group_joined / group_left: only when the membership changed", () => {
  it("admin add (by email and id), bulk add and removal", async () => {
    const ws = await makeWorkspace();
    const ctx = ctxOf(ws);
    const [group] = await db.insert(groups).values({ workspaceId: ws.id, name: "Circle", slug: "circle" }).returning();
    const [a, b, c] = [await makeContact(ws), await makeContact(ws), await makeContact(ws)];
    const since = await mark();

    expect(await addToGroup(ctx, { groupId: group!.id, email: a.email })).toMatchObject({ ok: true });
    expect(await addToGroup(ctx, { groupId: group!.id, contactId: a.id })).toEqual({ ok: true, message: `${a.email} is already in Circle.` });
    expect(await runBulkAction(ctx, { action: "add_group", contactIds: [a.id, b.id, c.id], groupId: group!.id })).toMatchObject({ ok: true });
    expect(await runBulkAction(ctx, { action: "add_group", contactIds: [a.id, b.id], groupId: group!.id })).toMatchObject({ ok: true });
    expect(await removeFromGroup(ctx, { groupId: group!.id, contactId: b.id })).toMatchObject({ ok: true });
    expect(await removeFromGroup(ctx, { groupId: group!.id, contactId: b.id })).toEqual({ ok: false, error: "Not a member." });

    const data = { groupId: group!.id };
    const log = await eventsOf(ws, since);
    expect(log.slice(0, 1)).toEqual([{ type: "group_joined", contactId: a.id, data }]);
    // The bulk add's order within one insert is the database's.
    expect(log.slice(1, 3)).toEqual(expect.arrayContaining([{ type: "group_joined", contactId: b.id, data }, { type: "group_joined", contactId: c.id, data }]));
    expect(log.slice(3)).toEqual([{ type: "group_left", contactId: b.id, data }]);
  });

  it("a group of another workspace changes nothing and writes nothing", async () => {
    const ws = await makeWorkspace();
    const other = await makeWorkspace();
    const [theirs] = await db.insert(groups).values({ workspaceId: other.id, name: "Theirs", slug: "theirs" }).returning();
    const a = await makeContact(ws);
    const since = await mark();
    expect(await addToGroup(ctxOf(ws), { groupId: theirs!.id, contactId: a.id })).toMatchObject({ ok: false });
    expect(await removeFromGroup(ctxOf(ws), { groupId: theirs!.id, contactId: a.id })).toMatchObject({ ok: false });
    expect(await eventsOf(ws, since)).toEqual([]);
    expect(await eventsOf(other, since)).toEqual([]);
  });
});

describe("tag_added / tag_removed: one per tag that actually changed", () => {
  const tagsOf = async (c: Contact) => (await db.select({ tags: contacts.tags }).from(contacts).where(eq(contacts.id, c.id)))[0]!.tags;

  it("profile edit: added and removed tags; the same tags again write nothing; tags compare exactly (case kept)", async () => {
    const ws = await makeWorkspace();
    const c = await makeContact(ws);
    const profile = (tags: string[]) => saveProfile(ctxOf(ws), c.id, { firstName: "Lee", lastName: "Learner", phone: "", tags });
    const since = await mark();

    await profile(["vip", "cohort-1"]);
    const afterFirst = await mark();
    await profile(["cohort-1", "vip"]);
    expect(await eventsOf(ws, afterFirst)).toEqual([]);
    await profile(["VIP", "cohort-1", "lead"]);
    expect(await tagsOf(c)).toEqual(["VIP", "cohort-1", "lead"]);
    // Each edit that changed something is also one contact_updated (webhooks' contact.updated).
    expect(await eventsOf(ws, since)).toEqual([
      { type: "contact_updated", contactId: c.id, data: { changed: ["tags"] } },
      { type: "tag_added", contactId: c.id, data: { tag: "vip" } },
      { type: "tag_added", contactId: c.id, data: { tag: "cohort-1" } },
      { type: "contact_updated", contactId: c.id, data: { changed: ["tags"] } },
      { type: "tag_added", contactId: c.id, data: { tag: "VIP" } },
      { type: "tag_added", contactId: c.id, data: { tag: "lead" } },
      { type: "tag_removed", contactId: c.id, data: { tag: "vip" } },
    ]);
  });

  it("bulk add tag: one event per contact that did not have it; removeTag: one per contact that had it", async () => {
    const ws = await makeWorkspace();
    const [a, b] = [await makeContact(ws), await makeContact(ws)];
    await db.update(contacts).set({ tags: ["vip"] }).where(eq(contacts.id, a.id));
    const since = await mark();

    expect(await runBulkAction(ctxOf(ws), { action: "add_tag", contactIds: [a.id, b.id], tag: " vip " })).toEqual({ ok: true, message: "Tagged 1 contact “vip”; 1 already had it." });
    expect(await runBulkAction(ctxOf(ws), { action: "add_tag", contactIds: [a.id, b.id], tag: "vip" })).toMatchObject({ ok: true, message: "Tagged 0 contacts “vip”; 2 already had it." });
    expect(await db.transaction((tx) => removeTag(tx, ws.id, [a.id], "vip"))).toEqual([a.id]);
    expect(await db.transaction((tx) => removeTag(tx, ws.id, [a.id], "vip"))).toEqual([]);
    expect(await tagsOf(a)).toEqual([]);
    expect(await eventsOf(ws, since)).toEqual([
      { type: "tag_added", contactId: b.id, data: { tag: "vip" } },
      { type: "contact_updated", contactId: b.id, data: { changed: ["tags"] } },
      { type: "tag_removed", contactId: a.id, data: { tag: "vip" } },
      { type: "contact_updated", contactId: a.id, data: { changed: ["tags"] } },
    ]);
  });

  it("import and upsert: a new contact's tags, an existing contact's new tags only, nothing when nothing changes", async () => {
    const ws = await makeWorkspace();
    const known = await makeContact(ws, { email: `known-${ws.slug}@example.com` });
    await db.update(contacts).set({ tags: ["vip"] }).where(eq(contacts.id, known.id));
    const since = await mark();

    const csv = `email,tags\nfresh-${ws.slug}@example.com,"A; b"\n${known.email},"vip; Cohort"\n`;
    expect(await importContacts(ctxOf(ws), { parsed: parseContactsCsv(csv) })).toMatchObject({ created: 1, updated: 1 });
    const [fresh] = await db.select().from(contacts).where(eq(contacts.email, `fresh-${ws.slug}@example.com`));
    expect(await eventsOf(ws, since)).toEqual([
      { type: "contact_created", contactId: fresh!.id, data: {} },
      { type: "tag_added", contactId: fresh!.id, data: { tag: "a" } },
      { type: "tag_added", contactId: fresh!.id, data: { tag: "b" } },
      { type: "contact_updated", contactId: known.id, data: { changed: ["tags"] } },
      { type: "tag_added", contactId: known.id, data: { tag: "cohort" } },
    ]);

    const again = await mark();
    await importContacts(ctxOf(ws), { parsed: parseContactsCsv(csv) });
    // A path that never changes an existing contact (checkout) writes no tag event for them.
    await db.transaction((tx) => upsertContacts(tx, ws.id, [{ email: known.email, tags: ["new"] }], { fillExisting: false }));
    await db.transaction((tx) => upsertContacts(tx, ws.id, [{ email: `bare-${ws.slug}@example.com` }], { fillExisting: true }));
    const [bare] = await db.select().from(contacts).where(eq(contacts.email, `bare-${ws.slug}@example.com`));
    expect(await eventsOf(ws, again)).toEqual([{ type: "contact_created", contactId: bare!.id, data: {} }]);
    expect(await tagsOf(known)).toEqual(["cohort", "vip"]);
  });
});

describe("course progress: product_/category_ started and completed, with the lesson's product on every event", () => {
  it("writes each once, with categoryId and productId", async () => {
    const ws = await makeWorkspace();
    const { product, cats, lessons: [a, b, c], scope } = await course(ws, [1, 2]);
    const learner = await makeContact(ws);
    const as = { contact: learner, preview: false };
    const since = await mark();

    await completeLesson(as, scope(a!));
    await startLesson(as, scope(b!));
    await startLesson(as, scope(b!));
    await completeLesson(as, scope(b!));
    await completeLesson(as, scope(c!));
    await completeLesson(as, scope(c!));
    const ids = (l: typeof a) => ({ lessonId: l!.id, categoryId: l!.categoryId, productId: product.id });
    const e = (type: string, l: typeof a) => ({ type, contactId: learner.id, data: ids(l) });
    expect(await eventsOf(ws, since)).toEqual([
      e("lesson_started", a), e("category_started", a), e("product_started", a),
      e("lesson_completed", a), e("category_completed", a),
      e("lesson_started", b), e("category_started", b), e("lesson_completed", b),
      e("lesson_started", c), e("lesson_completed", c), e("category_completed", c), e("product_completed", c),
    ]);
    expect(cats.map((x) => x.id)).toEqual([a!.categoryId, b!.categoryId]);
  });

  it("two lessons completed at once, in two transactions, finishing the product: exactly one product_completed", async () => {
    const ws = await makeWorkspace();
    const { product, lessons: [a, b], scope } = await course(ws, [2]);
    for (let round = 0; round < 3; round++) {
      const learner = await makeContact(ws);
      const as = { contact: learner, preview: false };
      await startLesson(as, scope(a!));
      await startLesson(as, scope(b!));
      const since = await mark();
      await concurrently(learner, [() => completeLesson(as, scope(a!)), () => completeLesson(as, scope(b!))]);
      const log = (await eventsOf(ws, since)).map((x) => x.type).sort();
      expect(log).toEqual(["category_completed", "lesson_completed", "lesson_completed", "product_completed"]);
      const [done] = await db.select({ n: sql<number>`count(*)::int` }).from(events).where(and(eq(events.contactId, learner.id), eq(events.type, "product_completed"), sql`${events.data}->>'productId' = ${product.id}`));
      expect(done!.n).toBe(1);
    }
  });
});

/**
 * Runs the calls at once. On PostgreSQL each runs in its own transaction on its own connection,
 * and they are held at the contact's row lock until all of them wait there, so they truly
 * overlap; PGlite has one connection, so they simply run.
 */
async function concurrently(contact: Contact, calls: (() => Promise<unknown>)[]) {
  if (dbHandle().kind !== "postgres") return Promise.all(calls.map((f) => f()));
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const holding = new Promise<void>((r) => (locked = r));
  const holder = db.transaction(async (tx) => {
    await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contact.id)).for("update");
    locked();
    await gate;
  });
  await holding;
  const running = Promise.all(calls.map((f) => f()));
  for (let i = 0; ; i++) {
    const [w] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (w!.n >= calls.length) break;
    if (i > 200) throw new Error("the calls never waited on the contact's lock");
    await new Promise((r) => setTimeout(r, 10));
  }
  release();
  await holder;
  return running;
}
