// The client's socket address, handed to the app: Next's route handlers and server actions see
// only headers, never the socket, so the production server (scripts/server.mjs) writes the
// socket's address into PEER_HEADER on every request, overwriting whatever a client sent. The
// value starts with a random per-process nonce the app checks (lib/request-info.ts), so the
// header is worthless to forge even when the app is served some other way (`next start`).
import { randomBytes } from "node:crypto";

export const PEER_HEADER = "x-portico-peer";

const g = globalThis;
g.__porticoPeerNonce ??= randomBytes(16).toString("hex");

/** Headers a reverse proxy adds; Next itself fills in some of them later, so their presence is noted here, first. */
const FORWARDING = ["x-forwarded-for", "forwarded", "x-real-ip", "via", "x-forwarded-host", "x-forwarded-proto"];

/**
 * Sets PEER_HEADER on `req`: "<nonce> <socket address> <direct|forwarded>" (forwarded: the request
 * carried a proxy's header when it arrived). Call before anything reads the request.
 */
export function stampPeer(req) {
  const forwarded = FORWARDING.some((h) => req.headers[h] !== undefined);
  req.headers[PEER_HEADER] = `${g.__porticoPeerNonce} ${req.socket.remoteAddress ?? ""} ${forwarded ? "forwarded" : "direct"}`;
}

