import { contactJson, getContactOrThrow, updateContact } from "@/lib/api/contacts";
import { apiRoute, json, parseBody } from "@/lib/api/http";
import { contactOps } from "@/lib/api/ops/contacts";
import { contactUpdateBody } from "@/lib/api/schemas";

type P = { id: string };

export const GET = apiRoute<P>(contactOps.getContact, async (_req, ctx, { id }) => json(contactJson(await getContactOrThrow(ctx.workspace.id, id))));

export const PATCH = apiRoute<P>(contactOps.updateContact, async (req, ctx, { id }) => {
  const contact = await getContactOrThrow(ctx.workspace.id, id);
  return json(contactJson(await updateContact(ctx, contact, await parseBody(req, contactUpdateBody))));
});
