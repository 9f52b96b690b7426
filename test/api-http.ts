/**
 * /api/v1 over real HTTP in Vitest (issue 16): a Node HTTP server on a loopback port that
 * routes each request to the route file of its operation (lib/api/operation.ts routeFileOf),
 * exactly as Next does, with the test's database. Requests go through fetch: real headers,
 * bodies, status lines. Tests pass the operation itself to `call(op, …)`, which is how the
 * coverage check (lib/api/coverage.test.ts) sees that every operation is called by a test.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll } from "vitest";
import type { Operation } from "@/lib/api/operation";
import { routeFileOf } from "@/lib/api/operation";
import { OPERATIONS } from "@/lib/api/operations";

type RouteModule = Record<string, (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>>;

const matchers = OPERATIONS.map((op) => {
  const names: string[] = [];
  const re = new RegExp(`^/api/v1${op.path.replace(/\{(\w+)\}/g, (_m, n: string) => (names.push(n), "([^/]+)"))}$`);
  return { op, re, names };
});

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? "/", "http://localhost:3000");
  const found = matchers.find((m) => m.op.method === req.method && m.re.test(url.pathname));
  if (!found) {
    res.writeHead(matchers.some((m) => m.re.test(url.pathname)) ? 405 : 404).end();
    return;
  }
  const values = found.re.exec(url.pathname)!.slice(1).map(decodeURIComponent);
  const params = Object.fromEntries(found.names.map((n, i) => [n, values[i]!]));
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const body = chunks.length && req.method !== "GET" ? Buffer.concat(chunks) : undefined;
  const mod = (await import(/* @vite-ignore */ path.resolve(routeFileOf(found.op)))) as RouteModule;
  const handler = mod[found.op.method];
  if (!handler) throw new Error(`${routeFileOf(found.op)} exports no ${found.op.method}`);
  const answer = await handler(new Request(url, { method: req.method, headers, body }), { params: Promise.resolve(params) });
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(Buffer.from(await answer.arrayBuffer()));
}

let server: Promise<string> | undefined;
/** The base URL (http://127.0.0.1:<port>) of this test file's API server, started on first use. */
export function apiBase(): Promise<string> {
  server ??= new Promise((resolve) => {
    const s = http.createServer((req, res) =>
      handle(req, res).catch((err) => {
        console.error(err);
        res.writeHead(599).end(String(err));
      }),
    );
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
