import { listOffersJson } from "@/lib/api/access";
import { apiRoute, json } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";

export const GET = apiRoute(accessOps.listOffers, async (_req, ctx) => json(await listOffersJson(ctx.workspace.id)));
