/**
 * What a request may reach, by the Host it was sent to (lib/tenancy/custom-host.ts), with no
 * database work (issue 12 items 14 and 16):
 * - Portico's own address (APP_URL's host): everything.
 * - A custom domain: only a workspace's portal and what it needs. `/x` is rewritten to
 *   `/p/{host}/x`; `/p/{slug}/…` passes. Which workspace that is, and whether it has verified
 *   the domain, the portal's workspace lookup decides (lib/tenancy/workspaces.ts), so an
 *   unknown or unverified domain, or another workspace's slug, is a 404 there. The dashboard,
 *   setup, the dev mailbox and the API are 404 on such a host, except the portal's sign-in
 *   callbacks (`/api/auth/portal/…`, for "Continue with …") and `/api/health`.
 * - Any other host (an IP address, another port, localhost when APP_URL is not): a browser's
 *   page loads are redirected to the same path on APP_URL's origin, where the forms' same-origin check
 *   passes; `/api/…` (start.mjs polls `/api/health` on 127.0.0.1) and other methods go on.
 *   The production server redirects them before Next (lib/http/fast-routes.ts), because Next
 *   rewrites a proxy's redirect to its own configured host:port into a relative one, which
 *   would bring the browser back to the same host; where that would happen here, a page that
 *   sends the browser on is answered instead.
 */
import { NextResponse, type NextRequest } from "next/server";
import { appRedirect, customHost, hostKind } from "@/lib/tenancy/custom-host";
import { PATH_HEADER } from "@/lib/links/destination";
import { escapeHtml } from "@/lib/utils";

export { customHost };

const ASSETS = /^\/(_next\/|favicon\.ico$|robots\.txt$)/;
const PORTAL = /^\/p(\/|$)/;
const PORTAL_API = /^\/api\/(health$|auth\/portal\/)/;
const NOT_PORTAL = /^\/(admin|setup|dev|api)(\/|$)/;

/** For when a Location would be made relative by Next (see above). */
function sendOn(target: string) {
  const href = escapeHtml(target);
  return new NextResponse(`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Portico</title><p>This page is at <a href="${href}">${href}</a>.</p>`, {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", refresh: `0;url=${target}`, "cache-control": "no-store" },
  });
}

/** Goes on with the path being loaded in a request header (lib/auth/portal-page.ts: a sign-in's `?next=`), never one the client sent. */
function next(request: NextRequest, pathname: string, rewrite?: URL) {
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, pathname);
  return rewrite ? NextResponse.rewrite(rewrite, { request: { headers } }) : NextResponse.next({ request: { headers } });
}

const notFound = () => new NextResponse("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/** Whether every percent-escape of a path decodes (to UTF-8). */
function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  // Next answers a dynamic segment it cannot percent-decode with a 500 (vercel/next.js#92527).
  if (!decodable(request.nextUrl.pathname)) return new NextResponse("Bad request: the address is not valid.", { status: 400, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  const hostHeader = request.headers.get("host");
  const { pathname, search } = request.nextUrl;
  switch (hostKind(hostHeader)) {
    case "own":
      return next(request, pathname);
    case "foreign": {
      const h = request.headers;
      const target = appRedirect({ method: request.method, host: hostHeader, forwardedHost: h.get("x-forwarded-host"), accept: h.get("accept"), fetchDest: h.get("sec-fetch-dest") }, `${pathname}${search}`);
      if (!target) return next(request, pathname);
      return new URL(target).host === request.nextUrl.host ? sendOn(target) : NextResponse.redirect(target, 307);
    }
    case "custom": {
      if (ASSETS.test(pathname) || PORTAL.test(pathname) || PORTAL_API.test(pathname)) return next(request, pathname);
      if (NOT_PORTAL.test(pathname)) return notFound();
      const url = request.nextUrl.clone();
      url.pathname = `/p/${customHost(hostHeader)}${pathname === "/" ? "" : pathname}`;
      return next(request, url.pathname, url);
    }
  }
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
