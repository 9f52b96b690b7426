"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction, adminCtx, fieldErrorsOf } from "@/lib/actions";
import { apiKeySchema, createApiKey, revokeApiKey } from "@/lib/api/keys";
import { slugSchema } from "@/lib/slug";

const pathOf = (slug: string) => `/admin/${slug}/settings/api-keys`;

/** Checkboxes arrive as nothing, one string or several; an empty number field means "no expiry". */
function keyInput(data: Record<string, unknown>) {
  const scopes = data.scopes === undefined ? [] : Array.isArray(data.scopes) ? data.scopes : [data.scopes];
  const days = typeof data.expiresInDays === "string" ? data.expiresInDays.trim() : data.expiresInDays;
  return { name: data.name, scopes, expiresInDays: days === "" ? undefined : days };
}

/**
 * Makes a key and hands it back once, in `data` (never in `values`). The key's fields are
 * checked after the role: whoever may not make keys learns nothing about the form.
 */
export const createApiKeyAction = adminAction(
  z.looseObject({ workspace: slugSchema }),
  async (data, ctx) => {
    const parsed = apiKeySchema.safeParse(keyInput(data));
    if (!parsed.success) return { error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
    const made = await createApiKey(adminCtx(ctx), parsed.data);
    revalidatePath(pathOf(ctx.workspace.slug));
    return { ok: true, message: `Key “${parsed.data.name}” created.`, data: { key: made.key, prefix: made.prefix } };
  },
  { role: "admin" },
);

export const revokeApiKeyAction = adminAction(
  z.object({ workspace: slugSchema, id: z.string() }),
  async (data, ctx) => {
    const result = await revokeApiKey(adminCtx(ctx), data.id);
    if (!result.ok) return { error: result.error };
    revalidatePath(pathOf(ctx.workspace.slug));
    return { ok: true, message: result.message };
  },
  { role: "admin" },
);
