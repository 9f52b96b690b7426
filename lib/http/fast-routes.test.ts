import { decode } from "next-auth/jwt";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import type { Workspace } from "@/db/schema";
import { learnerCookieName } from "@/lib/auth/learner-session";
import { appUrl, authSecret } from "@/lib/env";
import { issueLearnerToken } from "@/lib/links/issue";
import { makeContact, makeWorkspace, secretOf } from "@/test/fixtures";
import { POST as nextRedeem } from "@/app/(portal)/p/[workspace]/auth/redeem/route";
import { fastRoute } from "./fast-routes";

// The production server's fast path, over real HTTP: what it answers itself and what it leaves to Next.
describe("fast routes (scripts/server.mjs)", () => {
  let ws: Workspace;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    ws = await makeWorkspace("fast");
    server = http.createServer((req, res) => {
      if (fastRoute(req, res)) return;
      res.writeHead(418).end("next");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: "POST", redirect: "manual", body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });

  it("redeems a one-time link exactly once under 20 concurrent posts, with Auth.js's session cookie", async () => {
    const c = await makeContact(ws, { password: "quiet harbor lanterns 42" });
    const { url } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send" }));
    const token = secretOf(url);
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(`/p/${ws.slug}/auth/redeem`, `token=${token}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(303));
    const signedIn = responses.filter((r) => r.headers.getSetCookie().length > 0);
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0]!.headers.get("location")).toBe(`${appUrl}/p/${ws.slug}`);
    const [cookie] = signedIn[0]!.headers.getSetCookie();
    expect(cookie).toMatch(new RegExp(`^${learnerCookieName}=[^;]+; Path=/; Expires=.+; Max-Age=2592000; HttpOnly; SameSite=Lax$`));
    const claims = await decode({ token: cookie!.split(";")[0]!.split("=")[1]!, secret: authSecret(), salt: learnerCookieName });
    expect(claims).toMatchObject({ sub: c.id, ws: ws.id, sv: c.sessionVersion });
    for (const r of responses.filter((r) => r !== signedIn[0])) expect(r.headers.get("location")).toBe(`${appUrl}/p/${ws.slug}/l/${token}`);
  });

  it("refuses cross-site posts and oversized bodies without using the link; leaves everything else to Next", async () => {
    const c = await makeContact(ws);
    const { url } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send" }));
    const token = secretOf(url);
    const evil = await post(`/p/${ws.slug}/auth/redeem`, `token=${token}`, { origin: "https://evil.test" });
    expect(evil.status).toBe(403);
    expect((await post(`/p/${ws.slug}/auth/redeem`, `token=${token}&pad=${"x".repeat(5000)}`)).status).toBe(413);
    expect((await post(`/p/Not%20a%20slug/auth/redeem`, `token=${token}`)).status).toBe(404);
    expect((await fetch(`${base}/p/${ws.slug}/auth/redeem`)).status).toBe(418); // GET: Next's
    expect((await post(`/p/${ws.slug}/auth/redeem/`, `token=${token}`)).status).toBe(418); // not this path: Next's
    // The link survived all of that; a learner without a password is sent to set one first.
    const ok = await post(`/p/${ws.slug}/auth/redeem`, `token=${token}`);
    expect(ok.headers.getSetCookie()).toHaveLength(1);
    expect(ok.headers.get("location")).toBe(`${appUrl}/p/${ws.slug}/welcome?next=${encodeURIComponent(`/p/${ws.slug}`)}`);
  });

  it("the Next route handler (next dev) answers the same way", async () => {
    const c = await makeContact(ws, { password: "quiet harbor lanterns 42" });
    const { url } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send" }));
    const call = (headers: Record<string, string> = {}) =>
      nextRedeem(new Request(`${appUrl}/p/${ws.slug}/auth/redeem`, { method: "POST", body: `token=${secretOf(url)}`, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } }), {
        params: Promise.resolve({ workspace: ws.slug }),
      });
    expect((await call({ origin: "https://evil.test" })).status).toBe(403);
    const first = await call();
    expect([first.status, first.headers.get("location"), first.headers.getSetCookie().length]).toEqual([303, `${appUrl}/p/${ws.slug}`, 1]);
    const again = await call();
    expect([again.status, again.headers.get("location"), again.headers.getSetCookie().length]).toEqual([303, `${appUrl}/p/${ws.slug}/l/${secretOf(url)}`, 0]);
  });
});
