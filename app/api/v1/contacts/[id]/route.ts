import { contactJson, getContactOrThrow } from "@/lib/api/contacts";
import { apiRoute, json } from "@/lib/api/http";

/** GET /api/v1/contacts/{id} — 404 for an id of another workspace. */
export const GET = apiRoute<{ id: string }>({ scope: "contacts:read" }, async (_req, ctx, { id }) => json(contactJson(await getContactOrThrow(ctx.workspace.id, id))));
