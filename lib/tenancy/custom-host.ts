/**
 * What a request's Host header names, without any database work (proxy.ts and the production
 * server's fast paths decide on this alone):
 * - "own": exactly APP_URL's host and port, the only address the app's forms are accepted from;
 * - "custom": a dotted name that is not an IP address nor APP_URL's host name, perhaps a
 *   workspace's custom domain (whether it is, and verified, is the workspace lookup's to say);
 * - "foreign": anything else (another port, an IP address, localhost when APP_URL is not).
 */
import { appOrigin, appUrl } from "@/lib/env";

const APP = new URL(appUrl);
const OWN_HOSTNAME = APP.hostname.toLowerCase();
const OWN_HOST = APP.host.toLowerCase();

export type HostKind = "own" | "custom" | "foreign";

/** A host that may be a workspace's custom domain: a dotted name, not an IP address, not our own. */
export function customHost(hostHeader: string | null | undefined): string | null {
  if (!hostHeader) return null;
  const host = hostHeader.replace(/:\d+$/, "").toLowerCase();
  if (host === OWN_HOSTNAME || host === "localhost" || !host.includes(".")) return null;
  if (/^[\d.]+$/.test(host) || host.startsWith("[")) return null;
  if (!/^[a-z0-9.-]+$/.test(host)) return null;
  return host;
}

/** True when the Host header is APP_URL's host (a default port written out counts as the same). */
export function isOwnHost(hostHeader: string | null | undefined): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  if (host === OWN_HOST) return true;
  if (!/^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/.test(host)) return false;
  try {
    return new URL(`${APP.protocol}//${host}`).host === OWN_HOST;
  } catch {
    return false;
  }
}

export function hostKind(hostHeader: string | null | undefined): HostKind {
  if (isOwnHost(hostHeader)) return "own";
  return customHost(hostHeader) ? "custom" : "foreign";
}

/**
 * Where a page load (a browser's GET or HEAD of a document) sent to another host than APP_URL's
 * (not a custom domain) goes instead: the same path on APP_URL's origin, whose forms pass the
 * same-origin check (issue 12 item 16). Null for everything else: APP_URL's host, custom
 * domains, other methods, requests for something else than a document (API clients, scripts),
 * the API (start.mjs polls /api/health on 127.0.0.1) and Next's assets; and a request a reverse
 * proxy forwarded with X-Forwarded-Host naming APP_URL's host (it came to the right address,
 * and sending it there again would loop).
 */
export function appRedirect(
  req: { method?: string; host?: string | null; forwardedHost?: string | null; accept?: string | null; fetchDest?: string | null },
  pathAndQuery: string,
): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const document = req.fetchDest ? req.fetchDest === "document" : !!req.accept?.includes("text/html");
  if (!document || !req.host || hostKind(req.host) !== "foreign") return null;
  if (req.forwardedHost && isOwnHost(req.forwardedHost.split(",")[0]!.trim())) return null;
  if (!pathAndQuery.startsWith("/") || /^\/(api|_next)\//.test(pathAndQuery)) return null;
  // Appended to the origin, never resolved against it: "//evil.test" stays a path on APP_URL.
  const target = new URL(`${appOrigin}${pathAndQuery}`);
  return target.origin === appOrigin ? target.toString() : `${appOrigin}/`;
}
