import { listEvents } from "@/lib/api/access";
import { apiRoute, json, parseQuery } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";

export const GET = apiRoute(accessOps.listEvents, async (req, ctx) => json(await listEvents(ctx.workspace.id, parseQuery(req, accessOps.listEvents.query))));
