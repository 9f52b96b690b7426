"use server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { startPreview } from "@/lib/auth/preview";
import { profileSchema, saveProfile } from "@/lib/contacts/profile";
import { z } from "zod";
import { grantOfferToContact, resendWelcome, revokeOfferFromContact } from "@/lib/access/enrollment";
import { adminAction, adminCtx, type AdminActionCtx, type FormState } from "@/lib/actions";
import { checkbox } from "@/lib/form-values";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { adminChangePassword, adminSignOutEverywhere } from "@/lib/contacts/security";
import { generateMagicLink, revokeLink, sendLoginEmail, sendResetLink } from "@/lib/links/admin-links";
import { formatDuration } from "@/lib/mail/format";
import { slugSchema } from "@/lib/slug";

const base = z.object({ workspace: slugSchema, contactId: z.uuid() });

const ctxOf = adminCtx;

function done(ctx: AdminActionCtx, contactId: string, result: FormState): FormState {
  revalidatePath(`/admin/${ctx.workspace.slug}/contacts/${contactId}`);
  return result;
}

/**
 * The magic link is shown to whoever generates it: a long-lived sign-in credential for the
 * contact, so it needs the admin role (the role that may also preview the learner). Members
 * send login emails instead, whose link reaches only the contact's inbox.
 */
export const generateMagicLinkAction = adminAction(
  base.extend({ destination: z.string().max(300).optional(), sendEmail: checkbox }),
  async (data, ctx) => {
    const result = await generateMagicLink(ctxOf(ctx), { contactId: data.contactId, destination: data.destination || null, sendEmail: data.sendEmail });
    if (!result.ok) return { error: result.error };
    return done(ctx, data.contactId, {
      ok: true,
      message: `Magic link ready${result.emailed ? " and emailed" : ""}. It expires in ${formatDuration(result.expiresAt.getTime() - Date.now())}.`,
      data: { link: result.url, expiresAt: result.expiresAt.toISOString() },
    });
  },
  { role: "admin" },
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

export const grantOfferAction = adminAction(
  base.extend({ offerId: z.uuid({ message: "Choose an offer." }) }),
  async (data, ctx) => {
    const result = await grantOfferToContact(ctxOf(ctx), data);
    return result.ok ? done(ctx, data.contactId, { ok: true, message: result.message }) : { error: result.error };
  },
  { role: "admin" },
);

export const revokeOfferAction = adminAction(
  base.extend({ offerId: z.uuid() }),
  async (data, ctx) => {
    const result = await revokeOfferFromContact(ctxOf(ctx), data);
    return result.ok ? done(ctx, data.contactId, { ok: true, message: result.message }) : { error: result.error };
  },
  { role: "admin" },
);

/** Re-sends the welcome email; sending emails is open to the member role. */
export const resendWelcomeAction = adminAction(base, async (data, ctx) => {
  const result = await resendWelcome(ctxOf(ctx), data);
  return result.ok ? done(ctx, data.contactId, { ok: true, message: result.message }) : { error: result.error };
});

export const saveProfileAction = adminAction(
  base.extend(profileSchema.shape),
  async (data, ctx) => {
    const result = await saveProfile(ctxOf(ctx), data.contactId, data);
    if (!result.ok) return { error: "Please correct the highlighted fields.", fieldErrors: result.fieldErrors };
    return done(ctx, data.contactId, { ok: true, message: "Profile saved." });
  },
  { role: "admin" },
);

/** Preview as learner: a reason, then a 30-minute portal session as this contact (audited). */
export const previewAsLearnerAction = adminAction(
  base.extend({ reason: z.string().max(300) }),
  async (data, ctx) => {
    const result = await startPreview(ctxOf(ctx), { contactId: data.contactId, reason: data.reason });
    if (!result.ok) return { error: result.error, fieldErrors: { reason: result.error } };
    (await cookies()).set(result.cookie.name, result.cookie.value, result.cookie.options);
    // The portal opens in a new tab (the form opens it): the admin's own tab stays on the contact.
    return { ok: true, message: "Preview started: it opened in a new tab.", data: { previewUrl: `/p/${ctx.workspace.slug}` } };
  },
  { role: "admin" },
);
