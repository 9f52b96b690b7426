"use server";
import { z } from "zod";
import { adminAction, adminCtx } from "@/lib/actions";
import { slugSchema } from "@/lib/slug";
import { replaceWebhookSecret, revealWebhookSecret } from "@/lib/workflows/webhook-secret";

const ws = z.object({ workspace: slugSchema });

/** Shows the workspace's webhook signing secret (made on first use); each reveal is audited. */
export const revealWebhookSecretAction = adminAction(
  ws,
  async (_data, ctx) => {
    const secret = await revealWebhookSecret(adminCtx(ctx));
    return { ok: true, message: "Signing secret shown: copy it into your receiver.", data: { secret } };
  },
  { role: "admin" },
);

/** A new secret at once: signatures made with the old one stop verifying. */
export const rotateWebhookSecretAction = adminAction(
  ws,
  async (_data, ctx) => {
    const secret = await replaceWebhookSecret(adminCtx(ctx));
    return { ok: true, message: "New signing secret made: the old one no longer verifies.", data: { secret } };
  },
  { role: "admin" },
);
