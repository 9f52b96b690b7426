"use server";
import { z } from "zod";
import { db } from "@/db/client";
import { adminAction } from "@/lib/actions";
import { recordAudit } from "@/lib/audit/record";
import { slugSchema } from "@/lib/slug";
import { rotateWebhookSecret, workspaceWebhookSecret } from "@/lib/workflows/webhook-secret";

const ws = z.object({ workspace: slugSchema });

/** Shows the workspace's webhook signing secret (made on first use); each reveal is audited. */
export const revealWebhookSecretAction = adminAction(
  ws,
  async (_data, ctx) => {
    const secret = await db.transaction(async (tx) => {
      const s = await workspaceWebhookSecret(tx, ctx.workspace.id);
      await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: { type: "admin", id: ctx.admin.id }, request: ctx.request, action: "webhook_secret.revealed" });
      return s;
    });
    return { ok: true, message: "Signing secret shown: copy it into your receiver.", data: { secret } };
  },
  { role: "admin" },
);

/** A new secret at once: signatures made with the old one stop verifying. */
export const rotateWebhookSecretAction = adminAction(
  ws,
  async (_data, ctx) => {
    const secret = await db.transaction(async (tx) => {
      const s = await rotateWebhookSecret(tx, ctx.workspace.id);
      await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: { type: "admin", id: ctx.admin.id }, request: ctx.request, action: "webhook_secret.rotated" });
      return s;
    });
    return { ok: true, message: "New signing secret made: the old one no longer verifies.", data: { secret } };
  },
  { role: "admin" },
);
