#!/usr/bin/env node
// `npm start`: build the production app if the sources changed since the last build, then
// serve it (migrations and the in-process worker start with the server) and print the URL.
// `--build-only` stops after the build.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const port = process.env.PORT || "3000";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const SOURCES = ["app", "components", "lib", "db", "emails", "instrumentation.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];

function fingerprint() {
  const hash = createHash("sha256");
  const walk = (p) => {
    const full = path.join(root, p);
    if (!fs.existsSync(full)) return;
    const st = fs.statSync(full);
    if (st.isDirectory()) for (const name of fs.readdirSync(full).sort()) walk(path.join(p, name));
    else hash.update(`${p}:${st.size}:${st.mtimeMs}\n`);
  };
  SOURCES.forEach(walk);
  return hash.digest("hex");
}

const stamp = path.join(root, ".next", "portico-build-fingerprint");
const current = fingerprint();
const built = fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === current;
if (!built) {
  console.log("[portico] building the production app (first start or sources changed)…");
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stamp, current);
}

if (process.argv.includes("--build-only")) process.exit(0);

const server = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], { cwd: root, stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env, NODE_ENV: "production", PORT: port } });
// The server finishes its requests and background work before it exits (scripts/server.mjs);
// this process waits for it and exits with its code.
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const url = (process.env.APP_URL || `http://localhost:${port}`).replace(/\/+$/, "");
const started = Date.now();
const poll = async () => {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    if (res.ok) return console.log(`\n[portico] ready: open ${url} (in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch {}
  if (Date.now() - started < 120_000) setTimeout(poll, 300);
};
poll();
