import { changeTags, contactJson, getContactOrThrow } from "@/lib/api/contacts";
import { apiRoute, json } from "@/lib/api/http";
import { contactOps } from "@/lib/api/ops/contacts";

export const DELETE = apiRoute<{ id: string; tag: string }>(contactOps.removeTag, async (_req, ctx, { id, tag }) => {
  const contact = await getContactOrThrow(ctx.workspace.id, id);
  return json(contactJson(await changeTags(ctx, contact, { remove: tag.trim() })));
});
