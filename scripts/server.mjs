#!/usr/bin/env node
// The production server (what `npm start` runs after building): Next's request handler behind
// a plain Node HTTP server, so the few routes in lib/http/fast-routes.ts (registered on
// globalThis when the app boots, see lib/boot.ts) are answered without Next's router.
// Everything else, including the same routes under `npm run dev` (this server with --dev), is Next's.
// It also hands every request's socket address to the app (scripts/peer.mjs): the client IP
// for rate limits and audit entries comes from the socket unless trusted proxies are configured.
// Usage: node scripts/server.mjs [--dev]  (PORT, default 3000; HOSTNAME, default all interfaces)
import http from "node:http";
import path from "node:path";
import next from "next";
import { stampPeer } from "./peer.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || undefined;

const dev = process.argv.includes("--dev");
const app = next({ dev, dir: root, port, hostname: hostname ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

// Server actions take at most 1 MB (next.config.ts); past that Next answers 500 after reading the
// body, so oversized ones are refused here first, by their declared length, with a 413.
const ACTION_BODY_LIMIT = 1024 * 1024;

const server = http.createServer((req, res) => {
  stampPeer(req);
  if (req.method === "POST" && req.headers["next-action"] !== undefined) {
    const length = req.headers["content-length"];
    if (length === undefined || Number(length) > ACTION_BODY_LIMIT) {
      res.writeHead(length === undefined ? 411 : 413, { "content-type": "text/plain; charset=utf-8", connection: "close" });
      res.end(length === undefined ? "Length required." : "This form is too large (the limit is 1 MB).");
      req.resume();
      return;
    }
  }
  // Registered by the app's boot (instrumentation), which may finish after prepare(): until
  // then Next's own handlers answer these routes too.
  if (!dev && globalThis.__porticoFastRoute?.(req, res, handle)) return;
  handle(req, res);
});
// Longer than common load balancers' idle timeouts, like `next start`.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`[portico] listening on ${hostname ?? "all interfaces"}, port ${port}`));

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close();
    process.exit(0);
  });
}
