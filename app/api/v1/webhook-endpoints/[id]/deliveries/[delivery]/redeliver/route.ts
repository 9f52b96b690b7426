import { apiRoute, json } from "@/lib/api/http";
import { webhookOps } from "@/lib/api/ops/webhooks";
import { deliveryJson, problemOf } from "@/lib/webhooks/api";
import { redeliver } from "@/lib/webhooks/deliveries";

/** POST /api/v1/webhook-endpoints/{id}/deliveries/{delivery}/redeliver — 202; 409 while it is still queued or being sent. */
export const POST = apiRoute<{ id: string; delivery: string }>(webhookOps.redeliver, async (_req, ctx, { id, delivery }) => {
  const done = await redeliver(ctx, delivery, id);
  if (!done.ok) throw problemOf(done, "delivery", 409);
  return json({ ...deliveryJson(done), message: done.message }, 202);
});
