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
 * - Any other host (an IP address, another port, localhost when APP_URL is not): page loads
 *   are redirected to the same path on APP_URL's origin, where the forms' same-origin check
 *   passes; `/api/…` (start.mjs polls `/api/health` on 127.0.0.1) and other methods go on.
 */
import { NextResponse, type NextRequest } from "next/server";
import { appOrigin, customHost, hostKind } from "@/lib/tenancy/custom-host";

export { customHost };

const ASSETS = /^\/(_next\/|favicon\.ico$|robots\.txt$)/;
const PORTAL = /^\/p(\/|$)/;
const PORTAL_API = /^\/api\/(health$|auth\/portal\/)/;
const NOT_PORTAL = /^\/(admin|setup|dev|api)(\/|$)/;

const notFound = () => new NextResponse("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

export function proxy(request: NextRequest) {
  const hostHeader = request.headers.get("host");
  const { pathname, search } = request.nextUrl;
  switch (hostKind(hostHeader)) {
    case "own":
      return NextResponse.next();
    case "foreign": {
      const pageLoad = request.method === "GET" || request.method === "HEAD";
      if (!pageLoad || !hostHeader || pathname.startsWith("/api/") || pathname.startsWith("/_next/")) return NextResponse.next();
      return NextResponse.redirect(new URL(`${pathname}${search}`, appOrigin), 307);
    }
    case "custom": {
      if (ASSETS.test(pathname) || PORTAL.test(pathname) || PORTAL_API.test(pathname)) return NextResponse.next();
      if (NOT_PORTAL.test(pathname)) return notFound();
      const url = request.nextUrl.clone();
      url.pathname = `/p/${customHost(hostHeader)}${pathname === "/" ? "" : pathname}`;
      return NextResponse.rewrite(url);
    }
  }
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
