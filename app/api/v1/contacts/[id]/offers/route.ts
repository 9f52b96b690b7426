import { grant, listGrants } from "@/lib/api/access";
import { getContactOrThrow } from "@/lib/api/contacts";
import { apiRoute, json, parseBody } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";
import { contactOps } from "@/lib/api/ops/contacts";
import { grantBody } from "@/lib/api/schemas";

type P = { id: string };

export const GET = apiRoute<P>(contactOps.listGrants, async (_req, ctx, { id }) => json(await listGrants(ctx.workspace.id, (await getContactOrThrow(ctx.workspace.id, id)).id)));

export const POST = apiRoute<P>(accessOps.grantOffer, async (req, ctx, { id }) => {
  const result = await grant(ctx, id, await parseBody(req, grantBody));
  return json(result.body, result.created ? 201 : 200);
});
