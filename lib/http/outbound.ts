/**
 * Requests to URLs that admins typed (workflow webhooks; later the API's webhook endpoints).
 * A hostile URL must not reach inside the network Portico runs in, so outside development:
 * - https only (http only to an IP literal the operator allowed), no credentials in the URL;
 * - the host name is resolved and EVERY address it resolves to must be public (IPv4 unicast
 *   outside private, loopback, link-local, CGNAT and reserved ranges; IPv6 global unicast
 *   2000::/3; IPv4-mapped forms judged as IPv4) or inside OUTBOUND_ALLOW_PRIVATE, and never
 *   link-local (cloud metadata). The check happens in the connection's own DNS lookup, so a
 *   name that changes between a check and the connect (DNS rebinding) cannot slip through;
 * - redirects are not followed; the answer is read up to a bound; a timeout ends the request.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent, fetch as undiciFetch } from "undici";
import { env } from "@/lib/env";

export class OutboundRefused extends Error {
  override name = "OutboundRefused";
}

/** What may be reached: anything while developing and in tests (local receivers); in production public addresses and the operator's CIDRs. */
export type OutboundPolicy = { anyAddress: boolean; allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][] };

let configured: OutboundPolicy | undefined;
export function outboundPolicy(): OutboundPolicy {
  configured ??= { anyAddress: env.NODE_ENV !== "production", allowed: (env.OUTBOUND_ALLOW_PRIVATE ?? []).map((c) => ipaddr.parseCIDR(c)) };
  return configured;
}
/** Production rules with nothing allowed beyond public addresses. */
export const STRICT: OutboundPolicy = { anyAddress: false, allowed: [] };
export const ANY: OutboundPolicy = { anyAddress: true, allowed: [] };

const parse = (address: string) => {
  const ip = ipaddr.parse(address);
  return ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
};
const GLOBAL_V6 = ipaddr.IPv6.parseCIDR("2000::/3");
const V4_NOT_PUBLIC = ["0.0.0.0/8", "192.0.0.0/24", "198.18.0.0/15"].map((c) => ipaddr.IPv4.parseCIDR(c));

/** Whether an IP address is on the public internet. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const ip = parse(address);
  if (ip.range() !== "unicast") return false;
  if (ip.kind() === "ipv4") return !V4_NOT_PUBLIC.some((c) => (ip as ipaddr.IPv4).match(c as [ipaddr.IPv4, number]));
  return (ip as ipaddr.IPv6).match(GLOBAL_V6 as [ipaddr.IPv6, number]);
}

/** Whether the policy lets a connection go to this address. */
export function addressAllowed(address: string, policy: OutboundPolicy): boolean {
  if (policy.anyAddress) return true;
  if (!ipaddr.isValid(address)) return false;
  if (isPublicAddress(address)) return true;
  const ip = parse(address);
  if (ip.range() === "linkLocal") return false;
  return policy.allowed.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net as never, bits));
}

/** Why a URL may not be called (a sentence for the admin), or null. Names are resolved only when connecting: see `safeFetch`. */
export function urlProblem(raw: string, policy: OutboundPolicy = outboundPolicy()): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, starting with https://.";
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = ipaddr.isValid(host);
  const httpAllowed = policy.anyAddress || (literal && !isPublicAddress(host) && addressAllowed(host, policy));
  if (url.protocol !== "https:" && !(httpAllowed && url.protocol === "http:")) return "The URL must start with https://.";
  if (url.username || url.password) return "Put credentials in a header or the signing secret, not in the URL.";
  if (!policy.anyAddress) {
    if (literal && !addressAllowed(host, policy)) return "The URL points at a private or local address; use a public one.";
    if (/^(localhost|.*\.localhost|.*\.local|.*\.internal)\.?$/i.test(host)) return "The URL points at a local host name; use a public one.";
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** Resolves a name to all its addresses (the system resolver by default; tests give their own). */
export type Resolve = (hostname: string, cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;
const systemResolve: Resolve = (hostname, cb) => dnsLookup(hostname, { all: true }, (err, addresses) => cb(err, addresses ?? []));

/** A DNS lookup that fails unless the policy allows every address. */
const checkedLookup = (resolve: Resolve, policy: OutboundPolicy) => (hostname: string, options: object, callback: LookupCallback) => {
  resolve(hostname, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => !addressAllowed(a.address, policy));
    if (bad || list.length === 0) return callback(Object.assign(new OutboundRefused(`${hostname} resolves to a private or local address`), { code: "EPRIVATE" }), []);
    const wantsAll = (options as { all?: boolean }).all;
    if (wantsAll) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

const agents = new WeakMap<OutboundPolicy, Agent>();
const agentFor = (policy: OutboundPolicy, resolve?: Resolve) => {
  const connect = policy.anyAddress ? {} : { lookup: checkedLookup(resolve ?? systemResolve, policy) as never };
  if (resolve) return new Agent({ connect });
  let agent = agents.get(policy);
  if (!agent) {
    agent = new Agent({ connect, connections: 16, keepAliveTimeout: 4_000 });
    agents.set(policy, agent);
  }
  return agent;
};

export type OutboundResponse = { status: number; ms: number; body: string; headers: Record<string, string> };

/**
 * POSTs (or other methods) to an admin-given URL under the rules above. Throws OutboundRefused
 * for a refused target, or the network error (a timeout is an AbortError / TimeoutError).
 */
export async function safeFetch(
  raw: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number; maxBodyBytes?: number; policy?: OutboundPolicy; resolve?: Resolve },
): Promise<OutboundResponse> {
  const policy = init.policy ?? outboundPolicy();
  const problem = urlProblem(raw, policy);
  if (problem) throw new OutboundRefused(problem);
  const started = performance.now();
  try {
    const res = await undiciFetch(raw, {
      method: init.method ?? "POST",
      headers: init.headers,
      body: init.body,
      redirect: "manual",
      dispatcher: agentFor(policy, init.resolve),
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
    const body = await readBounded(res.body as ReadableStream<Uint8Array> | null, init.maxBodyBytes ?? 4096);
    return { status: res.status, ms: Math.round(performance.now() - started), body, headers: Object.fromEntries(res.headers) };
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof OutboundRefused) throw cause;
    if (cause && (cause as { code?: string }).code === "EPRIVATE") throw new OutboundRefused((cause as Error).message);
    throw err;
  }
}

async function readBounded(stream: ReadableStream<Uint8Array> | null, max: number): Promise<string> {
  if (!stream) return "";
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, max).toString("utf8");
}
