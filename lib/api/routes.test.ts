/**
 * The /api/v1 write routes, offers, groups, links and events over real HTTP (issue 16), and for
 * every operation: a key without its scope gets 403, another workspace's ids get 404.
 */
import http from "node:http";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { apiIdempotency, authTokens, contacts, emailMessages, emailSuppressions, events, groupMemberships, groups, offerGrants, offerProducts, offers, products, type Contact, type Workspace } from "@/db/schema";
import { contactActivity } from "@/lib/contacts/activity";
import { apiBase, call } from "@/test/api-http";
import { makeContact, makeWorkspace, request, secretOf } from "@/test/fixtures";
import { createApiKey } from "./keys";
import type { Operation } from "./operation";
import { OPERATIONS } from "./operations";
import { accessOps } from "./ops/access";
import { webhookOps } from "./ops/webhooks";
import { contactOps } from "./ops/contacts";
import { SCOPE_NAMES, type Scope } from "./scopes";

const ctxOf = (workspace: Workspace) => ({ workspace, actor: { type: "system" as const }, request });
const keyFor = async (w: Workspace, scopes: Scope[] = [...SCOPE_NAMES]) => (await createApiKey(ctxOf(w), { name: "Routes", scopes })).key;

type World = { ws: Workspace; key: string; contact: Contact; offer: typeof offers.$inferSelect; product: typeof products.$inferSelect; group: typeof groups.$inferSelect };

async function world(slug: string): Promise<World> {
  const ws = await makeWorkspace(slug);
  const [offer] = await db.insert(offers).values({ workspaceId: ws.id, title: "Course Pass", slug: "course-pass", status: "published" }).returning();
  const [product] = await db.insert(products).values({ workspaceId: ws.id, title: "Photography 101", slug: "photo-101", published: true }).returning();
  await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: product!.id });
  const [group] = await db.insert(groups).values({ workspaceId: ws.id, name: "Insiders", slug: "insiders" }).returning();
  const contact = await makeContact(ws, { email: `someone@${slug}.example.com` });
  await db.update(contacts).set({ tags: ["vip"] }).where(eq(contacts.id, contact.id));
  return { ws, key: await keyFor(ws), contact, offer: offer!, product: product!, group: group! };
}

let a: World;
let b: World;
beforeAll(async () => {
  a = await world("routes-a");
  b = await world("routes-b");
});

const paramsOf = (w: World): Record<string, string> => ({ id: w.contact.id, offer: w.offer.id, tag: "vip", contact: w.contact.id });
/** Path params for an operation: `{id}` names the resource its path starts with. */
function params(op: Operation, w: World): Record<string, string> {
  const p = paramsOf(w);
  if (op.path.startsWith("/offers/")) p.id = w.offer.id;
  if (op.path.startsWith("/products/")) p.id = w.product.id;
  if (op.path.startsWith("/groups/")) p.id = w.group.id;
  return p;
}
const mine = OPERATIONS.filter((op) => op.tag !== "Webhooks");

describe("/api/v1 authorization on every operation", () => {
  it("a key without the operation's scope gets 403 and nothing changes", async () => {
    for (const op of mine) {
      const key = await keyFor(a.ws, SCOPE_NAMES.filter((s) => s !== op.scope));
      const r = await call(op, { key, params: params(op, a), query: op.path === "/contacts" && op.method === "PUT" ? { email: "x@example.com" } : undefined, body: op.method === "GET" ? undefined : {} });
      expect([op.id, r.status, r.body.detail]).toEqual([op.id, 403, expect.stringContaining(op.scope)]);
    }
    expect(await db.select().from(contacts).where(eq(contacts.email, "x@example.com"))).toEqual([]);
  });

  it("another workspace's ids are 404 on every operation that names one, and change nothing", async () => {
    const before = await db.select().from(offerGrants).where(eq(offerGrants.contactId, a.contact.id));
    for (const op of mine.filter((o) => o.path.includes("{"))) {
      const body = op.id === "grantOffer" ? { offer_id: b.offer.id } : op.id === "addGroupMember" ? { contact_id: b.contact.id } : op.method === "GET" ? undefined : {};
      const r = await call(op, { key: b.key, params: params(op, a), body });
      expect([op.id, r.status]).toEqual([op.id, 404]);
    }
    // Ids in the body: another workspace's offer is refused by name, its contact is 404.
    const foreignOffer = await call(accessOps.grantOffer, { key: a.key, params: { id: a.contact.id }, body: { offer_id: b.offer.id } });
    expect(foreignOffer).toMatchObject({ status: 422, body: { errors: { offer_id: "no such offer in this workspace" } } });
    expect((await call(accessOps.addGroupMember, { key: a.key, params: { id: a.group.id }, body: { contact_id: b.contact.id } })).status).toBe(404);
    const login = await call(accessOps.sendLoginEmails, { key: a.key, body: { contact_ids: [b.contact.id] } });
    expect(login.body.results).toEqual([{ contact_id: b.contact.id, status: "not_found", detail: "No such contact in this workspace." }]);
    expect(await db.select().from(offerGrants).where(eq(offerGrants.contactId, a.contact.id))).toEqual(before);
    expect(await db.select().from(groupMemberships).where(eq(groupMemberships.contactId, b.contact.id))).toEqual([]);
  });
});

describe("/api/v1 contacts", () => {
  it("upserts by email (201 then 200), updates, tags, and refuses bad fields with the dashboard's messages", async () => {
    const created = await call(contactOps.upsertContact, { key: a.key, query: { email: " New.Person@Example.com " }, body: { first_name: "Nia", phone: "+1 415 555 0123", tags: ["b", "a", "a"] } });
    expect(created).toMatchObject({ status: 201, body: { email: "new.person@example.com", first_name: "Nia", last_name: "", phone: "+14155550123", tags: ["a", "b"] } });
    const again = await call(contactOps.upsertContact, { key: a.key, query: { email: "new.person@example.com" }, body: { last_name: "Okafor" } });
    expect(again).toMatchObject({ status: 200, body: { id: created.body.id, first_name: "Nia", last_name: "Okafor", phone: "+14155550123" } });

    const patched = await call(contactOps.updateContact, { key: a.key, params: { id: created.body.id }, body: { phone: null, tags: ["vip"] } });
    expect(patched.body).toMatchObject({ phone: null, tags: ["vip"], first_name: "Nia" });
    const tagged = await call(contactOps.addTags, { key: a.key, params: { id: created.body.id }, body: { tags: ["alumni", "vip"] } });
    expect(tagged.body.tags).toEqual(["alumni", "vip"]);
    const untagged = await call(contactOps.removeTag, { key: a.key, params: { id: created.body.id, tag: "vip" } });
    expect(untagged.body.tags).toEqual(["alumni"]);
    const types = (await db.select({ type: events.type, data: events.data }).from(events).where(eq(events.contactId, created.body.id))).map((e) => `${e.type}:${(e.data as { tag?: string }).tag ?? ""}`);
    expect(types).toEqual(expect.arrayContaining(["tag_added:a", "tag_added:b", "tag_removed:a", "tag_removed:b", "tag_added:vip", "tag_added:alumni", "tag_removed:vip"]));

    const bad = await call(contactOps.updateContact, { key: a.key, params: { id: created.body.id }, body: { phone: "12", first_name: "x".repeat(101), email: "other@example.com" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["body", "first_name", "phone"]); // "email" is not a field: the email is the contact's identity
    expect((await call(contactOps.upsertContact, { key: a.key, query: { email: "not-an-email" }, body: {} })).body.errors).toEqual({ email: "Enter a valid email address." });
    expect((await call(contactOps.upsertContact, { key: a.key, query: { email: "a@example.com" }, body: "{nope" })).status).toBe(400);
    expect((await call(contactOps.upsertContact, { key: a.key, query: { email: "a@example.com" }, body: "{}", headers: { "content-type": "text/plain" } })).status).toBe(415);
  });

  it("lists a contact's grants and filters contacts by offer", async () => {
    const grants = await call(contactOps.listGrants, { key: a.key, params: { id: a.contact.id } });
    expect(grants.body.data).toEqual([expect.objectContaining({ contact_id: a.contact.id, offer_title: "All access", active: true, source: "admin" })]);
    const byOffer = await call(contactOps.listContacts, { key: a.key, query: { offer: grants.body.data[0].offer_id } });
    expect(byOffer.body.data.map((c: Contact) => c.id)).toContain(a.contact.id);
    expect((await call(contactOps.listContacts, { key: a.key, query: { offer: a.offer.id } })).body.data).toEqual([]);
  });
});

describe("/api/v1 access", () => {
  it("grants an offer (201 new, 200 already active, welcome email as asked), revokes it (200, then 404)", async () => {
    const c = await makeContact(a.ws, { access: false });
    const first = await call(accessOps.grantOffer, { key: a.key, params: { id: c.id }, body: { offer_id: a.offer.id } });
    expect(first).toMatchObject({ status: 201, body: { created: true, welcome_email_queued: true, grant: { offer_id: a.offer.id, contact_id: c.id, active: true, source: "api" } } });
    const second = await call(accessOps.grantOffer, { key: a.key, params: { id: c.id }, body: { offer_id: a.offer.id } });
    expect(second).toMatchObject({ status: 200, body: { created: false, welcome_email_queued: false, grant: { id: first.body.grant.id } } });
    expect((await db.select().from(emailMessages).where(eq(emailMessages.toEmail, c.email))).map((m) => m.template)).toEqual(["welcome"]);

    // The contact's activity names the key that did it.
    const activity = await contactActivity(a.ws.id, c.id);
    expect(activity.find((i) => i.kind === "audit" && i.title === "Offer: granted")?.by).toMatch(/^by API key Routes \(pk_.{8}…\)/);

    const revoked = await call(accessOps.revokeOffer, { key: a.key, params: { id: c.id, offer: a.offer.id } });
    expect(revoked).toMatchObject({ status: 200, body: { revoked: true, removed_product_ids: [a.product.id] } });
    expect((await call(accessOps.revokeOffer, { key: a.key, params: { id: c.id, offer: a.offer.id } })).body).toMatchObject({ status: 404, detail: "This contact has no active grant of that offer." });

    const quiet = await makeContact(a.ws, { access: false });
    const noMail = await call(accessOps.grantOffer, { key: a.key, params: { id: quiet.id }, body: { offer_id: a.offer.id, send_welcome_email: false } });
    expect(noMail).toMatchObject({ status: 201, body: { welcome_email_queued: false } });
    expect(await db.select().from(emailMessages).where(eq(emailMessages.toEmail, quiet.email))).toEqual([]);
    expect((await call(accessOps.grantOffer, { key: a.key, params: { id: quiet.id }, body: { offer_id: "nope", extra: 1 } })).body.errors).toMatchObject({ offer_id: expect.any(String), body: expect.any(String) });
  });

  it("lists and gets offers and products; adds to and removes from a group", async () => {
    const list = await call(accessOps.listOffers, { key: a.key });
    expect(list.body.data.map((o: { title: string }) => o.title)).toEqual(["All access", "Course Pass"]);
    expect((await call(accessOps.getOffer, { key: a.key, params: { id: a.offer.id } })).body).toMatchObject({ id: a.offer.id, product_ids: [a.product.id], status: "published", price_cents: 0 });
    expect((await call(accessOps.listProducts, { key: a.key })).body.data).toEqual([expect.objectContaining({ id: a.product.id, title: "Photography 101", published: true })]);
    expect((await call(accessOps.getProduct, { key: a.key, params: { id: a.product.id } })).body.slug).toBe("photo-101");
    expect((await call(accessOps.listGroups, { key: a.key })).body.data).toEqual([expect.objectContaining({ id: a.group.id, name: "Insiders" })]);

    const add = () => call(accessOps.addGroupMember, { key: a.key, params: { id: a.group.id }, body: { contact_id: a.contact.id } });
    expect((await add()).body).toEqual({ group_id: a.group.id, contact_id: a.contact.id, member: true, changed: true });
    expect((await add()).body.changed).toBe(false);
    const remove = () => call(accessOps.removeGroupMember, { key: a.key, params: { id: a.group.id, contact: a.contact.id } });
    expect((await remove()).body).toEqual({ group_id: a.group.id, contact_id: a.contact.id, member: false, changed: true });
    expect((await remove()).body.changed).toBe(false);
    const joined = await db.select().from(events).where(and(eq(events.contactId, a.contact.id), eq(events.type, "group_joined")));
    expect(joined).toHaveLength(1);
  });
});

describe("/api/v1 links and events", () => {
  it("makes a magic link with a lifetime in range and a checked destination; refuses what the dashboard refuses", async () => {
    const made = await call(accessOps.createMagicLink, { key: a.key, params: { id: a.contact.id }, body: { expires_in_hours: 2, destination: "courses" } });
    expect(made).toMatchObject({ status: 201, body: { emailed: false, destination: `/p/${a.ws.slug}/courses` } });
    expect(made.headers.get("cache-control")).toBe("no-store");
    const ms = Date.parse(made.body.expires_at) - Date.now();
    expect(ms).toBeGreaterThan(1.9 * 3600_000);
    expect(ms).toBeLessThanOrEqual(2 * 3600_000);
    const [token] = await db.select().from(authTokens).where(and(eq(authTokens.contactId, a.contact.id), eq(authTokens.kind, "learner_magic_link"), isNull(authTokens.revokedAt)));
    expect(token).toMatchObject({ issuedVia: "api", destination: "courses" });
    expect(token!.tokenHash).not.toContain(secretOf(made.body.url));

    const bad = await call(accessOps.createMagicLink, { key: a.key, params: { id: a.contact.id }, body: { expires_in_hours: 24 * 31, destination: "https://evil.example/" } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual({ expires_in_hours: "between 1 and 720 hours", destination: expect.stringContaining(`/p/${a.ws.slug}/courses`) });
    const foreignPath = await call(accessOps.createMagicLink, { key: a.key, params: { id: a.contact.id }, body: { destination: `/p/${b.ws.slug}/courses` } });
    expect(foreignPath.status).toBe(422);
    const nobody = await makeContact(a.ws, { access: false });
    expect((await call(accessOps.createMagicLink, { key: a.key, params: { id: nobody.id }, body: {} })).body).toMatchObject({ status: 409, detail: expect.stringContaining("no active offer") });
  });

  it("sends login emails with a result per recipient", async () => {
    const ok = await makeContact(a.ws);
    const none = await makeContact(a.ws, { access: false });
    const bounced = await makeContact(a.ws);
    await db.insert(emailSuppressions).values({ workspaceId: a.ws.id, email: bounced.email, reason: "bounce" });
    const r = await call(accessOps.sendLoginEmails, { key: a.key, body: { contact_ids: [ok.id, none.id, bounced.id, "00000000-0000-4000-8000-000000000000"] } });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(["queued", "no_access", "suppressed", "not_found"]);
    expect((await db.select().from(emailMessages).where(eq(emailMessages.toEmail, ok.email))).map((m) => m.template)).toEqual(["login_link"]);
    const many = await call(accessOps.sendLoginEmails, { key: a.key, body: { contact_ids: Array.from({ length: 101 }, () => ok.id) } });
    expect(many.body.errors).toEqual({ contact_ids: "At most 100 contacts per request." });
  });

  it("reads the event log after a cursor, in seq order, without the internal cause", async () => {
    const w = await world("routes-events");
    const first = await call(accessOps.listEvents, { key: w.key, query: { limit: 100 } });
    const cursor = first.body.next as string; // "0" on a new workspace: read from the start
    const c = await makeContact(w.ws, { access: false });
    await call(accessOps.grantOffer, { key: w.key, params: { id: c.id }, body: { offer_id: w.offer.id, send_welcome_email: false } });
    const after = await call(accessOps.listEvents, { key: w.key, query: { after: cursor } });
    expect(after.body.data.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["offer_access_granted", "product_access_granted"]));
    expect(after.body.data.every((e: { seq: number }) => e.seq > Number(cursor))).toBe(true);
    const again = await call(accessOps.listEvents, { key: w.key, query: { after: after.body.next } });
    expect(again.body).toEqual({ data: [], next: after.body.next }); // nothing new: the cursor stays
    expect((await call(accessOps.listEvents, { key: a.key, query: { after: cursor } })).body.data.some((e: { contact_id: string }) => e.contact_id === c.id)).toBe(false);
  });
});

describe("/api/v1 on the production server's fast path", () => {
  it("answers an unknown path 404, a known path with another method 405, a body over 256 kB 413, all as problem+json", async () => {
    const base = await apiBase();
    const auth = { authorization: `Bearer ${a.key}` };
    const unknown = await fetch(`${base}/api/v1/nothing-here`, { headers: auth });
    expect([unknown.status, unknown.headers.get("content-type")]).toEqual([404, "application/problem+json"]);
    expect((await fetch(`${base}/api/v1/offers`, { method: "DELETE", headers: auth })).status).toBe(405);
    const big = await fetch(`${base}/api/v1/contacts/${a.contact.id}/tags`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ tags: ["x".repeat(300 * 1024)] }) });
    expect(big.status).toBe(413);
    // Cursors PostgreSQL would refuse as times are "not a cursor", not a failed query.
    for (const forged of ["1", "Feb 30 2026", "2026-02-30T00:00:00.000000Z"]) {
      const r = await call(contactOps.listContacts, { key: a.key, query: { after: Buffer.from(`${forged}|${a.contact.id}`).toString("base64url") } });
      expect([forged, r.status, r.body.errors]).toEqual([forged, 422, { after: "not a cursor this API returned" }]);
    }
    // The handler sees the path it was sent, whatever the Host header says.
    const hosted = await new Promise<number>((resolve, reject) => {
      const u = new URL(base);
      const r = http.request({ host: u.hostname, port: u.port, path: "/api/v1/offers", headers: { ...auth, host: "a b/x?y#" } }, (res) => (res.resume(), resolve(res.statusCode!)));
      r.on("error", reject).end();
    });
    expect(hosted).toBe(200);
    const ok = await fetch(`${base}/api/v1/offers`, { headers: auth });
    expect([ok.status, ok.headers.get("cache-control"), ok.headers.get("x-content-type-options")]).toEqual([200, "no-store", "nosniff"]);
  });
});

describe("/api/v1 Idempotency-Key", () => {
  it("replays the first answer for the same key and body, 422 for another body, and does nothing twice", async () => {
    const c = await makeContact(a.ws, { access: false });
    const send = (body: unknown, key = "grant-once-1") => call(accessOps.grantOffer, { key: a.key, params: { id: c.id }, body, headers: { "idempotency-key": key } });
    const [x, y] = await Promise.all([send({ offer_id: a.offer.id }), send({ offer_id: a.offer.id })]);
    // At once: one runs, the other is told it is in progress (or, if it came second, gets the replay).
    expect([x.status, y.status].sort()).toEqual(expect.arrayContaining([201]));
    const replay = await send({ offer_id: a.offer.id });
    expect(replay).toMatchObject({ status: 201, body: { created: true } });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("ratelimit-limit")).toBe("600");
    const other = await send({ offer_id: a.offer.id, send_welcome_email: false });
    expect(other).toMatchObject({ status: 422, body: { title: "Idempotency-Key reused" } });
    expect(await db.select().from(offerGrants).where(eq(offerGrants.contactId, c.id))).toHaveLength(1);
    expect((await db.select().from(emailMessages).where(eq(emailMessages.toEmail, c.email))).length).toBe(1);
    // Errors are answered again too; a fresh key runs anew.
    const missing = await call(accessOps.revokeOffer, { key: a.key, params: { id: c.id, offer: a.product.id }, headers: { "idempotency-key": "rv-1" } });
    expect(missing.status).toBe(404);
    expect((await call(accessOps.revokeOffer, { key: a.key, params: { id: c.id, offer: a.product.id }, headers: { "idempotency-key": "rv-1" } })).headers.get("idempotent-replayed")).toBe("true");
    expect((await send({ offer_id: a.offer.id }, "grant-once-2")).status).toBe(200);
    expect((await send({ offer_id: a.offer.id }, "bad key with spaces")).status).toBe(422);
  });

  it("keeps answers sealed (a magic link's URL, a webhook secret), replays a 204, and does not keep a 409 or 415", async () => {
    const link = await call(accessOps.createMagicLink, { key: a.key, params: { id: a.contact.id }, body: {}, headers: { "idempotency-key": "ml-1" } });
    const hook = await call(webhookOps.createEndpoint, { key: a.key, body: { url: "https://hooks.example.com/portico", event_types: ["contact.created"] }, headers: { "idempotency-key": "wh-1" } });
    expect([link.status, hook.status]).toEqual([201, 201]);
    const stored = JSON.stringify(await db.select().from(apiIdempotency).where(eq(apiIdempotency.workspaceId, a.ws.id)));
    expect(stored).not.toContain(secretOf(link.body.url));
    expect(stored).not.toContain(hook.body.secret);
    expect((await call(accessOps.createMagicLink, { key: a.key, params: { id: a.contact.id }, body: {}, headers: { "idempotency-key": "ml-1" } })).body.url).toBe(link.body.url);

    const del = () => call(webhookOps.deleteEndpoint, { key: a.key, params: { id: hook.body.id }, headers: { "idempotency-key": "wh-del-1" } });
    expect((await del()).status).toBe(204);
    const again = await del();
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([204, "true"]);

    const nobody = await makeContact(a.ws, { access: false });
    const refused = () => call(accessOps.createMagicLink, { key: a.key, params: { id: nobody.id }, body: {}, headers: { "idempotency-key": "ml-409" } });
    expect((await refused()).status).toBe(409);
    await db.insert(offerGrants).values({ workspaceId: a.ws.id, contactId: nobody.id, offerId: a.offer.id, source: "admin" });
    expect((await refused()).status).toBe(201); // told to try again, it did: the 409 was not kept
  });

  it("after a first request died unanswered: a grant with the same key runs again, a magic link is not minted twice", async () => {
    const c = await makeContact(a.ws, { access: false });
    const grant = () => call(accessOps.grantOffer, { key: a.key, params: { id: c.id }, body: { offer_id: a.offer.id }, headers: { "idempotency-key": "died-grant" } });
    const mint = () => call(accessOps.createMagicLink, { key: a.key, params: { id: a.contact.id }, body: {}, headers: { "idempotency-key": "died-link" } });
    // What a process killed mid-request leaves: a claim without an answer.
    const died = (key: string) =>
      db
        .update(apiIdempotency)
        .set({ status: null, response: null, createdAt: new Date(Date.now() - 6 * 60_000) })
        .where(and(eq(apiIdempotency.workspaceId, a.ws.id), eq(apiIdempotency.key, key)));
    expect((await grant()).status).toBe(201);
    await died("died-grant");
    expect(await grant()).toMatchObject({ status: 200, body: { created: false } }); // run again: the grant is there once
    expect(await db.select().from(offerGrants).where(eq(offerGrants.contactId, c.id))).toHaveLength(1);
    const tokens = async () => (await db.select().from(authTokens).where(eq(authTokens.contactId, a.contact.id))).length;
    expect((await mint()).status).toBe(201);
    const minted = await tokens();
    await died("died-link");
    const refused = await mint();
    expect(refused).toMatchObject({ status: 422, body: { title: "Interrupted request", errors: { "Idempotency-Key": "its first request was interrupted" } } });
    expect((await mint()).status).toBe(422); // and so on, until the key expires
    expect(await tokens()).toBe(minted);
  });
});
