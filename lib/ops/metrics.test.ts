import { sql } from "drizzle-orm";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { db } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";
import { consume, LIMITS } from "@/lib/auth/rate-limit";
import { issueLearnerToken } from "@/lib/links/issue";
import { redeemSignInLink } from "@/lib/links/redeem";
import { queueRendered } from "@/lib/mail/outbox";
import { observeRequest, registerRequestObserver, routeGroup } from "@/lib/metrics";
import { stampPeer } from "@/scripts/peer.mjs";
import { makeContact, makeWorkspace, request as info, secretOf } from "@/test/fixtures";

const TOKEN = "metrics-token-for-tests-0123456789";
let metricsRoute: (r: Request) => Promise<Response>;

/** The production server's front (scripts/server.mjs: observer, stampPeer) with /metrics's route handler, over real HTTP. */
function startServer(host: string) {
  registerRequestObserver();
  const server = http.createServer(async (req, res) => {
    const started = process.hrtime.bigint();
    res.once("finish", () => (globalThis as { __porticoObserve?: typeof observeRequest }).__porticoObserve?.(req, res, Number(process.hrtime.bigint() - started) / 1e9));
    stampPeer(req);
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const r = await metricsRoute(new Request(`http://localhost${req.url}`, { headers }));
    res.writeHead(r.status, Object.fromEntries(r.headers)).end(Buffer.from(await r.arrayBuffer()));
  });
  return new Promise<{ server: http.Server; port: number }>((resolve) => server.listen(0, host, () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

function get(opts: { host: string; port: number; path?: string; from?: string; headers?: Record<string, string> }) {
  return new Promise<{ status: number; body: string; type?: string }>((resolve, reject) => {
    const req = http.request({ host: opts.host, port: opts.port, path: opts.path ?? "/metrics", localAddress: opts.from, headers: opts.headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body, type: res.headers["content-type"] }));
    });
    req.on("error", reject);
    req.end();
  });
}

const external = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

/** The next scrape queries the database again instead of answering from its cache (5 s, 30 s for the whole-table counts). */
const fresh = () => {
  const s = (globalThis as { __porticoScrape?: { at?: number; ranAt: Record<string, number> } }).__porticoScrape;
  if (s) Object.assign(s, { at: 0, ranAt: {} });
};

describe("/metrics", () => {
  let local: { server: http.Server; port: number };
  let wide: { server: http.Server; port: number };
  beforeAll(async () => {
    // lib/env.ts reads the environment once: the route comes from a module graph loaded after METRICS_TOKEN is set
    // (the database handle and the metrics registry are the process's, on globalThis, shared with this file's imports).
    process.env.METRICS_TOKEN = TOKEN;
    vi.resetModules();
    metricsRoute = (await import("@/app/metrics/route")).GET;
    [local, wide] = await Promise.all([startServer("127.0.0.1"), startServer("0.0.0.0")]);
  });
  afterAll(async () => {
    await Promise.all([local, wide].map(({ server }) => new Promise((r) => server.close(r))));
  });

  it("answers a client on this machine that nothing forwarded, in Prometheus text format", async () => {
    const res = await get({ host: "127.0.0.1", port: local.port });
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain("# TYPE portico_http_requests_total counter");
  });

  it("refuses a forwarded request and a non-loopback peer (404), unless they bring the token", async () => {
    const forwarded: Record<string, string>[] = [{ "x-forwarded-for": "127.0.0.1" }, { forwarded: "for=127.0.0.1" }, { "x-real-ip": "127.0.0.1" }, { via: "1.1 proxy" }, { "x-portico-peer": "0 127.0.0.1 direct" }];
    for (const h of forwarded) {
      // The forged peer header is overwritten by stampPeer, so it alone is not "forwarded": that one stays allowed.
      const status = (await get({ host: "127.0.0.1", port: local.port, headers: h })).status;
      expect([h, status]).toEqual([h, "x-portico-peer" in h ? 200 : 404]);
    }
    expect((await get({ host: "127.0.0.1", port: local.port, headers: { "x-forwarded-for": "203.0.113.1", authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it.runIf(external)("from another address: 404 without a token, 401 with a wrong one, 200 with the right one", async () => {
    const from = { host: external!, port: wide.port, from: external! };
    const none = await get(from);
    expect([none.status, none.body]).toEqual([404, "Not found"]);
    for (const auth of [`Bearer ${TOKEN.slice(0, -1)}x`, `Bearer ${TOKEN}x`, "Bearer ", `Basic ${TOKEN}`, TOKEN]) {
      expect([auth, (await get({ ...from, headers: { authorization: auth } })).status]).toEqual([auth, 401]);
    }
    const ok = await get({ ...from, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("portico_outbox_messages");
  });

  it("counts requests by route group, redemptions, sign-ins, rate-limit refusals and what the database holds", async () => {
    const ws = await makeWorkspace();
    const c = await makeContact(ws);
    const issued = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_generate" }));
    expect((await redeemSignInLink(ws.slug, secretOf(issued.url), info)).ok).toBe(true);
    expect(await redeemSignInLink(ws.slug, "A".repeat(43), info)).toMatchObject({ ok: false });
    for (let i = 0; i < 6; i++) await consume([LIMITS.sendPerEmail, `metrics-test:${i < 6 ? "same" : i}`]);
    await db.transaction((tx) => queueRendered(tx, [{ template: "test", to: "metrics@example.com", subject: "Hi", html: "<p>x</p>", text: "x", links: [] }]));
    await db.execute(sql`update email_messages set created_at = now() - interval '90 seconds' where to_email = 'metrics@example.com'`);
    await db.insert(workerHeartbeats).values({ host: "w", pid: 1 });
    fresh();
    const { body } = await get({ host: "127.0.0.1", port: local.port });
    const value = (line: string) => Number(body.split("\n").find((l) => l.startsWith(line + " "))?.slice(line.length + 1));
    // Earlier scrapes in this file were counted under "other" (/metrics is no route group of its own).
    expect(value('portico_http_requests_total{group="other",method="GET",status="2xx"}')).toBeGreaterThanOrEqual(2);
    expect(body).toMatch(/portico_http_request_duration_seconds_bucket\{le="0\.005",group="other"\} \d+/);
    expect(value('portico_link_redemptions_total{kind="login_link",outcome="ok"}')).toBe(1);
    expect(value('portico_link_redemptions_total{kind="unknown",outcome="unknown"}')).toBe(1);
    expect(value('portico_sign_ins_total{method="login_link"}')).toBe(1);
    expect(value('portico_rate_limit_refusals_total{limiter="send-email"}')).toBe(1);
    expect(value('portico_outbox_messages{status="queued"}')).toBeGreaterThanOrEqual(1);
    expect(value("portico_outbox_oldest_queued_age_seconds")).toBeGreaterThanOrEqual(89);
    expect(value('portico_email_messages{status="queued"}')).toBeGreaterThanOrEqual(1);
    expect(value("portico_workers_live")).toBe(1);
    for (const f of ["portico_worker_jobs", "portico_workflow_runs", "portico_process_cpu_seconds_total"]) expect(body).toContain(`# TYPE ${f}`);
    for (const c of ["outbox", "deliveries", "jobs", "workers", "workflow_runs"]) expect(value(`portico_collector_up{collector="${c}"}`)).toBe(1);
    // Never a URL, so never a link's secret.
    expect(body).not.toContain(secretOf(issued.url));
  });

  it("counts the whole tables (deliveries, workflow runs) at most every 30 s, the outbox every 5 s", async () => {
    const scrape = async () => (await get({ host: "127.0.0.1", port: local.port })).body;
    const count = (body: string, line: string) => Number(body.split("\n").find((l) => l.startsWith(line + " "))?.slice(line.length + 1) ?? 0);
    fresh();
    const before = await scrape();
    await db.transaction((tx) => queueRendered(tx, [{ template: "test", to: "metrics-2@example.com", subject: "Hi", html: "<p>x</p>", text: "x", links: [] }]));
    const s = (globalThis as { __porticoScrape?: { at?: number } }).__porticoScrape!;
    s.at = 0; // the 5 s cache has run out, the 30 s one has not
    const after = await scrape();
    expect(count(after, 'portico_outbox_messages{status="queued"}')).toBe(count(before, 'portico_outbox_messages{status="queued"}') + 1);
    expect(count(after, 'portico_email_messages{status="queued"}')).toBe(count(before, 'portico_email_messages{status="queued"}'));
  });

  it("a collector that fails leaves the rest of the scrape standing", async () => {
    // A pgboss.job table of the wrong shape makes the jobs collector's query fail.
    await db.execute(sql`create schema if not exists pgboss`);
    await db.execute(sql`create table if not exists pgboss.job (x int)`);
    fresh();
    const { status, body } = await get({ host: "127.0.0.1", port: local.port });
    expect(status).toBe(200);
    expect(body).toContain('portico_collector_up{collector="jobs"} 0');
    expect(body).toContain('portico_collector_up{collector="outbox"} 1');
    expect(body).toMatch(/portico_outbox_messages\{status="queued"\} \d+/);
  });

  it("groups routes by a fixed set, never by the URL", () => {
    const cases: [string, string, string?][] = [
      ["/p/acme", "portal_page"],
      ["/p/acme/courses/intro?x=1", "portal_page"],
      ["/p/acme/login", "portal_auth"],
      ["/p/acme/auth/code", "portal_auth"],
      ["/p/acme/l/abcdefabcdefabcdefabcdefabcdefabcdefabcdefa", "link_redemption"],
      ["/p/acme/auth/redeem", "link_redemption"],
      ["/admin/acme/contacts", "admin"],
      ["/setup", "admin"],
      ["/api/v1/contacts", "api"],
      ["/_next/static/chunks/a.js", "static"],
      ["/favicon.ico", "static"],
      ["/metrics", "other"],
      ["/l/abcdefabcdefabcdefabcdef", "link_redemption", "academy.example.org"],
      ["/login", "portal_auth", "academy.example.org"],
      ["/", "portal_page", "academy.example.org"],
    ];
    for (const [url, group, host] of cases) expect([url, routeGroup(url, host)]).toEqual([url, group]);
  });
});
