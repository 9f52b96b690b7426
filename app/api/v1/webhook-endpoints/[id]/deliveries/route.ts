import { ApiProblem, apiRoute, json, notFound, parseQuery } from "@/lib/api/http";
import { webhookOps } from "@/lib/api/ops/webhooks";
import { deliveryJson } from "@/lib/webhooks/api";
import { listDeliveries } from "@/lib/webhooks/deliveries";

/** GET /api/v1/webhook-endpoints/{id}/deliveries?limit=&after=&status= — newest first. */
export const GET = apiRoute<{ id: string }>(webhookOps.listDeliveries, async (req, ctx, { id }) => {
  const q = parseQuery(req, webhookOps.listDeliveries.query);
  const found = await listDeliveries(ctx.workspace.id, id, q);
  if (!found) throw notFound("webhook endpoint");
  if ("badCursor" in found) throw new ApiProblem({ status: 422, title: "The query is not valid", detail: "after: not a cursor this API returned", errors: { after: "not a cursor this API returned" } });
  return json({ data: found.data.map(deliveryJson), next: found.next });
});
