/**
 * `Idempotency-Key` on every POST/PUT/PATCH/DELETE of /api/v1 (issue 16), kept 24 h per API key:
 * - the first request with a key claims it (a row with no answer yet; the unique index makes
 *   the claim atomic across processes), runs, and stores its answer (2xx and most 4xx),
 *   sealed: answers carry secrets shown once (a webhook secret, a magic link's URL);
 * - the same key with the same method, path and body gets that answer again, with
 *   `Idempotent-Replayed: true`, and nothing is done twice;
 * - the same key with another request → 422; while the first is still running → 409;
 * - a 5xx, a 409 ("try again") and a 415 (wrong Content-Type, which the hash does not see) are
 *   not stored (the row is dropped), so the client's retry runs again.
 * A claim whose process died before answering is taken over after CLAIM_STALE_MS: the request
 * may then have happened once already, which the idempotent writes tolerate (grants, upserts,
 * tags, group changes). An operation marked `onceOnly` (it mints a magic link, sends emails,
 * creates an endpoint, rotates a secret) is not run again: the retry gets a 422 saying so.
 */
import { createHash } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { apiIdempotency } from "@/db/schema";
import { seal, unseal } from "@/lib/mail/sealed";
import type { ApiCaller } from "./keys";
import { ApiProblem, problemResponse } from "./problem";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const CLAIM_STALE_MS = 5 * 60 * 1000;
const KEY = /^[\x21-\x7e]{1,255}$/;

/** What is kept of an answer; `body` sealed (lib/mail/sealed.ts). */
type Stored = { contentType: string; body: string };
const NO_BODY = new Set([204, 205, 304]);
/** Answers a retry should not get again: it is asked to try again, or its Content-Type (not hashed) was wrong. */
const NOT_KEPT = (status: number) => status >= 500 || status === 409 || status === 415;

const answer = (status: number, contentType: string, body: string, replayed: boolean) =>
  new Response(NO_BODY.has(status) ? null : body, { status, headers: { ...(NO_BODY.has(status) ? {} : { "content-type": contentType }), ...(replayed ? { "idempotent-replayed": "true" } : {}) } });
/** Bodies past this are refused by the handler (lib/api/http.ts parseBody); they are not hashed or kept. */
const MAX_BODY = 256 * 1024;

export async function idempotent(req: Request, caller: ApiCaller, run: () => Promise<Response>, opts: { onceOnly?: boolean } = {}): Promise<Response> {
  const key = req.headers.get("idempotency-key");
  if (key === null) return run();
  if (!KEY.test(key)) return problemResponse({ status: 422, title: "The Idempotency-Key is not valid", detail: "Use 1 to 255 printable ASCII characters, such as a UUID.", errors: { "Idempotency-Key": "1 to 255 printable ASCII characters" } });
  const url = new URL(req.url);
  const path = url.pathname + url.search;
  const body = await req.clone().text();
  if (body.length > MAX_BODY) return run();
  const requestHash = createHash("sha256").update(`${req.method}\n${path}\n${body}`).digest("hex");

  if (Math.random() < 0.01) void pruneIdempotency().catch(() => {});
  const fresh = sql`now() - make_interval(secs => ${IDEMPOTENCY_TTL_MS / 1000})`;
  const stale = sql`now() - make_interval(secs => ${CLAIM_STALE_MS / 1000})`;
  // Claim the key: a new row, or one that expired or whose first request died unanswered.
  const [claimed] = await db
    .insert(apiIdempotency)
    .values({ workspaceId: caller.workspace.id, apiKeyId: caller.keyId, key, method: req.method, path, requestHash })
    .onConflictDoUpdate({
      target: [apiIdempotency.apiKeyId, apiIdempotency.key],
      set: { method: req.method, path, requestHash, status: null, response: null, createdAt: sql`now()` },
      setWhere: opts.onceOnly
        ? sql`${apiIdempotency.createdAt} < ${fresh}`
        : sql`${apiIdempotency.createdAt} < ${fresh} or (${apiIdempotency.status} is null and ${apiIdempotency.createdAt} < ${stale} and ${apiIdempotency.requestHash} = ${requestHash})`,
    })
    .returning({ id: apiIdempotency.id });

  if (!claimed) {
    const [row] = await db.select().from(apiIdempotency).where(and(eq(apiIdempotency.apiKeyId, caller.keyId), eq(apiIdempotency.key, key)));
    if (!row) return idempotent(req, caller, run, opts); // pruned between the two statements
    if (row.requestHash !== requestHash)
      return problemResponse({
        status: 422,
        title: "Idempotency-Key reused",
        detail: `This Idempotency-Key was already used for another request (${row.method} ${row.path}) in the last 24 hours. Use a new key for a new request.`,
        errors: { "Idempotency-Key": "already used for another request" },
      });
    if (row.status === null && row.createdAt.getTime() < Date.now() - CLAIM_STALE_MS)
      return problemResponse({
        status: 422,
        title: "Interrupted request",
        detail: "The first request with this Idempotency-Key was interrupted before it answered, and it may have taken effect. It is not run again: check the outcome (for example, list what it would have created), then retry with a new key.",
        errors: { "Idempotency-Key": "its first request was interrupted" },
      });
    if (row.status === null) return problemResponse({ status: 409, title: "Request in progress", detail: "A request with this Idempotency-Key is still being handled. Retry in a moment to get its answer." }, { "retry-after": "1" });
    const stored = row.response as Stored;
    return answer(row.status, stored.contentType, unseal(stored.body), true);
  }

  let res: Response;
  try {
    res = await run();
  } catch (err) {
    if (!(err instanceof ApiProblem)) {
      await db.delete(apiIdempotency).where(eq(apiIdempotency.id, claimed.id));
      throw err;
    }
    res = problemResponse(err.problem);
  }
  if (NOT_KEPT(res.status)) {
    await db.delete(apiIdempotency).where(eq(apiIdempotency.id, claimed.id));
    return res;
  }
  const contentType = res.headers.get("content-type") ?? "application/json";
  const text = await res.text();
  await db
    .update(apiIdempotency)
    .set({ status: res.status, response: { contentType, body: seal(text) } satisfies Stored })
    .where(eq(apiIdempotency.id, claimed.id));
  return answer(res.status, contentType, text, false);
}

/** Drops answers older than 24 h, at most 5,000 at a time (it runs on 1 % of keyed requests). */
export async function pruneIdempotency(): Promise<number> {
  const old = db
    .select({ id: apiIdempotency.id })
    .from(apiIdempotency)
    .where(lt(apiIdempotency.createdAt, sql`now() - make_interval(secs => ${IDEMPOTENCY_TTL_MS / 1000})`))
    .limit(5000);
  const gone = await db.delete(apiIdempotency).where(inArray(apiIdempotency.id, old)).returning({ id: apiIdempotency.id });
  return gone.length;
}
