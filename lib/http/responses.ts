/**
 * Small helpers for the portal's form-posting route handlers (they work without JavaScript):
 * 303 redirects built from the configured app URL (never the Host header), a same-origin
 * check against cross-site form posts, and the 429 page.
 */
import { NextResponse } from "next/server";
import { appOrigin } from "@/lib/env";
import { formatDuration, formatWhen } from "@/lib/mail/format";
import { escapeHtml } from "@/lib/utils";


/** A 303 to `path` on the portal's origin: APP_URL's, or the verified custom domain the request came to (portalOrigin). */
export function seeOther(path: string, origin = appOrigin): NextResponse {
  return NextResponse.redirect(appHref(path, origin), 303);
}

/** Reads request headers by name: a Fetch `Headers`, or Node's raw headers behind the fast path. */
export type HeaderReader = { get(name: string): string | null };

/** An absolute URL on the configured app origin (never the Host header), or on a verified custom domain's. */
export const appHref = (path: string, origin = appOrigin) => new URL(path, origin).toString();

/**
 * Refuses form posts from other sites (login CSRF); requests without browser headers pass.
 * `Origin: null` (a sandboxed frame, a data: URL, a redirect chain through another site) is
 * never one of our own pages, so it is cross-site too.
 */
export function crossSite(request: { headers: HeaderReader }, origin = appOrigin): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const sent = request.headers.get("origin");
  return sent !== null && sent !== origin;
}

export const FORBIDDEN_TEXT = "This form must be sent from the portal itself.";

export function forbidden(): Response {
  return new Response(FORBIDDEN_TEXT, { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
}


/** The "slow down" page: says when to try again, in the workspace's colours. */
export function throttled(input: { brand: string; accent: string; retryAt: Date; backHref: string; what: string }): Response {
  const waitMs = input.retryAt.getTime() - Date.now();
  const accent = /^#[0-9a-f]{3,8}$/i.test(input.accent) ? input.accent : "#4f46e5";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Too many requests · ${escapeHtml(input.brand)}</title>
<style>body{margin:0;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",sans-serif;background:#fafafa;color:#18181b;display:flex;min-height:100dvh;align-items:center;justify-content:center;padding:1rem}
main{max-width:24rem;width:100%;text-align:center}.brand{color:${accent};font-weight:600;font-size:.8rem;letter-spacing:.05em;text-transform:uppercase}
.card{background:#fff;border:1px solid #e4e4e7;border-radius:.75rem;padding:1.5rem;box-shadow:0 1px 2px rgb(0 0 0/.05);text-align:left;font-size:.9rem;line-height:1.5;color:#3f3f46}
h1{font-size:1.5rem;margin:.5rem 0 1.5rem}a{color:${accent}}</style></head>
<body><main><p class="brand">${escapeHtml(input.brand)}</p><h1>Please wait a moment</h1>
<div class="card" role="alert"><p>Too many ${escapeHtml(input.what)} in a short time. You can try again in ${escapeHtml(formatDuration(waitMs))}, ${escapeHtml(formatWhen(input.retryAt))}.</p>
<p><a href="${escapeHtml(input.backHref)}">Back to sign in</a></p></div></main></body></html>`;
  return new Response(html, {
    status: 429,
    headers: { "content-type": "text/html; charset=utf-8", "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))), "cache-control": "no-store" },
  });
}
