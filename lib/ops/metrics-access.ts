/**
 * Who may read /metrics: a client on this machine whose request nothing forwarded (the socket's
 * own address is loopback, as for the dev mailbox: lib/mail/mailbox.ts), or anyone presenting
 * `Authorization: Bearer <METRICS_TOKEN>`. A reverse proxy on this machine makes every visitor
 * loopback but adds a forwarding header, so what it forwards needs the token. A wrong token is a
 * 401 (compared in constant time); everything else sees a 404, as if there were nothing here.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import type { HeaderReader } from "@/lib/http/responses";
import { directPeerAddress, isLoopback } from "@/lib/request-info";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Equal strings, in time that does not depend on where they differ (hashes: equal lengths). */
export const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export function metricsAccess(headers: HeaderReader, token = env.METRICS_TOKEN): "allowed" | "unauthorized" | "hidden" {
  const auth = headers.get("authorization");
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (token && auth) return bearer !== undefined && sameSecret(bearer, token) ? "allowed" : "unauthorized";
  return isLoopback(directPeerAddress(headers)) ? "allowed" : "hidden";
}
