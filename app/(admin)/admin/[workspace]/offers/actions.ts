"use server";
import { z } from "zod";
import { offerSchema, saveOffer } from "@/lib/access/offers";
import { adminAction, adminCtx, savedRecord } from "@/lib/actions";
import { slugSchema } from "@/lib/slug";

export const saveOfferAction = adminAction(
  offerSchema.extend({ workspace: slugSchema, id: z.uuid().optional() }),
  async (data, ctx) =>
    savedRecord(await saveOffer(adminCtx(ctx), data), { listPath: `/admin/${ctx.workspace.slug}/offers`, editing: !!data.id, message: "Offer saved." }),
  { role: "admin" },
);
