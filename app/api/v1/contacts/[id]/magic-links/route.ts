import { createMagicLink } from "@/lib/api/access";
import { getContactOrThrow } from "@/lib/api/contacts";
import { apiRoute, json, parseBody } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";
import { magicLinkBody } from "@/lib/api/schemas";

export const POST = apiRoute<{ id: string }>(accessOps.createMagicLink, async (req, ctx, { id }) => {
  const contact = await getContactOrThrow(ctx.workspace.id, id);
  return json(await createMagicLink(ctx, contact, await parseBody(req, magicLinkBody)), 201, { "cache-control": "no-store" });
});
