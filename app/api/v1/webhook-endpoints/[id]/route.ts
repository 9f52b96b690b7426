import { apiRoute, json, notFound, parseBody } from "@/lib/api/http";
import { webhookOps } from "@/lib/api/ops/webhooks";
import { endpointJson, fromBody, problemOf } from "@/lib/webhooks/api";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints";

/** GET /api/v1/webhook-endpoints/{id} — 404 for another workspace's id. */
export const GET = apiRoute<{ id: string }>(webhookOps.getEndpoint, async (_req, ctx, { id }) => {
  const e = await getEndpoint(ctx.workspace.id, id);
  if (!e) throw notFound("webhook endpoint");
  return json(endpointJson(e));
});

/** PATCH /api/v1/webhook-endpoints/{id} — the fields given. */
export const PATCH = apiRoute<{ id: string }>(webhookOps.updateEndpoint, async (req, ctx, { id }) => {
  const done = await updateEndpoint(ctx, id, fromBody(await parseBody(req, webhookOps.updateEndpoint.body)));
  if (!done.ok) throw problemOf(done, "webhook endpoint");
  return json(endpointJson(done));
});

/** DELETE /api/v1/webhook-endpoints/{id} — 204, with its deliveries. */
export const DELETE = apiRoute<{ id: string }>(webhookOps.deleteEndpoint, async (_req, ctx, { id }) => {
  const done = await deleteEndpoint(ctx, id);
  if (!done.ok) throw problemOf(done, "webhook endpoint");
  return new Response(null, { status: 204 });
});
