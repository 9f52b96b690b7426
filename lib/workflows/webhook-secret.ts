/**
 * The workspace's signing secret for workflow webhook steps (Standard Webhooks: `whsec_` +
 * base64 of 24 random bytes), made on first use and stored sealed. Receivers verify with any
 * Standard Webhooks library.
 */
import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { db, type Queryable } from "@/db/client";
import { workspaces } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { seal, unseal } from "@/lib/mail/sealed";

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

export async function workspaceWebhookSecret(q: Queryable, workspaceId: string): Promise<string> {
  const [row] = await q.select({ secret: workspaces.webhookSecret }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (row?.secret) return unseal(row.secret);
  const fresh = newWebhookSecret();
  const [set] = await q
    .update(workspaces)
    .set({ webhookSecret: seal(fresh) })
    .where(and(eq(workspaces.id, workspaceId), isNull(workspaces.webhookSecret)))
    .returning({ secret: workspaces.webhookSecret });
  if (set?.secret) return fresh;
  // Another process made it first.
  return workspaceWebhookSecret(q, workspaceId);
}

/** A new secret; the old one stops working at once (the dashboard says so). */
export async function rotateWebhookSecret(q: Queryable, workspaceId: string): Promise<string> {
  const fresh = newWebhookSecret();
  await q.update(workspaces).set({ webhookSecret: seal(fresh) }).where(eq(workspaces.id, workspaceId));
  return fresh;
}

/** The three Standard Webhooks headers for one message. */
export function signedHeaders(secret: string, msgId: string, payload: string, at = new Date()): Record<string, string> {
  const signature = new Webhook(secret).sign(msgId, at, payload);
  return { "webhook-id": msgId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

/** The dashboard's "Reveal secret": the secret (made on first use), audited. */
export function revealWebhookSecret(ctx: Ctx): Promise<string> {
  return db.transaction(async (tx) => {
    const secret = await workspaceWebhookSecret(tx, ctx.workspace.id);
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "webhook_secret.revealed" });
    return secret;
  });
}

/** The dashboard's "Rotate secret": a new one at once (the old one stops verifying), audited. */
export function replaceWebhookSecret(ctx: Ctx): Promise<string> {
  return db.transaction(async (tx) => {
    const secret = await rotateWebhookSecret(tx, ctx.workspace.id);
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "webhook_secret.rotated" });
    return secret;
  });
}
