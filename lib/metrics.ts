/**
 * Prometheus metrics (prom-client), served at /metrics (app/metrics/route.ts). In-process
 * counters live here: requests by route group (scripts/server.mjs reports every finished
 * response to the observer registered at boot), link redemptions, sign-ins, rate-limit
 * refusals. What the database knows (outbox, deliveries, jobs, workflow runs, workers) is
 * counted at scrape time (lib/ops/scrape-metrics.ts).
 *
 * Labels are small fixed sets: a route group, never the URL (a link's secret sits in its path).
 * One registry per process on globalThis: Next bundles instrumentation and routes separately.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import client from "prom-client";
import { customHost } from "@/lib/tenancy/custom-host";

export const ROUTE_GROUPS = ["portal_page", "portal_auth", "link_redemption", "admin", "api", "static", "other"] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "portico_" });
  const requests = new client.Counter({ name: "portico_http_requests_total", help: "HTTP responses, by route group, method and status class", labelNames: ["group", "method", "status"] as const, registers: [registry] });
  const duration = new client.Histogram({
    name: "portico_http_request_duration_seconds",
    help: "Time from request to finished response, by route group",
    labelNames: ["group"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const redemptions = new client.Counter({ name: "portico_link_redemptions_total", help: "Sign-in link redemptions, by token kind and outcome (ok, or why not)", labelNames: ["kind", "outcome"] as const, registers: [registry] });
  const signIns = new client.Counter({ name: "portico_sign_ins_total", help: "Learner sign-ins, by method", labelNames: ["method"] as const, registers: [registry] });
  const refusals = new client.Counter({ name: "portico_rate_limit_refusals_total", help: "Requests refused by a rate limit, by limiter", labelNames: ["limiter"] as const, registers: [registry] });
  return { registry, requests, duration, redemptions, signIns, refusals };
}

const g = globalThis as unknown as { __porticoMetrics?: ReturnType<typeof create>; __porticoObserve?: typeof observeRequest };
export const metrics = (g.__porticoMetrics ??= create());

const STATIC = /^\/(_next\/|favicon\.ico$|robots\.txt$|[^/]+\.(?:png|jpe?g|gif|svg|webp|ico|css|js|txt|woff2?)$)/;

/** The route group of a request path (query and all else ignored). `host`: on a custom domain `/x` is the portal's `/p/{host}/x`. */
export function routeGroup(url: string, host?: string | null): RouteGroup {
  let path = url.split(/[?#]/, 1)[0] ?? "/";
  if (STATIC.test(path)) return "static";
  if (customHost(host) && !/^\/p(\/|$)/.test(path)) path = `/p/_${path === "/" ? "" : path}`;
  const portal = /^\/p\/[^/]+(\/[^/]*)?(\/[^/]*)?/.exec(path);
  if (portal) {
    const [, first = "", second = ""] = portal;
    if (first === "/l" || (first === "/auth" && second === "/redeem")) return "link_redemption";
    if (["/login", "/forgot-password", "/auth", "/welcome"].includes(first)) return "portal_auth";
    return "portal_page";
  }
  if (/^\/(admin|setup)(\/|$)/.test(path)) return "admin";
  if (/^\/api(\/|$)/.test(path)) return "api";
  return "other";
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function observeRequest(req: IncomingMessage, res: ServerResponse, seconds: number): void {
  const group = routeGroup(req.url ?? "/", req.headers.host);
  const method = METHODS.has(req.method ?? "") ? req.method! : "other";
  metrics.requests.inc({ group, method, status: `${Math.floor(res.statusCode / 100)}xx` });
  metrics.duration.observe({ group }, seconds);
}

/** Called at boot (lib/boot.ts): the production server reports every response here. */
export function registerRequestObserver(): void {
  g.__porticoObserve = observeRequest;
}

/** Counts a redemption and returns its outcome, so a call site can stay one expression. */
export const countRedemption = <T extends string>(kind: string, outcome: T): T => (metrics.redemptions.inc({ kind, outcome }), outcome);
export const countSignIn = (method: string) => metrics.signIns.inc({ method });
export const countRefusal = (limiter: string) => metrics.refusals.inc({ limiter });
