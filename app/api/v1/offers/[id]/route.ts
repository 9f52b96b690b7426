import { getOfferJson } from "@/lib/api/access";
import { apiRoute, json } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";

export const GET = apiRoute<{ id: string }>(accessOps.getOffer, async (_req, ctx, { id }) => json(await getOfferJson(ctx.workspace.id, id)));
