/**
 * Requests the production server (scripts/server.mjs) answers itself, before Next's router:
 * signed-in portal pages that are already rendered (lib/http/page-cache.ts), and the link
 * redemption POST. The redemption is the login hot path (issue 3's target is
 * ≥ 1,000 redemptions/s on two cores), and a request through Next's router and route handler
 * costs ≈ 2 ms of CPU before any of our code runs (`/api/health` tops out near 500/s on the
 * development VM). The answer is `redeemPost`, the same function the Next route handler calls,
 * so the two ways cannot drift; the e2e suite runs against this server. A redemption sent to a
 * custom domain is Next's (proxy.ts and the route check which workspace that domain serves).
 * Page loads on another host than APP_URL's are redirected there (proxy.ts says why here).
 * The public API (/api/v1) is answered here too, by the same handlers as its route files.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolveApi } from "@/lib/api/router";
import { redeemPost } from "@/lib/links/redeem-post";
import { appRedirect, customHost } from "@/lib/tenancy/custom-host";
import { cachedPortalPage, type NextHandler } from "./page-cache";
import { logger } from "@/lib/log";

const log = logger("http");

const REDEEM = /^\/p\/([^/?#]+)\/auth\/redeem(?:\?[^#]*)?$/;
const MAX_BODY = 4096;
/** The API reads at most 256 kB (lib/api/http.ts parseBody says so with a 413); a little more is read so it can. */
const API_MAX_BODY = 257 * 1024;

/**
 * Serves `req` and returns true when it is a fast route; false hands it to Next. `next` is
 * Next's handler, for the portal page cache to render through on a miss.
 */
export function fastRoute(req: IncomingMessage, res: ServerResponse, next?: NextHandler): boolean {
  const h = req.headers;
  const target = appRedirect({ method: req.method, host: h.host, forwardedHost: h["x-forwarded-host"] as string | undefined, accept: h.accept, fetchDest: h["sec-fetch-dest"] as string | undefined }, req.url ?? "");
  if (target) {
    res.writeHead(307, { location: target, "cache-control": "no-store", "content-length": "0" }).end();
    return true;
  }
  if (req.url?.startsWith("/api/v1/") && serveApi(req, res)) return true;
  if (req.method === "GET") return next ? cachedPortalPage(req, res, next) : false;
  if (req.method !== "POST") return false;
  const match = REDEEM.exec(req.url ?? "");
  if (!match || customHost(req.headers.host)) return false;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    return false;
  }
  serveRedeem(slug, req, res).catch((err) => {
    log.error({ err }, "link redemption failed");
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("Something went wrong. Please try again.");
  });
  return true;
}

async function serveRedeem(slug: string, req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  if (body === null) {
    res.writeHead(413, { "content-type": "text/plain; charset=utf-8", connection: "close" });
    res.end("Request too large.");
    return;
  }
  const headers = {
    get(name: string) {
      const v = req.headers[name];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
  const r = await redeemPost(slug, body, headers);
  res.writeHead(r.status, r.headers);
  res.end(r.body);
}

/**
 * /api/v1 answered by the operation's handler (lib/api/router.ts), the one its Next route file
 * exports. Paths that are not an operation's (the OpenAPI document) stay Next's.
 */
function serveApi(req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url!, "http://api.invalid");
  const found = resolveApi(req.method ?? "GET", url.pathname);
  if ("status" in found) {
    if (found.status === 404 && url.pathname === "/api/v1/openapi.json") return false;
    res.writeHead(found.status, { "content-type": "application/problem+json" }).end(JSON.stringify({ type: "about:blank", status: found.status, title: found.status === 404 ? "Not found" : "Method not allowed" }));
    req.resume();
    return true;
  }
  (async () => {
    const body = req.method === "GET" || req.method === "HEAD" ? "" : await readBody(req, API_MAX_BODY);
    if (body === null) {
      res.writeHead(413, { "content-type": "application/problem+json", connection: "close" }).end(JSON.stringify({ type: "about:blank", status: 413, title: "Body too large", detail: "At most 256 kB per request." }));
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    // The URL from the path alone: a client's Host header cannot change what the handler parses.
    const request = new Request(new URL(req.url!, "http://api.internal"), { method: req.method, headers, body: body || undefined });
    const answer = await found.handler(request, { params: Promise.resolve(found.params) });
    const text = await answer.text();
    res.writeHead(answer.status, { ...Object.fromEntries(answer.headers), "content-length": Buffer.byteLength(text) });
    res.end(text);
  })().catch((err) => {
    log.error({ err, path: url.pathname }, "an API request failed");
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/problem+json" });
    res.end(JSON.stringify({ type: "about:blank", status: 500, title: "Internal error" }));
  });
  return true;
}

/** The request body as text, or null when it exceeds `max` bytes. */
function readBody(req: IncomingMessage, max = MAX_BODY): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners("data");
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
