import { listProductsJson } from "@/lib/api/access";
import { apiRoute, json } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";

export const GET = apiRoute(accessOps.listProducts, async (_req, ctx) => json(await listProductsJson(ctx.workspace.id)));
