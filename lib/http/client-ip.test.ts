import { and, desc, eq } from "drizzle-orm";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEntries, type Workspace } from "@/db/schema";
import { ipKey } from "@/lib/auth/rate-limit";
import { issueLearnerToken } from "@/lib/links/issue";
import { clientIp } from "@/lib/request-info";
import { mailboxVisibleTo } from "@/lib/mail/mailbox";
import { stampPeer } from "@/scripts/peer.mjs";
import { makeContact, makeWorkspace, secretOf } from "@/test/fixtures";
import { POST as nextCode } from "@/app/(portal)/p/[workspace]/auth/code/route";
import { POST as nextRedeem } from "@/app/(portal)/p/[workspace]/auth/redeem/route";
import { fastRoute } from "./fast-routes";

/** Node's request as the Fetch Request Next gives a route handler (its headers, as received). */
async function toRequest(req: http.IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return new Request(`http://localhost${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
}

/**
 * The production server's front (scripts/server.mjs: stampPeer, then the fast routes, then Next),
 * with Next's router replaced by direct calls of the same route handlers, over real HTTP. `/ip`
 * answers the client IP the app would use.
 */
function startServer(host: string) {
  const server = http.createServer(async (req, res) => {
    stampPeer(req);
    if (fastRoute(req, res)) return;
    const params = { params: Promise.resolve({ workspace: req.url!.split("/")[2]! }) };
    const send = async (r: Response) => {
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(Buffer.from(await r.arrayBuffer()));
    };
    if (req.url === "/mailbox") return void res.end(JSON.stringify(mailboxVisibleTo(new Headers(req.headers as Record<string, string>))));
    if (req.url === "/ip") return void res.end(JSON.stringify({ hops0: clientIp(new Headers(req.headers as Record<string, string>), 0), hops1: clientIp(new Headers(req.headers as Record<string, string>), 1), hops2: clientIp(new Headers(req.headers as Record<string, string>), 2) }));
    if (req.url!.endsWith("/auth/code")) return send(await nextCode(await toRequest(req), params));
    if (req.url!.endsWith("/auth/redeem")) return send(await nextRedeem(await toRequest(req), params));
    res.writeHead(404).end();
  });
  return new Promise<{ server: http.Server; port: number }>((resolve) => server.listen(0, host, () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

/** A request from a chosen local address (127.0.0.x are all this machine's). */
function send(opts: { host?: string; port: number; path: string; from?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; location?: string }>((resolve, reject) => {
    const req = http.request(
      { host: opts.host ?? "127.0.0.1", port: opts.port, path: opts.path, method: opts.body === undefined ? "GET" : "POST", localAddress: opts.from, headers: { "content-type": "application/x-www-form-urlencoded", ...opts.headers } },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body, location: res.headers.location }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

describe("the client IP comes from the socket unless trusted proxies are configured (over HTTP)", () => {
  let v4: { server: http.Server; port: number };
  let v6: { server: http.Server; port: number };
  let ws: Workspace;
  beforeAll(async () => {
    [v4, v6, ws] = await Promise.all([startServer("127.0.0.1"), startServer("::1"), makeWorkspace("client-ip")]);
  });
  afterAll(async () => {
    await Promise.all([v4, v6].map(({ server }) => new Promise((r) => server.close(r))));
  });

  const ipOf = async (headers: Record<string, string>, from?: string) => JSON.parse((await send({ port: v4.port, path: "/ip", headers, from })).body);

  it("ignores X-Forwarded-For, X-Real-IP and a forged peer header with no proxy configured", async () => {
    const forged = { "x-forwarded-for": "198.51.100.1, 198.51.100.2", "x-real-ip": "198.51.100.3", "x-portico-peer": "0000 198.51.100.4" };
    expect((await ipOf(forged, "127.0.0.5")).hops0).toBe("127.0.0.5");
    expect((await ipOf({ "x-real-ip": "198.51.100.3" })).hops1).toBe("127.0.0.1"); // X-Real-IP is never read
  });

  it("with n trusted proxies, reads the n-th address from the right of X-Forwarded-For + socket", async () => {
    const ip = await ipOf({ "x-forwarded-for": "198.51.100.1, 198.51.100.2" });
    expect([ip.hops1, ip.hops2]).toEqual(["198.51.100.2", "198.51.100.1"]);
    // Fewer entries than proxies: the furthest one; garbage where an address belongs: the socket.
    expect((await ipOf({ "x-forwarded-for": "198.51.100.9" })).hops2).toBe("198.51.100.9");
    expect((await ipOf({ "x-forwarded-for": "<script>" })).hops1).toBe("127.0.0.1");
    expect((await ipOf({})).hops1).toBe("127.0.0.1");
  });

  it("shows the dev mailbox only to a client on this machine that nothing forwarded", async () => {
    const seen = async (headers: Record<string, string> = {}, host?: string, port = v4.port) => JSON.parse((await send({ host, port, path: "/mailbox", headers })).body);
    expect(await seen()).toBe(true);
    expect(await seen({}, "::1", v6.port)).toBe(true);
    // A reverse proxy on this machine makes every visitor's socket loopback, but names them: refused, whatever it says.
    const forwarded: Record<string, string>[] = [{ "x-forwarded-for": "203.0.113.9" }, { "x-forwarded-for": "127.0.0.1" }, { forwarded: "for=127.0.0.1" }, { "x-real-ip": "127.0.0.1" }, { via: "1.1 proxy" }];
    for (const h of forwarded) expect(await seen(h)).toBe(false);
  });

  it("limits IPv6 clients per /64 and IPv4 clients per address", async () => {
    const ip = JSON.parse((await send({ host: "::1", port: v6.port, path: "/ip" })).body);
    expect(ip.hops0).toBe("::1");
    expect(ipKey({ ip: "2001:db8:1:2:aaaa::1" })).toBe(ipKey({ ip: "2001:db8:1:2:ffff:ffff:ffff:ffff" }));
    expect(ipKey({ ip: "2001:db8:1:2:aaaa::1" })).toBe("2001:db8:1:2::/64");
    expect(ipKey({ ip: "2001:db8:1:3::1" })).not.toBe(ipKey({ ip: "2001:db8:1:2::1" }));
    expect(ipKey({ ip: "::1" })).toBe("0:0:0:0::/64");
    expect(ipKey({ ip: "198.51.100.1" })).not.toBe(ipKey({ ip: "198.51.100.2" }));
  });

  it("a per-IP limit holds against forged X-Forwarded-For, and one client's limit is not another's (Next route)", async () => {
    const codeTry = (i: number, from: string) =>
      send({ port: v4.port, path: `/p/${ws.slug}/auth/code`, from, body: `email=someone-${i}%40example.com&code=123456`, headers: { "x-forwarded-for": `198.51.100.${i}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await codeTry(i, "127.0.0.7")).status);
    // 30 code tries per IP per 15 minutes: the 31st is refused although every request claimed another IP.
    expect(statuses.slice(0, 30).every((s) => s === 303)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Another client (another socket address) is not locked out by the first one.
    expect((await codeTry(99, "127.0.0.8")).status).toBe(303);
  });

  it("the fast route and the Next route record the same client IP in the audit trail", async () => {
    const c = await makeContact(ws);
    const magic = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "learner_magic_link", via: "admin_generate" }));
    const body = `token=${secretOf(magic.url)}`;
    const forged = { "x-forwarded-for": "198.51.100.77", "x-real-ip": "198.51.100.78" };
    const fast = await send({ port: v4.port, path: `/p/${ws.slug}/auth/redeem`, from: "127.0.0.9", body, headers: forged });
    expect(fast.status).toBe(303);
    // The Next handler, reached the way `npm run dev` reaches it (a path the fast route leaves alone).
    const viaNext = await nextRedeem(
      new Request(`http://localhost/p/${ws.slug}/auth/redeem`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...forged, "x-portico-peer": `${(globalThis as { __porticoPeerNonce?: string }).__porticoPeerNonce} 127.0.0.10` } }),
      { params: Promise.resolve({ workspace: ws.slug }) },
    );
    expect(viaNext.status).toBe(303);
    const used = await db
      .select({ ip: auditEntries.ip })
      .from(auditEntries)
      .where(and(eq(auditEntries.contactId, c.id), eq(auditEntries.action, "learner_magic_link.used")))
      .orderBy(desc(auditEntries.createdAt));
    expect(used.map((u) => u.ip).sort()).toEqual(["127.0.0.10", "127.0.0.9"]);
  });
});
