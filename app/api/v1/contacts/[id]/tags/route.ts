import { changeTags, contactJson, getContactOrThrow } from "@/lib/api/contacts";
import { apiRoute, json, parseBody } from "@/lib/api/http";
import { contactOps } from "@/lib/api/ops/contacts";
import { tagsBody } from "@/lib/api/schemas";

export const POST = apiRoute<{ id: string }>(contactOps.addTags, async (req, ctx, { id }) => {
  const contact = await getContactOrThrow(ctx.workspace.id, id);
  const { tags } = await parseBody(req, tagsBody);
  return json(contactJson(await changeTags(ctx, contact, { add: tags })));
});
