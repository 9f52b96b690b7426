import type { RequestInfo } from "./context";
import type { HeaderReader } from "./http/responses";
import { env } from "./env";

/**
 * Client IP and user agent, for rate limits and audit entries. The IP is read from
 * X-Forwarded-For, TRUST_PROXY_HOPS entries from the right (each trusted proxy appends one;
 * entries further left were written by the client and could be forged).
 */
export function requestInfoFrom(headers: HeaderReader): RequestInfo {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const n = env.TRUST_PROXY_HOPS;
  const forwarded = n > 0 ? hops[Math.max(0, hops.length - n)] : undefined;
  return {
    ip: forwarded || headers.get("x-real-ip") || null,
    userAgent: headers.get("user-agent"),
  };
}
