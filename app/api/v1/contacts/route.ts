import { listContacts, listContactsQuery } from "@/lib/api/contacts";
import { apiRoute, json, parseQuery } from "@/lib/api/http";

/** GET /api/v1/contacts?limit=&after=&email=&status=&tag=&updated_since= — oldest first, `next` is the cursor for the page after. */
export const GET = apiRoute({ scope: "contacts:read" }, async (req, ctx) => json(await listContacts(ctx.workspace.id, parseQuery(req, listContactsQuery))));
