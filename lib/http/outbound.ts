/**
 * Requests to URLs that admins typed (workflow webhooks; later the API's webhook endpoints).
 * A hostile URL must not reach inside the network Portico runs in, so outside development:
 * - https only, no credentials in the URL, default or explicit port;
 * - the host name is resolved and EVERY address it resolves to must be public (no loopback,
 *   private, link-local, CGNAT, multicast, reserved, or IPv4-mapped forms of them), and the
 *   check happens in the connection's own DNS lookup, so a name that changes between the check
 *   and the connect (DNS rebinding) cannot slip through;
 * - redirects are not followed; the answer is read up to a bound; a timeout ends the request.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent, fetch as undiciFetch } from "undici";
import { env } from "@/lib/env";

export class OutboundRefused extends Error {
  override name = "OutboundRefused";
}

/** Private targets are allowed while developing and in tests (local receivers); in production only when the operator says so. */
export const privateTargetsAllowed = () => env.NODE_ENV !== "production" || env.OUTBOUND_ALLOW_PRIVATE;

const PUBLIC_RANGES = new Set(["unicast"]);

/** Whether an IP address may be contacted from the server. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (!PUBLIC_RANGES.has(range)) return false;
  // ipaddr calls these unicast, but they are not the public internet.
  if (ip.kind() === "ipv4") {
    const v4 = ip as ipaddr.IPv4;
    if (v4.match(ipaddr.IPv4.parseCIDR("0.0.0.0/8")) || v4.match(ipaddr.IPv4.parseCIDR("192.0.0.0/24")) || v4.match(ipaddr.IPv4.parseCIDR("198.18.0.0/15"))) return false;
  }
  return true;
}

/** Why a URL may not be called (a sentence for the admin), or null. Does not resolve the name: see `safeFetch`. */
export function urlProblem(raw: string, opts: { allowPrivate?: boolean } = {}): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, starting with https://.";
  }
  const allowPrivate = opts.allowPrivate ?? privateTargetsAllowed();
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) return "The URL must start with https://.";
  if (url.username || url.password) return "Put credentials in a header or the signing secret, not in the URL.";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate) {
    if (ipaddr.isValid(host) && !isPublicAddress(host)) return "The URL points at a private or local address; use a public one.";
    if (/^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i.test(host)) return "The URL points at a local host name; use a public one.";
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** Resolves a name to all its addresses (the system resolver by default; tests give their own). */
export type Resolve = (hostname: string, cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;
const systemResolve: Resolve = (hostname, cb) => dnsLookup(hostname, { all: true }, (err, addresses) => cb(err, addresses ?? []));

/** A DNS lookup that fails unless every address is public. */
const publicOnlyLookup = (resolve: Resolve) => (hostname: string, options: object, callback: LookupCallback) => {
  resolve(hostname, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad || list.length === 0) return callback(Object.assign(new OutboundRefused(`${hostname} resolves to a private or local address`), { code: "EPRIVATE" }), []);
    const wantsAll = (options as { all?: boolean }).all;
    if (wantsAll) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

const agents = new Map<string, Agent>();
const agentFor = (allowPrivate: boolean, resolve?: Resolve) => {
  if (resolve) return new Agent({ connect: allowPrivate ? {} : { lookup: publicOnlyLookup(resolve) as never } });
  const key = String(allowPrivate);
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: allowPrivate ? {} : { lookup: publicOnlyLookup(systemResolve) as never }, connections: 16, keepAliveTimeout: 4_000 });
    agents.set(key, agent);
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
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number; maxBodyBytes?: number; allowPrivate?: boolean; resolve?: Resolve },
): Promise<OutboundResponse> {
  const allowPrivate = init.allowPrivate ?? privateTargetsAllowed();
  const problem = urlProblem(raw, { allowPrivate });
  if (problem) throw new OutboundRefused(problem);
  const started = performance.now();
  try {
    const res = await undiciFetch(raw, {
      method: init.method ?? "POST",
      headers: init.headers,
      body: init.body,
      redirect: "manual",
      dispatcher: agentFor(allowPrivate, init.resolve),
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
