/**
 * API keys (issue 16): `pk_` + 32 random bytes (base64url), shown once when made; only the
 * SHA-256 is stored, with the first characters as a visible prefix. A key belongs to one
 * workspace, has scopes and an optional expiry, and can be revoked (at once: every request
 * looks the key up). Owners and admins manage them (the actions check the role).
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db, fixedQuery } from "@/db/client";
import { apiKeys, workspaces, type Workspace } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { isUuid } from "@/lib/utils";
import { SCOPE_NAMES, type Scope } from "./scopes";

export const apiKeySchema = z.object({
  name: z.string({ error: "Name the key (what uses it)." }).trim().min(1, "Name the key (what uses it).").max(80, "Keep the name under 80 characters."),
  scopes: z.array(z.enum(SCOPE_NAMES, { error: "Choose from the listed scopes." })).min(1, "Choose at least one scope."),
  /** Days until it stops working; none: until revoked. */
  expiresInDays: z.coerce.number().int("Enter a whole number of days.").min(1, "At least 1 day.").max(3650, "At most 10 years.").optional(),
});
export type ApiKeyInput = z.infer<typeof apiKeySchema>;

const PREFIX_LENGTH = 11;
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export type CreatedKey = { id: string; key: string; prefix: string };

export async function createApiKey(ctx: Ctx, input: ApiKeyInput): Promise<CreatedKey> {
  const key = `pk_${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, PREFIX_LENGTH);
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ workspaceId: ctx.workspace.id, name: input.name, prefix, keyHash: hashApiKey(key), scopes: [...new Set(input.scopes)], expiresAt, createdBy: ctx.actor.type === "admin" ? ctx.actor.id : null })
      .returning({ id: apiKeys.id });
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "api_key.created", data: { apiKeyId: row!.id, name: input.name, prefix, scopes: input.scopes, expiresAt: expiresAt?.toISOString() ?? null } });
    return { id: row!.id, key, prefix };
  });
}

export async function listApiKeys(workspaceId: string) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, scopes: apiKeys.scopes, expiresAt: apiKeys.expiresAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt, createdAt: apiKeys.createdAt })
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(ctx: Ctx, id: string): Promise<{ ok: true; message: string } | { ok: false; error: string }> {
  if (!isUuid(id)) return { ok: false, error: "That key does not exist." };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.workspaceId, ctx.workspace.id), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name, prefix: apiKeys.prefix });
    if (!row) return { ok: false, error: "That key does not exist or is already revoked." };
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "api_key.revoked", data: { apiKeyId: id, name: row.name, prefix: row.prefix } });
    return { ok: true, message: `Key “${row.name}” (${row.prefix}…) revoked: requests with it are refused from now on.` };
  });
}

const lastUsedWritten = new Map<string, number>();

/** Every API request runs this first: its text is built once. */
const keyByHash = fixedQuery((d) =>
  d
    .select({ key: apiKeys, workspace: workspaces })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(eq(apiKeys.keyHash, sql.placeholder("hash"))),
);

export type ApiCaller = { workspace: Workspace; keyId: string; scopes: Scope[] };

/**
 * The caller of an API request from its `Authorization: Bearer pk_…` header, or why not (a
 * sentence for a 401). Revoked and expired keys are refused; last-used is written at most once a minute.
 */
export async function authenticateApiKey(header: string | null): Promise<{ ok: true; caller: ApiCaller } | { ok: false; error: string }> {
  const m = header?.match(/^Bearer\s+(pk_[A-Za-z0-9_-]{43})\s*$/);
  if (!m) return { ok: false, error: "Send an API key as “Authorization: Bearer pk_…” (Settings → API keys)." };
  const [row] = await keyByHash(db, { hash: hashApiKey(m[1]!) });
  if (!row || row.key.revokedAt) return { ok: false, error: "This API key is not valid (unknown or revoked)." };
  if (row.key.expiresAt && row.key.expiresAt <= new Date()) return { ok: false, error: "This API key has expired." };
  // At most once a minute per key, and a process that wrote it lately does not even ask.
  const now = Date.now();
  if ((lastUsedWritten.get(row.key.id) ?? 0) < now - 60_000 && (!row.key.lastUsedAt || row.key.lastUsedAt.getTime() < now - 60_000)) {
    lastUsedWritten.set(row.key.id, now);
    if (lastUsedWritten.size > 10_000) lastUsedWritten.clear();
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(and(eq(apiKeys.id, row.key.id), sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`));
  }
  return { ok: true, caller: { workspace: row.workspace, keyId: row.key.id, scopes: row.key.scopes as Scope[] } };
}
