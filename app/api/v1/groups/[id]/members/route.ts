import { addMember } from "@/lib/api/access";
import { getContactOrThrow } from "@/lib/api/contacts";
import { apiRoute, json, parseBody } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";
import { memberBody } from "@/lib/api/schemas";

export const POST = apiRoute<{ id: string }>(accessOps.addGroupMember, async (req, ctx, { id }) => {
  const { contact_id } = await parseBody(req, memberBody);
  return json(await addMember(ctx, id, await getContactOrThrow(ctx.workspace.id, contact_id)));
});
