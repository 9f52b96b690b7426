"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction, type FormState } from "@/lib/actions";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { adminChangePassword, adminSignOutEverywhere } from "@/lib/contacts/security";
import type { Ctx } from "@/lib/context";
import { generateMagicLink, revokeLink, sendLoginEmail, sendResetLink } from "@/lib/links/admin-links";
import { formatExpiry } from "@/lib/mail/format";
import { slugSchema } from "@/lib/slug";

const base = z.object({ workspace: slugSchema, contactId: z.uuid() });
const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());

type ActionCtx = Parameters<Parameters<typeof adminAction>[1]>[1];
const ctxOf = (c: ActionCtx): Ctx => ({ workspace: c.workspace, actor: { type: "admin", id: c.admin.id }, request: c.request });

function done(ctx: ActionCtx, contactId: string, result: FormState): FormState {
  revalidatePath(`/admin/${ctx.workspace.slug}/contacts/${contactId}`);
  return result;
}

export const generateMagicLinkAction = adminAction(
  base.extend({ destination: z.string().max(300).optional(), sendEmail: checkbox }),
  async (data, ctx) => {
    const result = await generateMagicLink(ctxOf(ctx), { contactId: data.contactId, destination: data.destination || null, sendEmail: data.sendEmail });
    if (!result.ok) return { error: result.error };
    return done(ctx, data.contactId, {
      ok: true,
      message: `Magic link ready${result.emailed ? " and emailed" : ""}. It expires ${formatExpiry(result.expiresAt)}.`,
      data: { link: result.url },
    });
  },
);

export const sendLoginEmailAction = adminAction(base, async (data, ctx) => {
  const result = await sendLoginEmail(ctxOf(ctx), data.contactId);
  return result.ok ? done(ctx, data.contactId, { ok: true, message: result.message }) : { error: result.error };
});

export const sendResetLinkAction = adminAction(base, async (data, ctx) => {
  const result = await sendResetLink(ctxOf(ctx), data.contactId);
  return result.ok ? done(ctx, data.contactId, { ok: true, message: result.message }) : { error: result.error };
});

export const changePasswordAction = adminAction(
  base.extend({ password: z.string().max(PASSWORD_MAX * 4), notify: checkbox }),
  async (data, ctx) => {
    const result = await adminChangePassword(ctxOf(ctx), { contactId: data.contactId, password: data.password, notify: data.notify });
    if (!result.ok) return { error: result.fieldErrors.password, fieldErrors: result.fieldErrors };
    return done(ctx, data.contactId, { ok: true, message: result.message });
  },
  { role: "admin" },
);

export const signOutEverywhereAction = adminAction(
  base,
  async (data, ctx) => done(ctx, data.contactId, { ok: true, message: (await adminSignOutEverywhere(ctxOf(ctx), data.contactId)).message }),
  { role: "admin" },
);

export const revokeLinkAction = adminAction(
  base.extend({ tokenId: z.uuid() }),
  async (data, ctx) => {
    const result = await revokeLink(ctxOf(ctx), { contactId: data.contactId, tokenId: data.tokenId });
    return result.ok ? done(ctx, data.contactId, { ok: true, message: result.message }) : { error: result.error };
  },
  { role: "admin" },
);
