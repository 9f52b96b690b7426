#!/usr/bin/env node
// Starts one production server for an e2e project on a database of its own, made fresh:
// a PGlite folder under .data/, or (with DATABASE_URL) a PostgreSQL database this script
// creates and owns (named <database>_e2e_<name>).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";

const [name, port] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
// The suite acts as one trusted reverse proxy: a request's X-Forwarded-For gives it a client IP
// of its own, so the per-IP limits of one spec do not spill into the next.
const env = { ...process.env, PORT: port, APP_URL: `http://localhost:${port}`, DATA_DIR: path.join(root, ".data", `e2e-${name}`), TRUST_PROXY_HOPS: "1" };
fs.rmSync(env.DATA_DIR, { recursive: true, force: true });

if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  const db = `${url.pathname.slice(1) || "postgres"}_e2e_${name}`.replace(/[^a-z0-9_]/gi, "_");
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${db} with (force)`);
  await admin.unsafe(`create database ${db}`);
  await admin.end();
  url.pathname = `/${db}`;
  env.DATABASE_URL = url.toString();
}

const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
