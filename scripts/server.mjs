#!/usr/bin/env node
// The production server (what `npm start` runs after building): Next's request handler behind
// a plain Node HTTP server, so the few routes in lib/http/fast-routes.ts (registered on
// globalThis when the app boots, see lib/boot.ts) are answered without Next's router.
// Everything else, including the same routes under `npm run dev` (this server with --dev), is Next's.
// It also hands every request's socket address to the app (scripts/peer.mjs): the client IP
// for rate limits and audit entries comes from the socket unless trusted proxies are configured.
// Usage: node scripts/server.mjs [--dev]  (PORT, default 3000; HOSTNAME, default all interfaces)
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { stampPeer } from "./peer.mjs";
import { holdServerErrors } from "./unavailable.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || undefined;

const dev = process.argv.includes("--dev");
const app = next({ dev, dir: root, port, hostname: hostname ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

// Request bodies: server actions take at most 1 MB (next.config.ts), and so does every other
// POST but the contacts CSV upload (10 MB, counted and refused by its own route). Past its limit Next answers a
// server action with a 500 after reading the body, so oversized bodies are refused here first,
// by their declared length, with a 413. A server action from another origin (or Origin: null)
// is refused with a 403 here too, by the same rule as Next's own check (which answers 500).
const BODY_LIMIT = 1024 * 1024;
const UPLOAD = /^\/admin\/[^/?#]+\/contacts\/import\/upload(?:\?|$)/;

function refuse(req, res, status, text) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" });
  res.end(text);
  req.resume();
}

/** True when the request was answered here (too large, or a server action from another origin). */
function refusedEarly(req, res) {
  if (req.method !== "POST") return false;
  const length = req.headers["content-length"];
  const action = req.headers["next-action"] !== undefined;
  if (action && length === undefined) return refuse(req, res, 411, "Length required."), true;
  if (Number(length) > BODY_LIMIT && !UPLOAD.test(req.url ?? "")) return refuse(req, res, 413, "This form is too large (the limit is 1 MB)."), true;
  const origin = req.headers.origin;
  if (action && origin !== undefined && originHost(origin) !== (req.headers["x-forwarded-host"] ?? req.headers.host)) {
    return refuse(req, res, 403, "This form must be sent from the portal itself."), true;
  }
  return false;
}

function originHost(origin) {
  try {
    return origin === "null" ? null : new URL(origin).host;
  } catch {
    return null;
  }
}

// A server action request Next cannot decode (not React's encoding, a part missing, JSON where a
// form goes) fails with a 500 before any action runs. That is the client's error: 400. The
// action wrappers (lib/actions.ts) say when an action starts; a failure after that stays a 500.
const actionCalls = new AsyncLocalStorage();
globalThis.__porticoActionRunning = () => {
  const call = actionCalls.getStore();
  if (call) call.running = true;
};
// A no-JS form post is a multipart POST to a page; route handlers (route.ts) never decode actions.
const routeHandlers = (() => {
  try {
    const routes = JSON.parse(fs.readFileSync(path.join(root, ".next", "app-path-routes-manifest.json"), "utf8"));
    const pattern = (t) => new RegExp(`^${t.replace(/\[\.\.\.\w+\]/g, "\0").replace(/\[\w+\]/g, "[^/]+").replace(/\0/g, ".+")}(?:\\?|$)`);
    return Object.entries(routes).filter(([entry]) => entry.endsWith("/route")).map(([, t]) => pattern(t));
  } catch {
    return [];
  }
})();
const isActionPost = (req) =>
  req.method === "POST" &&
  (req.headers["next-action"] !== undefined || (/^multipart\/form-data/i.test(req.headers["content-type"] ?? "") && !routeHandlers.some((r) => r.test(req.url ?? ""))));

function serve(req, res) {
  // Registered by the app's boot (instrumentation), which may finish after prepare(): until
  // then Next's own handlers answer these routes too.
  if (!dev && globalThis.__porticoFastRoute?.(req, res, handle)) return;
  handle(req, res);
}

// Every line the app logs while serving a request carries its id (lib/log.ts reads it here);
// the response says it too (x-request-id), so a user's report can be matched to the log.
const requests = new AsyncLocalStorage();
globalThis.__porticoRequestId = () => requests.getStore();
const production = !dev;
const say = (msg) =>
  production && process.env.LOG_FORMAT !== "pretty"
    ? process.stdout.write(`${JSON.stringify({ level: "info", time: Date.now(), pid: process.pid, name: "server", msg })}\n`)
    : console.log(`[portico] ${msg}`);

// For a graceful stop (below): responses not yet finished, and each connection's state.
const inFlight = new Set();
const connections = new Map(); // socket → { busy: requests open on it, served: answered one, at: accepted }
let stopping = false;
let lastConnectionAt = 0;

const server = http.createServer((req, res) => {
  const id = randomUUID();
  res.setHeader("x-request-id", id);
  // While the database is down, a 500 goes out as the plain 503 page (scripts/unavailable.mjs, lib/http/unavailable.ts).
  holdServerErrors(res);
  inFlight.add(res);
  const conn = connections.get(req.socket);
  if (conn) conn.busy++;
  res.once("close", () => {
    inFlight.delete(res);
    if (!conn) return;
    conn.busy--;
    conn.served = true;
    if (stopping && conn.busy === 0) req.socket.end();
  });
  if (stopping) res.setHeader("connection", "close");
  // Request metrics (lib/metrics.ts registers the observer when the app boots).
  const started = process.hrtime.bigint();
  res.once("finish", () => globalThis.__porticoObserve?.(req, res, Number(process.hrtime.bigint() - started) / 1e9));
  requests.run(id, () => handleRequest(req, res));
});

function handleRequest(req, res) {
  stampPeer(req);
  if (refusedEarly(req, res)) return;
  if (dev || !isActionPost(req)) return serve(req, res);
  const call = { running: false };
  const writeHead = res.writeHead;
  res.writeHead = function (status, ...rest) {
    return writeHead.call(this, status >= 500 && !call.running ? 400 : status, ...rest);
  };
  actionCalls.run(call, () => serve(req, res));
}
server.on("connection", (socket) => {
  lastConnectionAt = Date.now();
  connections.set(socket, { busy: 0, served: false, at: lastConnectionAt });
  socket.once("close", () => connections.delete(socket));
});
// Longer than common load balancers' idle timeouts, like `next start`.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => say(`listening on ${hostname ?? "all interfaces"}, port ${port}`));

// SIGTERM/SIGINT: accept what the kernel already queued, stop accepting connections, let the
// requests in flight finish (closing each keep-alive connection as soon as it is idle, and one
// that never sent a request after 2 s), then Next's deferred work (after()), then the
// app's own stop (lib/boot.ts: the in-process worker finishes or releases its sends, the
// database closes), all within SHUTDOWN_TIMEOUT_S (default 10 s); exit 0. Past the deadline the
// remaining connections are cut and the process exits 1. Repeated signals change nothing (npm
// start forwards the Ctrl-C the terminal also sent).
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
async function shutdown(sig) {
  if (stopping) return;
  stopping = true;
  const hook = globalThis.__porticoShutdown;
  const timeoutMs = hook?.timeoutMs ?? (Number(process.env.SHUTDOWN_TIMEOUT_S) > 0 ? Number(process.env.SHUTDOWN_TIMEOUT_S) * 1000 : 10_000);
  const deadline = Date.now() + timeoutMs;
  setTimeout(() => {
    say("shutdown: still not done after the timeout; exiting");
    process.exit(1);
  }, timeoutMs + 3000);
  say(`${sig}: finishing ${inFlight.size} requests in flight and the background work (up to ${timeoutMs / 1000} s)`);
  for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
  // Not Node's closeIdleConnections(): it also cuts a connection just accepted whose request is not parsed yet.
  const reap = () => {
    for (const [socket, conn] of connections) if (conn.busy === 0 && (conn.served || Date.now() - conn.at > 2000)) socket.destroy();
  };
  reap();
  const idle = setInterval(reap, 50);
  // Connections the kernel completed but Node has not accepted yet would be reset by close():
  // keep accepting (each loop turn accepts them) until 100 ms pass without one, at most 1 s.
  // The check runs after a poll phase (setImmediate): on a busy loop a timer can fire long
  // after the last accept, before the connections queued meanwhile were taken.
  const graceEnd = Math.min(deadline, Date.now() + 1000);
  do {
    await sleep(25);
    await new Promise((r) => setImmediate(r));
  } while (Date.now() < graceEnd && Date.now() - lastConnectionAt < 100);
  const closed = new Promise((resolve) => server.close(resolve));
  const drained = await Promise.race([closed.then(() => true), sleep(deadline - Date.now()).then(() => false)]);
  clearInterval(idle);
  if (!drained) {
    say(`shutdown: ${inFlight.size} requests still running at the deadline; closing their connections`);
    server.closeAllConnections();
  }
  let clean = drained;
  clean = (await Promise.race([app.close().then(() => true, () => false), sleep(deadline - Date.now()).then(() => false)])) && clean;
  try {
    await hook?.stop(deadline);
  } catch (err) {
    clean = false;
    say(`shutdown: the app's stop failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  say(clean ? "stopped" : "stopped (not everything finished in time)");
  process.exit(clean ? 0 : 1);
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => void shutdown(sig));
