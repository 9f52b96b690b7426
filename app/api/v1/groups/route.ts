import { listGroupsJson } from "@/lib/api/access";
import { apiRoute, json } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";

export const GET = apiRoute(accessOps.listGroups, async (_req, ctx) => json(await listGroupsJson(ctx.workspace.id)));
