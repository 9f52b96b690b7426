import { apiRoute, json } from "@/lib/api/http";
import { webhookOps } from "@/lib/api/ops/webhooks";
import { deliveryJson, problemOf } from "@/lib/webhooks/api";
import { sendTestEvent } from "@/lib/webhooks/deliveries";

/** POST /api/v1/webhook-endpoints/{id}/test — 202: a `webhook.test` message is queued. */
export const POST = apiRoute<{ id: string }>(webhookOps.sendTest, async (_req, ctx, { id }) => {
  const done = await sendTestEvent(ctx, id);
  if (!done.ok) throw problemOf(done, "webhook endpoint");
  return json({ ...deliveryJson(done), message: done.message }, 202);
});
