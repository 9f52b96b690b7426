import { contactJson, listContacts, upsertContact } from "@/lib/api/contacts";
import { apiRoute, json, parseBody, parseQuery } from "@/lib/api/http";
import { contactOps } from "@/lib/api/ops/contacts";
import { contactUpdateBody, upsertQuery } from "@/lib/api/schemas";

export const GET = apiRoute(contactOps.listContacts, async (req, ctx) => json(await listContacts(ctx.workspace.id, parseQuery(req, contactOps.listContacts.query))));

export const PUT = apiRoute(contactOps.upsertContact, async (req, ctx) => {
  const { email } = parseQuery(req, upsertQuery);
  const { contact, created } = await upsertContact(ctx, email, await parseBody(req, contactUpdateBody));
  return json(contactJson(contact), created ? 201 : 200);
});
