import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { authTokens, workspaces, type Workspace } from "@/db/schema";
import { fastRoute } from "@/lib/http/fast-routes";
import { appUrl } from "@/lib/env";
import { issueLearnerToken } from "@/lib/links/issue";
import { hashSecret } from "@/lib/links/secret";
import { proxy } from "@/proxy";
import { makeContact, makeWorkspace, secretOf } from "@/test/fixtures";
import { GET as health } from "@/app/api/health/route";
import { POST as nextCode } from "@/app/(portal)/p/[workspace]/auth/code/route";
import { POST as nextRedeem } from "@/app/(portal)/p/[workspace]/auth/redeem/route";
import { getWorkspaceBySlug } from "./workspaces";

const OWN = new URL(appUrl).host;

/**
 * What each Host may reach, over real HTTP through the production server's front: the fast
 * routes, then proxy.ts (the real function, as Next calls it), then the app. The app is Next's
 * real route handlers for the API and the portal's POSTs; for pages, a stand-in that does what
 * the portal layout does (the workspace lookup for the request's Host) and otherwise answers
 * 200 with the path, as the dashboard, setup and dev mailbox pages would on Portico's own host.
 */
describe("custom domains and other hosts (proxy.ts, workspace lookup, fast routes)", () => {
  let server: http.Server;
  let port: number;
  /** The same front without the production server's fast routes, as under `next start`, with Next on APP_URL's host and port. */
  let bare: http.Server;
  let barePort: number;
  let mine: Workspace;
  let other: Workspace;
  let unverified: Workspace;
  const domain = `learn-${randomBytes(3).toString("hex")}.example.com`;
  const otherDomain = `academy-${randomBytes(3).toString("hex")}.example.org`;
  const pendingDomain = `pending-${randomBytes(3).toString("hex")}.example.net`;

  async function app(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, nextOrigin: string) {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    // As Next calls the proxy: the URL is on Next's own hostname and port whatever the Host header says.
    const out = proxy(new NextRequest(`${nextOrigin}${req.url}`, { method: req.method, headers }));
    const url = `http://${req.headers.host}${req.url}`;
    const rewrite = out.headers.get("x-middleware-rewrite");
    if (!rewrite && !out.headers.get("x-middleware-next")) return send(res, out);
    const path = rewrite ? new URL(rewrite).pathname : new URL(url).pathname;
    const portal = /^\/p\/([^/]+)(\/.*)?$/.exec(path);
    const request = new Request(url, { method: req.method, headers, body: req.method === "POST" ? new Uint8Array(body) : undefined });
    const params = { params: Promise.resolve({ workspace: decodeURIComponent(portal?.[1] ?? "") }) };
    if (path === "/api/health") return send(res, await health());
    if (portal && req.method === "POST" && portal[2] === "/auth/redeem") return send(res, await nextRedeem(request, params));
    if (portal && req.method === "POST" && portal[2] === "/auth/code") return send(res, await nextCode(request, params));
    if (portal) {
      const workspace = await getWorkspaceBySlug(decodeURIComponent(portal[1]!), req.headers.host ?? null);
      if (!workspace) return void res.writeHead(404).end("This page could not be found.");
      return void res.writeHead(200, { "content-type": "text/html" }).end(`<h1>Sign in to your portal</h1><p>${workspace.name}</p><p>${portal[2] ?? "/"}</p>`);
    }
    res.writeHead(200).end(`app:${path}`);
  }

  async function send(res: http.ServerResponse, r: Response) {
    res.writeHead(r.status, Object.fromEntries([...r.headers].filter(([k]) => !k.startsWith("x-middleware"))));
    res.end(Buffer.from(await r.arrayBuffer()));
  }

  /** A request to our server with the Host header of our choosing. */
  function call(host: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string; port?: number } = {}) {
    return new Promise<{ status: number; body: string; location?: string; refresh?: string }>((resolve, reject) => {
      const method = opts.method ?? (opts.body === undefined ? "GET" : "POST");
      const req = http.request({ host: "127.0.0.1", port: opts.port ?? port, path, method, headers: { host, ...(opts.body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }), ...opts.headers } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body, location: res.headers.location, ...(res.headers.refresh ? { refresh: String(res.headers.refresh) } : {}) }));
      });
      req.on("error", reject);
      req.end(opts.body);
    });
  }

  beforeAll(async () => {
    [mine, other, unverified] = [await makeWorkspace("dom-mine"), await makeWorkspace("dom-other"), await makeWorkspace("dom-pending")];
    const verifiedAt = new Date();
    await db.update(workspaces).set({ customDomain: domain, customDomainToken: "t1", customDomainVerifiedAt: verifiedAt }).where(eq(workspaces.id, mine.id));
    await db.update(workspaces).set({ customDomain: otherDomain, customDomainToken: "t2", customDomainVerifiedAt: verifiedAt }).where(eq(workspaces.id, other.id));
    await db.update(workspaces).set({ customDomain: pendingDomain, customDomainToken: "t3" }).where(eq(workspaces.id, unverified.id));
    const front = (fast: boolean, nextOrigin: () => string) =>
      http.createServer(async (req, res) => {
        if (fast && fastRoute(req, res)) return;
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        await app(req, res, Buffer.concat(chunks), nextOrigin()).catch((err) => res.writeHead(500).end(String(err)));
      });
    server = front(true, () => `http://localhost:${port}`);
    bare = front(false, () => new URL(appUrl).origin);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    barePort = (bare.address() as AddressInfo).port;
  });
  afterAll(() => Promise.all([server, bare].map((s) => new Promise<void>((r) => s.close(() => r())))));

  it("an unverified or unknown domain serves no portal at all", async () => {
    for (const host of [pendingDomain, "nobody.example.net", `${pendingDomain}:8443`]) {
      for (const path of ["/", "/login", `/p/${unverified.slug}/login`, `/p/${pendingDomain}/login`, `/p/${mine.slug}/login`]) {
        expect({ host, path, status: (await call(host, path)).status }).toEqual({ host, path, status: 404 });
      }
    }
    // The same workspace on Portico's own address is fine.
    expect(await call(OWN, `/p/${unverified.slug}/login`)).toMatchObject({ status: 200, body: expect.stringContaining(unverified.name) });
  });

  it("a verified domain serves its workspace's portal at / and at /p/{slug}, with the health check", async () => {
    for (const [path, page] of [["/", "/"], ["/login", "/login"], [`/p/${mine.slug}/login`, "/login"], [`/p/${domain}/login`, "/login"], ["/courses/pottery", "/courses/pottery"]]) {
      const r = await call(domain, path!);
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
      expect(r.body).toBe(`<h1>Sign in to your portal</h1><p>${mine.name}</p><p>${page}</p>`);
    }
    expect(await call(`${domain.toUpperCase()}:443`, "/login")).toMatchObject({ status: 200, body: expect.stringContaining(mine.name) });
    expect(await call(domain, "/api/health")).toMatchObject({ status: 200, body: '{"ok":true}' });
  });

  it("a verified domain never serves the dashboard, setup, the dev mailbox, the API or another workspace", async () => {
    const refused = ["/admin/login", "/admin", `/admin/${mine.slug}/settings`, "/setup", "/dev/mailbox", "/api/webhooks/resend", "/api/auth/admin/session", `/p/${other.slug}/login`, `/p/${other.slug}`, `/p/${otherDomain}/login`, `/p/${unverified.slug}/login`];
    for (const path of refused) expect({ path, status: (await call(domain, path)).status }).toEqual({ path, status: 404 });
    // On Portico's own address those paths are the app's.
    for (const path of ["/admin/login", "/setup", "/dev/mailbox"]) expect(await call(OWN, path)).toEqual({ status: 200, body: `app:${path}` });
    expect((await call(OWN, `/p/${other.slug}/login`)).status).toBe(200);

    // The portal's POSTs of another workspace are refused on this domain too (fast path or Next's handler), and use nothing.
    const c = await makeContact(other);
    const { url } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: other, contact: c, kind: "login_link", via: "admin_send" }));
    const token = secretOf(url);
    expect((await call(domain, `/p/${other.slug}/auth/redeem`, { body: `token=${token}` })).status).toBe(404);
    expect((await call(domain, `/p/${other.slug}/auth/code`, { body: `email=${encodeURIComponent(c.email)}&code=123456` })).status).toBe(404);
    const [row] = await db.select().from(authTokens).where(eq(authTokens.tokenHash, hashSecret(token)));
    expect([row!.usedAt, row!.useCount]).toEqual([null, 0]);
    // The link still works where it belongs; on its own verified domain Next's handler takes it.
    const mineContact = await makeContact(mine);
    const own = await db.transaction((tx) => issueLearnerToken(tx, { workspace: mine, contact: mineContact, kind: "login_link", via: "admin_send" }));
    expect((await call(domain, `/p/${mine.slug}/auth/redeem`, { body: `token=${secretOf(own.url)}` })).status).toBe(303);
    expect((await call(OWN, `/p/${other.slug}/auth/redeem`, { body: `token=${token}` })).status).toBe(303);
    expect((await db.select().from(authTokens).where(eq(authTokens.tokenHash, hashSecret(token))))[0]!.useCount).toBe(1);
  });

  it("the portal's forms work on its verified domain: same-origin there, redirects stay there; other origins are refused", async () => {
    const c = await makeContact(mine);
    const here = `http://${domain}`;
    const { url } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: mine, contact: c, kind: "login_link", via: "admin_send" }));
    const wrongCode = await call(domain, `/p/${mine.slug}/auth/code`, { body: `email=${encodeURIComponent(c.email)}&code=000000`, headers: { origin: here } });
    expect(wrongCode.status).toBe(303);
    expect(wrongCode.location?.startsWith(`${here}/p/${mine.slug}/login/code?`)).toBe(true);
    for (const origin of [new URL(appUrl).origin, `http://${otherDomain}`, "null"]) {
      expect((await call(domain, `/p/${mine.slug}/auth/redeem`, { body: `token=${secretOf(url)}`, headers: { origin } })).status).toBe(403);
    }
    const redeemed = await call(domain, `/p/${mine.slug}/auth/redeem`, { body: `token=${secretOf(url)}`, headers: { origin: here } });
    expect([redeemed.status, redeemed.location]).toEqual([303, `${here}/p/${mine.slug}/welcome?next=${encodeURIComponent(`/p/${mine.slug}`)}`]);
    // On Portico's own address, the same workspace's forms redirect to APP_URL, whatever Host says it is.
    const own = await call(OWN, `/p/${mine.slug}/auth/code`, { body: `email=${encodeURIComponent(c.email)}&code=000000` });
    expect(own.location?.startsWith(`${new URL(appUrl).origin}/p/${mine.slug}/login/code?`)).toBe(true);
  });

  it("only the Host header counts: forwarded or made-up headers do not make a host serve a portal", async () => {
    const forged = { "x-forwarded-host": domain, forwarded: `host=${domain}`, "x-portico-custom-host": domain, "x-original-host": domain };
    expect((await call("nobody.example.net", "/login", { headers: forged })).status).toBe(404);
    expect((await call(pendingDomain, "/login", { headers: forged })).status).toBe(404);
    expect(await call(OWN, "/", { headers: forged })).toEqual({ status: 200, body: "app:/" });
    expect((await call(OWN, `/p/${domain}/login`, { headers: forged })).status).toBe(404);
    // On a verified domain, a forged header cannot reach another workspace or the dashboard.
    expect((await call(domain, `/p/${other.slug}/login`, { headers: { "x-forwarded-host": otherDomain } })).status).toBe(404);
    expect((await call(domain, "/admin/login", { headers: { "x-forwarded-host": OWN } })).status).toBe(404);
  });

  it("a browser's page loads on another host than APP_URL's (an IP, another port) go to APP_URL; the API, scripts and posts do not", async () => {
    const origin = new URL(appUrl).origin;
    const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
    for (const host of [`127.0.0.1:${port}`, "localhost:3999", `[::1]:${port}`, "portico"]) {
      expect(await call(host, `/p/${mine.slug}/login?error=oidc`, { headers: browser })).toMatchObject({ status: 307, location: `${origin}/p/${mine.slug}/login?error=oidc` });
      expect(await call(host, "/admin/login", { method: "HEAD", headers: { "sec-fetch-dest": "document" } })).toMatchObject({ status: 307, location: `${origin}/admin/login` });
      expect(await call(host, "//evil.test/x", { headers: browser })).toMatchObject({ status: 307, location: `${origin}//evil.test/x` });
      expect(await call(host, "/api/health", { headers: browser })).toMatchObject({ status: 200, body: '{"ok":true}' });
      expect(await call(host, `/p/${mine.slug}/login`, { headers: { accept: "*/*" } })).toMatchObject({ status: 200 }); // curl, scripts
      expect(await call(host, `/p/${mine.slug}/login`, { headers: { ...browser, "sec-fetch-dest": "empty" } })).toMatchObject({ status: 200 }); // fetch()
      // Forwarded by a reverse proxy that names APP_URL's host: already at the right address (redirecting would loop).
      expect(await call(host, `/p/${mine.slug}/login`, { headers: { ...browser, "x-forwarded-host": OWN } })).toMatchObject({ status: 200 });
      expect(await call(host, `/p/${mine.slug}/login`, { headers: { ...browser, "x-forwarded-host": "elsewhere.test" } })).toMatchObject({ status: 307 });
      expect((await call(host, `/p/${mine.slug}/auth/code`, { body: "email=a%40example.com&code=1", headers: browser })).status).toBe(303);
    }
    expect((await call(OWN, `/p/${mine.slug}/login`, { headers: browser })).status).toBe(200);

    // Without the production server in front, proxy.ts redirects; where Next would make its Location relative
    // (Next runs on APP_URL's host and port) it answers a page that sends the browser on instead.
    const bareLoad = await call(`127.0.0.1:${barePort}`, `/p/${mine.slug}/login?x=1`, { headers: browser, port: barePort });
    expect(bareLoad).toMatchObject({ status: 200, refresh: `0;url=${origin}/p/${mine.slug}/login?x=1`, body: expect.stringContaining(`<a href="${origin}/p/${mine.slug}/login?x=1">`) });
    const elsewhere = proxy(new NextRequest(`http://0.0.0.0:8080/p/${mine.slug}/login`, { headers: { host: "10.0.0.5:8080", ...browser } }));
    expect([elsewhere.status, elsewhere.headers.get("location")]).toEqual([307, `${origin}/p/${mine.slug}/login`]);
  });
});
