import { getProductJson } from "@/lib/api/access";
import { apiRoute, json } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";

export const GET = apiRoute<{ id: string }>(accessOps.getProduct, async (_req, ctx, { id }) => json(await getProductJson(ctx.workspace.id, id)));
