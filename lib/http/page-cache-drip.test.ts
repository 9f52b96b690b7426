import { eq } from "drizzle-orm";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { categories, lessons, offerProducts, offers, products, type Contact, type Workspace } from "@/db/schema";
import { learnerCookieName, learnerSessionCookie } from "@/lib/auth/learner-session";
import { openCourse } from "@/lib/courses/learner";
import { appUrl } from "@/lib/env";
import { makeContact, makeWorkspace, reload } from "@/test/fixtures";
import { fastRoute } from "./fast-routes";

/**
 * A drip lesson opens by time, with no write to bump a portal version: the cached page that
 * showed it locked must not be served once it has opened. The stand-in for Next renders the
 * course page's lock state from the database.
 */
describe("portal page cache and drip", () => {
  let ws: Workspace;
  let learner: Contact;
  let lessonId: string;
  let server: http.Server;
  let base: string;
  let renders = 0;

  beforeAll(async () => {
    ws = await makeWorkspace("cache-drip");
    learner = await makeContact(ws);
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    const [p] = await db.insert(products).values({ workspaceId: ws.id, title: "Pottery", slug: "pottery", published: true }).returning();
    await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: p!.id });
    const [cat] = await db.insert(categories).values({ workspaceId: ws.id, productId: p!.id, title: "Basics", position: 0 }).returning();
    const [l] = await db.insert(lessons).values({ workspaceId: ws.id, categoryId: cat!.id, title: "Clay", position: 0 }).returning();
    lessonId = l!.id;
    const render = async (_req: http.IncomingMessage, res: http.ServerResponse) => {
      renders++;
      const course = await openCourse(await reload(learner), "pottery");
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(course!.lockedUntil.has(lessonId) ? "<p>Clay: locked</p>" : "<p>Clay: open</p>");
    };
    server = http.createServer((req, res) => {
      if (fastRoute(req, res, render)) return;
      void render(req, res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function get(path: string, cookie: string) {
    const before = renders;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(`${base}${path}`, { headers: { host: new URL(appUrl).host, cookie } }, resolve).on("error", reject));
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return { how: res.headers["x-portico-cache"] ?? "next", rendered: renders - before, body: Buffer.concat(chunks).toString("utf8") };
  }

  it("serves a page that shows a lock only until the lock's time, then renders it again (open)", async () => {
    const cookie = `${learnerCookieName}=${(await learnerSessionCookie(await reload(learner))).value}`;
    const path = `/p/${ws.slug}/courses/pottery`;
    const opens = new Date(Date.now() + 1500);
    await db.update(lessons).set({ dripDate: opens }).where(eq(lessons.id, lessonId));

    expect(await get(path, cookie)).toMatchObject({ how: "miss", rendered: 1, body: "<p>Clay: locked</p>" });
    expect(await get(path, cookie)).toMatchObject({ how: "hit", rendered: 0, body: "<p>Clay: locked</p>" });
    await new Promise((r) => setTimeout(r, Math.max(0, opens.getTime() - Date.now()) + 50));
    expect(await get(path, cookie)).toMatchObject({ how: "miss", rendered: 1, body: "<p>Clay: open</p>" });
    // Nothing else ahead: served from memory again.
    expect(await get(path, cookie)).toMatchObject({ how: "hit", rendered: 0, body: "<p>Clay: open</p>" });
  });
});
