"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction, adminCtx, type FormState } from "@/lib/actions";
import { dripSchema, setDrip } from "@/lib/courses/drip-settings";
import { slugSchema } from "@/lib/slug";

/** Drip for a category or lesson, from the course outline. */
export const dripAction = adminAction(
  z.intersection(z.object({ workspace: slugSchema, productId: z.uuid() }), dripSchema),
  async (data, c): Promise<FormState> => {
    const outcome = await setDrip(adminCtx(c), data);
    if (!outcome.ok) return { error: outcome.error };
    revalidatePath(`/admin/${c.workspace.slug}/courses/${data.productId}`);
    return { ok: true, message: outcome.message };
  },
  { role: "admin" },
);
