#!/usr/bin/env node
// The production server (what `npm start` runs after building): Next's request handler behind
// a plain Node HTTP server, so the few routes in lib/http/fast-routes.ts (registered on
// globalThis when the app boots, see lib/boot.ts) are answered without Next's router.
// Everything else, including the same routes' Next handlers under `next dev`, is Next's.
// Usage: node scripts/server.mjs  (PORT, default 3000; HOSTNAME, default all interfaces)
import http from "node:http";
import path from "node:path";
import next from "next";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || undefined;

const app = next({ dev: false, dir: root, port, hostname: hostname ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  // Registered by the app's boot (instrumentation), which may finish after prepare(): until
  // then Next's own handlers answer these routes too.
  if (globalThis.__porticoFastRoute?.(req, res, handle)) return;
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
