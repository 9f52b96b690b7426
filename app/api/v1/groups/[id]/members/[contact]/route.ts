import { removeMember } from "@/lib/api/access";
import { getContactOrThrow } from "@/lib/api/contacts";
import { apiRoute, json } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";

export const DELETE = apiRoute<{ id: string; contact: string }>(accessOps.removeGroupMember, async (_req, ctx, { id, contact }) =>
  json(await removeMember(ctx, id, await getContactOrThrow(ctx.workspace.id, contact))),
);
