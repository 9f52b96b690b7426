/**
 * Settings → API keys actions: the key comes back once (in `data`, never in `values`), only
 * its hash is stored; field errors name the field; members are refused before anything is
 * read or written. Only the framework is stood in for (admin session, headers, revalidation).
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { apiKeys, teamMembers, workspaceMembers, type MemberRole, type Workspace } from "@/db/schema";
import { hashApiKey } from "@/lib/api/keys";
import { makeWorkspace } from "@/test/fixtures";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth/admin-auth", () => ({ auth: async () => ({ userId: session.userId }), signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("@/lib/auth/learner-auth", () => ({ auth: async () => null, signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

let ws: Workspace;
const people: Partial<Record<MemberRole, string>> = {};

beforeAll(async () => {
  ws = await makeWorkspace();
  for (const role of ["admin", "member"] as const) {
    const [m] = await db.insert(teamMembers).values({ email: `${role}-${ws.slug}@example.com`, name: `Ada ${role}`, passwordHash: "x" }).returning();
    await db.insert(workspaceMembers).values({ workspaceId: ws.id, teamMemberId: m!.id, role });
    people[role] = m!.id;
  }
});

const form = (fields: Record<string, string | string[]>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ workspace: ws.slug, ...fields })) for (const one of [v].flat()) fd.append(k, one);
  return fd;
};
const keysOf = () => db.select().from(apiKeys).where(eq(apiKeys.workspaceId, ws.id));

describe("API key actions", () => {
  it("field errors beside the fields, what was typed kept; nothing written", async () => {
    session.userId = people.admin!;
    const none = await createApiKeyAction({}, form({ name: "CRM", expiresInDays: "" }));
    expect(none).toMatchObject({ fieldErrors: { scopes: "Choose at least one scope." }, values: { name: "CRM" } });
    const bad = await createApiKeyAction({}, form({ name: " ", scopes: ["contacts:read", "root"], expiresInDays: "0" }));
    expect(bad.fieldErrors).toMatchObject({ name: expect.any(String), scopes: "Choose from the listed scopes.", expiresInDays: "At least 1 day." });
    expect(await keysOf()).toEqual([]);
  });

  it("an admin's key is shown once, stored as its hash with the scopes and expiry; revoked once", async () => {
    session.userId = people.admin!;
    const made = await createApiKeyAction({}, form({ name: "Checkout", scopes: ["contacts:read", "links:write"], expiresInDays: "30" }));
    expect(made).toMatchObject({ ok: true, data: { key: expect.stringMatching(/^pk_[A-Za-z0-9_-]{43}$/) } });
    expect(made.values).toBeUndefined();
    const key = made.data!.key!;
    const [row] = await keysOf();
    expect(row).toMatchObject({ name: "Checkout", prefix: key.slice(0, 11), keyHash: hashApiKey(key), scopes: ["contacts:read", "links:write"], createdBy: people.admin });
    expect(JSON.stringify(row)).not.toContain(key);
    expect(row!.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);

    const single = await createApiKeyAction({}, form({ name: "Forever", scopes: "events:read", expiresInDays: "" }));
    expect(single).toMatchObject({ ok: true });
    expect((await keysOf()).find((k) => k.name === "Forever")).toMatchObject({ scopes: ["events:read"], expiresAt: null });

    expect(await revokeApiKeyAction({}, form({ id: row!.id }))).toMatchObject({ ok: true, message: expect.stringContaining("refused from now on") });
    expect(await revokeApiKeyAction({}, form({ id: row!.id }))).toMatchObject({ error: expect.stringContaining("already revoked") });
  });

  it("a member is refused both, and nothing changes", async () => {
    session.userId = people.admin!;
    const made = await createApiKeyAction({}, form({ name: "Live", scopes: "contacts:read" }));
    const before = await keysOf();
    session.userId = people.member!;
    expect(await createApiKeyAction({}, form({ name: "Mine", scopes: "contacts:read" }))).toMatchObject({ error: expect.stringMatching(/admin or owner/) });
    const id = before.find((k) => k.prefix === made.data!.prefix)!.id;
    expect(await revokeApiKeyAction({}, form({ id }))).toMatchObject({ error: expect.stringMatching(/admin or owner/) });
    expect(await keysOf()).toEqual(before);
  });
});
