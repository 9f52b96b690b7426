import { apiRoute, json, parseBody } from "@/lib/api/http";
import { webhookOps } from "@/lib/api/ops/webhooks";
import { endpointJson, fromBody, problemOf } from "@/lib/webhooks/api";
import { createEndpoint, listEndpoints, type EndpointInput } from "@/lib/webhooks/endpoints";

/** GET /api/v1/webhook-endpoints — never with secrets. */
export const GET = apiRoute(webhookOps.listEndpoints, async (_req, ctx) => json({ data: (await listEndpoints(ctx.workspace.id)).map(endpointJson) }));

/** POST /api/v1/webhook-endpoints — 201 with the secret, the only time it is shown. */
export const POST = apiRoute(webhookOps.createEndpoint, async (req, ctx) => {
  const made = await createEndpoint(ctx, fromBody(await parseBody(req, webhookOps.createEndpoint.body)) as EndpointInput);
  if (!made.ok) throw problemOf(made, "webhook endpoint");
  return json({ ...endpointJson(made), secret: made.secret }, 201);
});
