import { and, eq } from "drizzle-orm";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { categories, contacts, groupMemberships, groups, lessonProgress, lessons, offerProducts, offers, products, workspaces, type Contact, type Workspace } from "@/db/schema";
import { grantOffer, revokeOffer } from "@/lib/access/grant-offer";
import { listGroupsForContact } from "@/lib/access/groups";
import { listProductsForContact } from "@/lib/access/products";
import { bumpSessionVersion } from "@/lib/auth/learner-passwords";
import { learnerCookieName, learnerSessionCookie } from "@/lib/auth/learner-session";
import { appUrl } from "@/lib/env";
import { makeContact, makeWorkspace, reload, request } from "@/test/fixtures";
import { fastRoute } from "./fast-routes";

/**
 * The production server's portal page cache over real HTTP, with a stand-in for Next that
 * renders what the portal home shows (workspace name, the learner's name, their courses with
 * progress, their groups) straight from the database, and counts its renders. Each kind of
 * write a portal page depends on must make the next request render again.
 */
describe("portal page cache (scripts/server.mjs)", () => {
  let ws: Workspace;
  let other: Workspace;
  let learner: Contact;
  let lessonId: string;
  let productId: string;
  let server: http.Server;
  let base: string;
  let renders = 0;
  /** What the stand-in for Next does on its next render, once (a page that writes, a redirect, a cookie). */
  let onRender: ((res: http.ServerResponse) => Promise<boolean | void>) | undefined;

  async function renderHome(_req: http.IncomingMessage, res: http.ServerResponse) {
    renders++;
    const once = onRender;
    onRender = undefined;
    if (once && (await once(res)) === true) return;
    const [w] = await db.select().from(workspaces).where(eq(workspaces.id, ws.id));
    const c = await reload(learner);
    const [courses, memberOf] = await Promise.all([listProductsForContact(ws.id, c.id), listGroupsForContact(ws.id, c.id)]);
    res.setHeader("cache-control", "private, no-cache, no-store, max-age=0, must-revalidate");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.write(`<h1>${w!.name}</h1><p>Welcome, ${c.firstName}</p>`);
    res.write(courses.map((p) => `<li>${p.title} ${p.completedCount}/${p.lessonCount}</li>`).join(""));
    res.end(`<ul>${memberOf.map((g) => `<li>${g.name}</li>`).join("")}</ul>`);
  }

  beforeAll(async () => {
    ws = await makeWorkspace("cache");
    other = await makeWorkspace("cache-other");
    learner = await makeContact(ws, { firstName: "Ada" });
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    const [p] = await db.insert(products).values({ workspaceId: ws.id, title: "Pottery", slug: "pottery", published: true }).returning();
    const [cat] = await db.insert(categories).values({ workspaceId: ws.id, productId: p!.id, title: "Basics", position: 0 }).returning();
    const [l] = await db.insert(lessons).values({ workspaceId: ws.id, categoryId: cat!.id, title: "Clay", body: "Clay.", position: 0 }).returning();
    await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: p!.id });
    lessonId = l!.id;
    productId = p!.id;
    server = http.createServer((req, res) => {
      if (fastRoute(req, res, renderHome)) return;
      void renderHome(req, res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    onRender = undefined;
  });

  const cookieOf = async (c: Contact) => `${learnerCookieName}=${(await learnerSessionCookie(await reload(c))).value}`;
  /** GET path; returns how it was answered ("hit" from the cache, "miss" rendered and kept, "next" left to Next alone), how many renders it took, and the page. */
  async function get(path: string, headers: Record<string, string> = {}) {
    const before = renders;
    // node:http rather than fetch, which would not send a Host header of our choosing; by default APP_URL's, as a browser there would.
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(`${base}${path}`, { headers: { host: new URL(appUrl).host, ...headers } }, resolve).on("error", reject));
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const how = res.headers["x-portico-cache"] ?? "next";
    return { how, rendered: renders - before, status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") };
  }

  it("serves a page again only to the same session, and renders again after every kind of write the page shows", async () => {
    const cookie = { cookie: await cookieOf(learner) };
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    const home = `/p/${ws.slug}`;
    const first = await get(home, cookie);
    expect(first).toMatchObject({ how: "miss", rendered: 1, status: 200 });
    expect(first.body).toContain("Pottery 0/1");
    const again = await get(home, cookie);
    expect(again).toMatchObject({ how: "hit", rendered: 0, status: 200, body: first.body });
    // Another session of the same learner has its own entry.
    expect(await get(home, { cookie: await cookieOf(learner) })).toMatchObject({ how: "miss", rendered: 1 });

    const changes: [string, () => Promise<unknown>, string][] = [
      ["product renamed", () => db.update(products).set({ title: "Ceramics" }).where(eq(products.id, productId)), "Ceramics 0/1"],
      ["lesson completed", () => db.insert(lessonProgress).values({ workspaceId: ws.id, contactId: learner.id, lessonId, completedAt: new Date() }), "Ceramics 1/1"],
      ["lesson added", async () => {
        const [cat] = await db.select().from(categories).where(eq(categories.productId, productId));
        await db.insert(lessons).values({ workspaceId: ws.id, categoryId: cat!.id, title: "Glaze", body: "Glaze.", position: 1 });
      }, "Ceramics 1/2"],
      ["joined a group", async () => {
        const [g] = await db.insert(groups).values({ workspaceId: ws.id, name: "Kiln club", slug: "kiln" }).returning();
        await db.insert(groupMemberships).values({ workspaceId: ws.id, groupId: g!.id, contactId: learner.id });
      }, "<li>Kiln club</li>"],
      ["group renamed", () => db.update(groups).set({ name: "Kiln society" }).where(eq(groups.workspaceId, ws.id)), "<li>Kiln society</li>"],
      ["workspace renamed", () => db.update(workspaces).set({ name: "Clay Academy" }).where(eq(workspaces.id, ws.id)), "<h1>Clay Academy</h1>"],
      ["learner renamed", () => db.update(contacts).set({ firstName: "Grace" }).where(eq(contacts.id, learner.id)), "Welcome, Grace"],
      ["product unpublished", () => db.update(products).set({ published: false }).where(eq(products.id, productId)), "<p>Welcome, Grace</p><ul>"],
      ["product republished", () => db.update(products).set({ published: true }).where(eq(products.id, productId)), "Ceramics 1/2"],
      ["offer revoked", () =>
        db.transaction((tx) => revokeOffer(tx, { workspace: ws, actor: { type: "system" }, request }, { contactId: learner.id, offerId: offer!.id })), "<p>Welcome, Grace</p><ul>"],
      // The grant's trigger leaves a contact row this transaction wrote already (migration 0018): that write's bump must be enough.
      ["offer granted after a write to the contact in the same transaction", () =>
        db.transaction(async (tx) => {
          await tx.update(contacts).set({ tags: ["regular"] }).where(eq(contacts.id, learner.id));
          await grantOffer(tx, { workspace: ws, actor: { type: "system" }, request }, { contactIds: [learner.id], offer: offer!, source: "admin", welcome: false });
        }), "Ceramics 1/2"],
    ];
    let previous = (await get(home, cookie)).body;
    for (const [what, change, shows] of changes) {
      await change();
      const after = await get(home, cookie);
      expect({ what, how: after.how, rendered: after.rendered }).toEqual({ what, how: "miss", rendered: 1 });
      expect(after.body, what).toContain(shows);
      expect(after.body, what).not.toBe(previous);
      expect(await get(home, cookie), what).toMatchObject({ how: "hit", body: after.body });
      previous = after.body;
    }

    // Writes that this learner's pages do not show leave the entry alone.
    const neighbour = await makeContact(ws);
    const [kiln] = await db.select().from(groups).where(eq(groups.workspaceId, ws.id));
    await db.insert(groupMemberships).values({ workspaceId: ws.id, groupId: kiln!.id, contactId: neighbour.id });
    await db.update(products).set({ title: "Elsewhere" }).where(eq(products.workspaceId, other.id));
    await db.update(workspaces).set({ name: "Other name" }).where(eq(workspaces.id, other.id));
    expect(await get(home, cookie)).toMatchObject({ how: "hit", body: previous });
  });

  it("never serves a session that has ended, and leaves everything it cannot vouch for to Next", async () => {
    const c = await makeContact(ws);
    const cookie = await cookieOf(c);
    const home = `/p/${ws.slug}`;
    await get(home, { cookie });
    expect(await get(home, { cookie })).toMatchObject({ how: "hit", rendered: 0 });
    // Sign out everywhere (also what a password change does): the very next request is Next's.
    await bumpSessionVersion(db, ws.id, c.id);
    expect(await get(home, { cookie })).toMatchObject({ how: "next", rendered: 1 });
    expect(await get(home, { cookie })).toMatchObject({ how: "next", rendered: 1 });

    const fresh = await cookieOf(c);
    const tampered = fresh.slice(0, -3) + (fresh.endsWith("AAA") ? "BBB" : "AAA");
    const notCached: [string, Record<string, string>][] = [
      [home, {}], // signed out
      [home, { cookie: `${learnerCookieName}=not-a-session` }],
      [home, { cookie: tampered }],
      [`/p/${other.slug}`, { cookie: fresh }], // another workspace's portal
      [`${home}?tab=1`, { cookie: fresh }],
      [`${home}/`, { cookie: fresh }],
      [`${home}/account`, { cookie: fresh }],
      [home, { cookie: fresh, rsc: "1" }], // client-side navigation payload
      [home, { cookie: fresh, host: "learn.acme.test" }], // custom domains go through proxy.ts
      [home, { cookie: fresh, host: base.slice("http://".length) }], // another host than APP_URL's: proxy.ts redirects it
      [home, { cookie: fresh, host: "localhost:3999" }],
    ];
    for (const [path, headers] of [...notCached, ...notCached]) expect(await get(path, headers), `${path} ${JSON.stringify(headers)}`).toMatchObject({ how: "next", rendered: 1 });

    // A preview session ends at its time even though nothing was written.
    const preview = `${learnerCookieName}=${(await learnerSessionCookie(await reload(c), { adminId: crypto.randomUUID(), seconds: 2 })).value}`;
    await get(home, { cookie: preview });
    expect(await get(home, { cookie: preview })).toMatchObject({ how: "hit" });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await get(home, { cookie: preview })).toMatchObject({ how: "next", rendered: 1 });
  });

  it("keeps only complete 200 pages without cookies, stamped with what was current before the render", async () => {
    const c = await makeContact(ws);
    const cookie = await cookieOf(c);
    const lesson = `/p/${ws.slug}/courses/pottery/${lessonId}`;
    // A render that redirects, or sets a cookie, is not kept.
    onRender = async (res) => {
      res.writeHead(307, { location: `/p/${ws.slug}/login` }).end();
      return true;
    };
    expect(await get(lesson, { cookie })).toMatchObject({ how: "miss", rendered: 1, status: 307 });
    onRender = async (res) => {
      res.setHeader("set-cookie", "x=1");
    };
    expect(await get(lesson, { cookie })).toMatchObject({ how: "miss", rendered: 1, status: 200 });
    // A page that writes while rendering (the lesson page records lesson_started): the entry
    // carries the versions read before the render, so the next request renders once more.
    onRender = async () => {
      await db.insert(lessonProgress).values({ workspaceId: ws.id, contactId: c.id, lessonId }).onConflictDoNothing();
    };
    expect(await get(lesson, { cookie })).toMatchObject({ how: "miss", rendered: 1 });
    expect(await get(lesson, { cookie })).toMatchObject({ how: "miss", rendered: 1 });
    expect(await get(lesson, { cookie })).toMatchObject({ how: "hit", rendered: 0 });
    expect((await db.select().from(lessonProgress).where(and(eq(lessonProgress.contactId, c.id), eq(lessonProgress.lessonId, lessonId)))).length).toBe(1);
  });
});
