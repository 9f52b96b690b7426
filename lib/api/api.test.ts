import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { apiKeys, auditEntries, contacts, type Workspace } from "@/db/schema";
import { LIMITS } from "@/lib/auth/rate-limit";
import { call as callOp } from "@/test/api-http";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { createApiKey, revokeApiKey } from "./keys";
import { flushApiRequestAudits } from "./request-audit";
import { contactOps } from "./ops/contacts";
import type { Scope } from "./scopes";

let ws: Workspace;
let other: Workspace;
const ctxOf = (workspace: Workspace) => ({ workspace, actor: { type: "system" as const }, request });
const newKey = (workspace: Workspace, scopes: Scope[] = ["contacts:read"], expiresInDays?: number) => createApiKey(ctxOf(workspace), { name: "Test key", scopes, expiresInDays });

const listContactsRoute = contactOps.listContacts;
const getContact = contactOps.getContact;
/** Over real HTTP (test/api-http.ts): `url` carries the query, `params` the path. */
const call = async (op: typeof listContactsRoute | typeof getContact, url: string, key: string | null, params: Record<string, string> = {}) => {
  const query = Object.fromEntries(new URL(url, "http://x").searchParams);
  const r = await callOp(op, { key, params, query: Object.keys(query).length ? query : undefined });
  return { res: { status: r.status, headers: r.headers }, body: r.body };
};

beforeAll(async () => {
  ws = await makeWorkspace("api-a");
  other = await makeWorkspace("api-b");
});

describe("/api/v1 keys, scopes and contacts (issue 16)", () => {
  it("refuses no key, a bad key, a revoked and an expired key (401), a key without the scope (403); shows the key once and keeps only its hash", async () => {
    const good = await newKey(ws);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, good.id));
    expect(row!.keyHash).not.toContain(good.key.slice(3));
    expect(row!.prefix).toBe(good.key.slice(0, 11));
    expect((await call(listContactsRoute, "/api/v1/contacts", good.key)).res.status).toBe(200);

    const none = await call(listContactsRoute, "/api/v1/contacts", null);
    expect(none.res.status).toBe(401);
    expect(none.res.headers.get("content-type")).toBe("application/problem+json");
    expect(none.body).toMatchObject({ status: 401, title: "Unauthorized" });
    expect((await call(listContactsRoute, "/api/v1/contacts", `pk_${"x".repeat(43)}`)).res.status).toBe(401);

    const revoked = await newKey(ws);
    expect(await revokeApiKey(ctxOf(ws), revoked.id)).toMatchObject({ ok: true });
    expect((await call(listContactsRoute, "/api/v1/contacts", revoked.key)).body).toMatchObject({ status: 401, detail: expect.stringMatching(/revoked/) });
    expect(await revokeApiKey(ctxOf(other), good.id)).toMatchObject({ ok: false }); // another workspace cannot revoke it

    const expired = await newKey(ws, ["contacts:read"], 1);
    await db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, expired.id));
    expect((await call(listContactsRoute, "/api/v1/contacts", expired.key)).body).toMatchObject({ status: 401, detail: "This API key has expired." });

    const writer = await newKey(ws, ["contacts:write"]);
    expect((await call(listContactsRoute, "/api/v1/contacts", writer.key)).body).toMatchObject({ status: 403, detail: expect.stringContaining("contacts:read") });
  });

  it("a key never reaches another workspace: its contacts are 404 and absent from lists", async () => {
    const key = await newKey(ws);
    const mine = await makeContact(ws);
    const theirs = await makeContact(other);
    expect((await call(getContact, `/api/v1/contacts/${mine.id}`, key.key, { id: mine.id })).body).toMatchObject({ id: mine.id, email: mine.email });
    const foreign = await call(getContact, `/api/v1/contacts/${theirs.id}`, key.key, { id: theirs.id });
    expect(foreign.res.status).toBe(404);
    expect(foreign.body).toMatchObject({ status: 404, title: "Not found" });
    expect((await call(getContact, "/api/v1/contacts/not-a-uuid", key.key, { id: "not-a-uuid" })).res.status).toBe(404);
    const all = await call(listContactsRoute, `/api/v1/contacts?email=${encodeURIComponent(theirs.email)}`, key.key);
    expect(all.body.data).toEqual([]);
  });

  it("pages with a stable cursor while contacts are added, filters, and says what is wrong with a bad query", async () => {
    const w = await makeWorkspace("api-pages");
    const key = await newKey(w);
    for (let i = 0; i < 7; i++) await makeContact(w, { email: `page-${i}@example.com` });
    const seen: string[] = [];
    let after: string | null = null;
    let added = 0;
    do {
      const page: { body: { data: { email: string }[]; next: string | null } } = await call(listContactsRoute, `/api/v1/contacts?limit=3${after ? `&after=${after}` : ""}`, key.key);
      seen.push(...page.body.data.map((c) => c.email));
      after = page.body.next;
      // Rows inserted mid-way come after the cursor: nothing is skipped or seen twice.
      if (added++ === 0) await makeContact(w, { email: "late@example.com" });
    } while (after);
    expect(seen).toEqual([...Array.from({ length: 7 }, (_, i) => `page-${i}@example.com`), "late@example.com"]);
    await db.update(contacts).set({ tags: ["vip"] }).where(eq(contacts.email, "page-3@example.com"));
    expect((await call(listContactsRoute, "/api/v1/contacts?tag=vip", key.key)).body.data.map((c: { email: string }) => c.email)).toEqual(["page-3@example.com"]);
    const bad = await call(listContactsRoute, "/api/v1/contacts?limit=1000&status=nope&after=zzz", key.key);
    expect(bad.res.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["limit", "status"]);
  });

  it("rate limits per key in PostgreSQL with RateLimit-* headers and Retry-After; audits every call with the key as actor", async () => {
    const key = await newKey(ws);
    const ok = await call(listContactsRoute, "/api/v1/contacts", key.key);
    expect(ok.res.headers.get("ratelimit-limit")).toBe("600");
    expect(Number(ok.res.headers.get("ratelimit-remaining"))).toBe(599);
    await LIMITS.apiPerKey.penalty(key.id, 599);
    const over = await call(listContactsRoute, "/api/v1/contacts", key.key);
    expect(over.res.status).toBe(429);
    expect(Number(over.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(over.res.headers.get("ratelimit-remaining")).toBe("0");
    await flushApiRequestAudits(); // written in batches (lib/api/request-audit.ts)
    const audits = await db.select().from(auditEntries).where(eq(auditEntries.actorId, key.id));
    expect(audits.map((a) => [a.actorType, a.action, (a.data as { status: number }).status])).toEqual([["api_key", "api.request", 200]]);
  });
});
