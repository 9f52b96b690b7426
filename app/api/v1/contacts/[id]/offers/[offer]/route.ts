import { revoke } from "@/lib/api/access";
import { getContactOrThrow } from "@/lib/api/contacts";
import { apiRoute, json } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";

export const DELETE = apiRoute<{ id: string; offer: string }>(accessOps.revokeOffer, async (_req, ctx, { id, offer }) =>
  json(await revoke(ctx, await getContactOrThrow(ctx.workspace.id, id), offer)),
);
