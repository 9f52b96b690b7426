import { apiRoute, json, notFound } from "@/lib/api/http";
import { webhookOps } from "@/lib/api/ops/webhooks";
import { deliveryDetailJson } from "@/lib/webhooks/api";
import { getDelivery } from "@/lib/webhooks/deliveries";

/** GET /api/v1/webhook-endpoints/{id}/deliveries/{delivery} — the request sent and every attempt. */
export const GET = apiRoute<{ id: string; delivery: string }>(webhookOps.getDelivery, async (_req, ctx, { id, delivery }) => {
  const d = await getDelivery(ctx.workspace.id, delivery, id);
  if (!d) throw notFound("delivery");
  return json(deliveryDetailJson(d));
});
