// The client's socket address, handed to the app: Next's route handlers and server actions see
// only headers, never the socket, so the production server (scripts/server.mjs) writes the
// socket's address into PEER_HEADER on every request, overwriting whatever a client sent. The
// value starts with a random per-process nonce the app checks (lib/request-info.ts), so the
// header is worthless to forge even when the app is served some other way (`next start`).
import { randomBytes } from "node:crypto";

export const PEER_HEADER = "x-portico-peer";

const g = globalThis;
g.__porticoPeerNonce ??= randomBytes(16).toString("hex");

/** Sets PEER_HEADER on `req` from its socket; call before anything reads the request. */
export function stampPeer(req) {
  req.headers[PEER_HEADER] = `${g.__porticoPeerNonce} ${req.socket.remoteAddress ?? ""}`;
}

