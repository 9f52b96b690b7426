/**
 * Every /api/v1 route handler goes through `apiRoute` (issue 16): the key from
 * `Authorization: Bearer`, the route's scope, the per-key rate limit counted in PostgreSQL
 * (`RateLimit-Limit/Remaining/Reset`, `Retry-After` on a 429), an audit entry per call with the
 * key as the actor (written in batches: lib/api/request-audit.ts; refusals for the rate limit are counted, not audited), and errors as `application/problem+json` (RFC 9457) with field errors.
 * Handlers get the caller's workspace: every query they make carries its id, so another
 * workspace's ids are simply "not found".
 */
import { z } from "zod";
import { consumeWithState, LIMITS } from "@/lib/auth/rate-limit";
import type { Ctx } from "@/lib/context";
import { logger } from "@/lib/log";
import { requestInfoFrom } from "@/lib/request-info";
import { authenticateApiKey, type ApiCaller } from "./keys";
import { idempotent } from "./idempotency";
import { auditApiRequest } from "./request-audit";
import { ApiProblem, problemResponse } from "./problem";
import type { Operation } from "./operation";

const log = logger("api");

export { ApiProblem, notFound, problemResponse, type Problem } from "./problem";

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** Field errors from zod, keyed by dotted path. */
export function fieldProblem(error: z.ZodError, title = "The request is not valid"): ApiProblem {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.path.join(".") || "body"] ??= issue.message;
  return new ApiProblem({ status: 422, title, detail: Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join("; "), errors });
}

/** Parses the query string with a zod schema, or throws a 422 naming the fields. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw fieldProblem(parsed.error, "The query is not valid");
  return parsed.data;
}

/** Reads a JSON body with a zod schema: at most 256 kB, or a 413/415/422 that says why. */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) throw new ApiProblem({ status: 415, title: "Send JSON", detail: "Use Content-Type: application/json." });
  const text = await req.text();
  if (text.length > 256 * 1024) throw new ApiProblem({ status: 413, title: "Body too large", detail: "At most 256 kB per request." });
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiProblem({ status: 400, title: "Malformed JSON", detail: "The body is not valid JSON." });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw fieldProblem(parsed.error);
  return parsed.data;
}

export type ApiCtx = Ctx & { caller: ApiCaller };
type Handler<P> = (req: Request, ctx: ApiCtx, params: P) => Promise<Response>;

/** The handler of one operation (lib/api/operation.ts): the route file exports it under the operation's method. */
export function apiRoute<P extends Record<string, string> = Record<string, never>>(op: Pick<Operation, "scope" | "method" | "onceOnly">, handler: Handler<P>) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    const auth = await authenticateApiKey(req.headers.get("authorization"));
    if (!auth.ok) return problemResponse({ status: 401, title: "Unauthorized", detail: auth.error }, { "www-authenticate": 'Bearer realm="portico"' });
    const { caller } = auth;
    const limit = await consumeWithState(LIMITS.apiPerKey, caller.keyId);
    const rate = { "ratelimit-limit": String(limit.limit), "ratelimit-remaining": String(limit.remaining), "ratelimit-reset": String(Math.ceil(limit.resetMs / 1000)) };
    if (!limit.ok) return problemResponse({ status: 429, title: "Too many requests", detail: `At most ${limit.limit} requests a minute per key.` }, { ...rate, "retry-after": rate["ratelimit-reset"] });
    const request = requestInfoFrom(req.headers);
    const ctx: ApiCtx = { workspace: caller.workspace, actor: { type: "api_key", id: caller.keyId }, request, caller };
    let res: Response;
    try {
      if (!caller.scopes.includes(op.scope)) throw new ApiProblem({ status: 403, title: "Forbidden", detail: `This key does not have the “${op.scope}” scope.` });
      const params = await route.params;
      res = op.method === "GET" ? await handler(req, ctx, params) : await idempotent(req, caller, () => handler(req, ctx, params), { onceOnly: op.onceOnly === true });
    } catch (err) {
      if (err instanceof ApiProblem) res = problemResponse(err.problem);
      else {
        log.error({ err, path: new URL(req.url).pathname }, "an API request failed");
        res = problemResponse({ status: 500, title: "Internal error", detail: "Something went wrong on our side; it was logged. Try again." });
      }
    }
    // Every answer here is built with `new Response` (json, problemResponse, the idempotency replay): its headers can be set.
    for (const [k, v] of Object.entries(rate)) res.headers.set(k, v);
    if (!res.headers.has("cache-control")) res.headers.set("cache-control", "no-store");
    res.headers.set("x-content-type-options", "nosniff");
    auditApiRequest({ workspaceId: caller.workspace.id, actor: ctx.actor, request, action: "api.request", data: { method: req.method, path: new URL(req.url).pathname, status: res.status } });
    return res;
  };
}
