/**
 * Custom domains (SPEC §2, §6): a request whose Host is not Portico's own address is served
 * that workspace's portal at `/`. The proxy does no database work: it rewrites `/x` on such a
 * host to `/p/{host}/x`, and the portal looks the workspace up by its custom domain (a slug
 * never contains a dot). Paths the app serves itself (`/p/…`, `/api/…`, Next's assets) pass
 * through, so links inside the portal keep working on the custom domain.
 */
import { NextResponse, type NextRequest } from "next/server";
import { customHost } from "@/lib/tenancy/custom-host";

export { customHost };

const PASS_THROUGH = /^\/(p|api|_next|dev|admin|setup)(\/|$)|^\/(favicon\.ico|robots\.txt)$/;

export function proxy(request: NextRequest) {
  const host = customHost(request.headers.get("host"));
  const { pathname } = request.nextUrl;
  if (!host || PASS_THROUGH.test(pathname)) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = `/p/${host}${pathname === "/" ? "" : pathname}`;
  return NextResponse.rewrite(url);
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
