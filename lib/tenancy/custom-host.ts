import { appUrl } from "@/lib/env";

const OWN_HOST = new URL(appUrl).hostname.toLowerCase();

/** A host that may be a workspace's custom domain: a dotted name, not an IP address, not our own. */
export function customHost(hostHeader: string | null | undefined): string | null {
  if (!hostHeader) return null;
  const host = hostHeader.replace(/:\d+$/, "").toLowerCase();
  if (host === OWN_HOST || host === "localhost" || !host.includes(".")) return null;
  if (/^[\d.]+$/.test(host) || host.startsWith("[")) return null;
  if (!/^[a-z0-9.-]+$/.test(host)) return null;
  return host;
}
