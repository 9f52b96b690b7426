/**
 * Client IP and user agent, for rate limits and audit entries.
 *
 * The IP is the socket's address, which the production server (scripts/server.mjs) writes into
 * a header with a per-process nonce (scripts/peer.mjs); anything a client sends in that header,
 * in X-Forwarded-For or in X-Real-IP is ignored. Only when the operator says how many proxies
 * sit in front (TRUST_PROXY_HOPS = n) is X-Forwarded-For read: each trusted proxy appends the
 * address it saw, so the client is the entry n places from the right of [...XFF, socket];
 * entries further left were written by the client and could be forged.
 */
import { isIP } from "node:net";
import { PEER_HEADER } from "@/scripts/peer.mjs";
import type { RequestInfo } from "./context";
import type { HeaderReader } from "./http/responses";
import { env } from "./env";

const nonce = () => (globalThis as { __porticoPeerNonce?: string }).__porticoPeerNonce;

/** An IP as we store and compare it: v4-mapped IPv6 as plain IPv4; anything else that is not an IP → null. */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  if (ip.startsWith("[") && ip.includes("]")) ip = ip.slice(1, ip.indexOf("]"));
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) ip = ip.slice(7);
  ip = ip.replace(/%.*$/, ""); // zone index
  return isIP(ip) ? ip.toLowerCase() : null;
}

function peer(headers: HeaderReader): { address: string | null; direct: boolean } | null {
  const [sent, address, how] = (headers.get(PEER_HEADER) ?? "").split(" ");
  const expected = nonce();
  if (!expected || sent !== expected) return null;
  return { address: normalizeIp(address), direct: how === "direct" };
}

/** The socket address the production server saw, if this request came through it. */
export const peerAddress = (headers: HeaderReader): string | null => peer(headers)?.address ?? null;

/** The socket address, only if the request arrived with no proxy's forwarding header (a client on the other end of the socket itself). */
export const directPeerAddress = (headers: HeaderReader): string | null => {
  const p = peer(headers);
  return p?.direct ? p.address : null;
};

/** The client's address: the socket's, or with TRUST_PROXY_HOPS = n the one the n-th trusted proxy saw. */
export function clientIp(headers: HeaderReader, hops = env.TRUST_PROXY_HOPS): string | null {
  const peer = peerAddress(headers);
  if (hops === 0 || !peer) return peer;
  const chain = [
    ...(headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    peer,
  ];
  // Fewer entries than trusted hops: the request came through fewer proxies; the furthest is the client.
  return normalizeIp(chain[Math.max(0, chain.length - 1 - hops)]) ?? peer;
}

export function requestInfoFrom(headers: HeaderReader): RequestInfo {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") };
}

export const isLoopback = (ip: string | null | undefined) => !!ip && (ip === "::1" || /^127\./.test(ip));
