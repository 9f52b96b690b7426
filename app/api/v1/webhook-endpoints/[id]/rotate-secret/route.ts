import { apiRoute, json } from "@/lib/api/http";
import { webhookOps } from "@/lib/api/ops/webhooks";
import { problemOf } from "@/lib/webhooks/api";
import { rotateEndpointSecret } from "@/lib/webhooks/endpoints";

/** POST /api/v1/webhook-endpoints/{id}/rotate-secret — the new secret, once; the previous one signs too for 24 h. */
export const POST = apiRoute<{ id: string }>(webhookOps.rotateSecret, async (_req, ctx, { id }) => {
  const done = await rotateEndpointSecret(ctx, id);
  if (!done.ok) throw problemOf(done, "webhook endpoint");
  return json({ secret: done.secret, previous_secret_expires_at: done.previousSecretExpiresAt });
});
