/**
 * Settings → API keys' "Recent API requests": the workspace's `api.request` entries, newest
 * first, each named by its key; nothing of another workspace (its entries, or its key's name
 * through an actor id copied into this one's), nothing that is not an API call.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import type { Workspace } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { makeWorkspace } from "@/test/fixtures";
import { createApiKey } from "./keys";
import { recentApiRequests } from "./request-log";

let a: Workspace;
let b: Workspace;

beforeAll(async () => {
  [a, b] = [await makeWorkspace(), await makeWorkspace()];
});

const ctxOf = (ws: Workspace) => ({ workspace: ws, actor: { type: "system" as const }, request: {} });

describe("recent API requests", () => {
  it("lists this workspace's calls newest first with the key's name and prefix, and nothing else", async () => {
    const record = (ws: Workspace, keyId: string, data: Record<string, unknown>, action = "api.request") =>
      recordAudit(db, { workspaceId: ws.id, actor: { type: "api_key", id: keyId }, action, data });
    expect(await recentApiRequests(a.id)).toEqual([]);
    const mine = await createApiKey(ctxOf(a), { name: "Checkout", scopes: ["contacts:read"] });
    const theirs = await createApiKey(ctxOf(b), { name: "Their CRM", scopes: ["contacts:read"] });
    await record(a, mine.id, { method: "GET", path: "/api/v1/contacts", status: 200 });
    await new Promise((r) => setTimeout(r, 5));
    await record(a, mine.id, { method: "POST", path: "/api/v1/contacts/x/offers", status: 422 });
    await record(a, mine.id, { name: "Checkout" }, "api_key.created");
    await record(b, theirs.id, { method: "GET", path: "/api/v1/offers", status: 200 });
    await new Promise((r) => setTimeout(r, 5));
    // An entry of A naming B's key (it cannot happen through the API) does not reveal B's key.
    await record(a, theirs.id, { method: "GET", path: "/api/v1/products", status: 200 });

    const rows = await recentApiRequests(a.id);
    expect(rows.map((r) => [r.method, r.path, r.status, r.keyName, r.keyPrefix])).toEqual([
      ["GET", "/api/v1/products", 200, null, null],
      ["POST", "/api/v1/contacts/x/offers", 422, "Checkout", mine.prefix],
      ["GET", "/api/v1/contacts", 200, "Checkout", mine.prefix],
    ]);
    expect((await recentApiRequests(a.id, 1)).length).toBe(1);
    expect((await recentApiRequests(b.id)).map((r) => r.keyName)).toEqual(["Their CRM"]);
  });
});
