"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction, adminCtx } from "@/lib/actions";
import { retryMessage } from "@/lib/mail/delivery-log";
import { setSystemEmail } from "@/lib/mail/system-emails";
import { liftSuppression } from "@/lib/mail/webhooks";
import { emailSchema, slugSchema } from "@/lib/slug";

/** Retrying is sending an email: open to the member role. */
export const retryEmailAction = adminAction(z.object({ workspace: slugSchema, messageId: z.uuid() }), async (data, ctx) => {
  const result = await retryMessage(adminCtx(ctx), data.messageId);
  if (!result.ok) return { error: result.error };
  revalidatePath(`/admin/${ctx.workspace.slug}`, "layout");
  return { ok: true, message: result.message };
});

export const liftSuppressionAction = adminAction(
  z.object({ workspace: slugSchema, email: emailSchema }),
  async (data, ctx) => {
    const lifted = await liftSuppression(adminCtx(ctx), data.email);
    revalidatePath(`/admin/${ctx.workspace.slug}`, "layout");
    return lifted ? { ok: true, message: `Emails to ${data.email} will be sent again.` } : { error: "That address is not suppressed." };
  },
  { role: "admin" },
);

export const setSystemEmailAction = adminAction(
  z.object({ workspace: slugSchema, key: z.string().max(40), on: z.enum(["true", "false"]) }),
  async (data, ctx) => {
    const result = await setSystemEmail(adminCtx(ctx), data.key, data.on === "true");
    if (!result.ok) return { error: result.error };
    revalidatePath(`/admin/${ctx.workspace.slug}/emails/system`);
    return { ok: true };
  },
  { role: "admin" },
);
