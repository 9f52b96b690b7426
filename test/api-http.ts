/**
 * /api/v1 over real HTTP in Vitest (issue 16): a Node HTTP server on a loopback port that
 * answers as the production server does (lib/http/fast-routes.ts → lib/api/router.ts → the
 * operation's route file), with the test's database. Requests go through fetch: real headers,
 * bodies, status lines. Tests pass the operation itself to `call(op, …)`, which is how the
 * coverage check (lib/api/coverage.test.ts) sees that every operation is called by a test.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";
import type { Operation } from "@/lib/api/operation";
import { fastRoute } from "@/lib/http/fast-routes";

let server: Promise<string> | undefined;
/** The base URL (http://127.0.0.1:<port>) of this test file's API server, started on first use. */
export function apiBase(): Promise<string> {
  server ??= new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      if (!fastRoute(req, res)) res.writeHead(599).end("not an API route");
    });
    s.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`));
    afterAll(() => new Promise<void>((r) => s.close(() => r())));
  });
  return server;
}

export type Called = { status: number; headers: Headers; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read what they expect

/**
 * Calls an operation over HTTP: `params` fill its path, `query` its query string, `body` is
 * sent as JSON (a string as is). `key` is the API key (null: none).
 */
export async function call(
  op: Operation,
  opts: { key: string | null; params?: Record<string, string>; query?: Record<string, string | number>; body?: unknown; headers?: Record<string, string> },
): Promise<Called> {
  const base = await apiBase();
  const p = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(opts.params?.[n] ?? ""));
  const qs = opts.query ? `?${new URLSearchParams(Object.entries(opts.query).map(([k, v]) => [k, String(v)]))}` : "";
  const headers: Record<string, string> = { ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}), ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${base}/api/v1${p}${qs}`, { method: op.method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}
