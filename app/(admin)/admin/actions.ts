"use server";
import { AuthError } from "next-auth";
import { z } from "zod";
import { action, inputlessAction } from "@/lib/actions";
import { signIn, signOut } from "@/lib/auth/admin-auth";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { queueEmailRequest } from "@/lib/jobs/email-requests";
import { resetAdminPassword, throttleAdminResetRequest } from "@/lib/links/admin-reset";
import { retryAtOfCode, retryMessage } from "@/lib/auth/rate-limit";
import { emailSchema, slugSchema } from "@/lib/slug";
import { requireAdmin } from "@/lib/auth/session";
import { createWorkspace, listWorkspacesForMember, SlugTakenError } from "@/lib/tenancy/workspaces";
import { redirect } from "next/navigation";

const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX * 4),
});

export const adminLoginAction = action(loginSchema, async (data) => {
  try {
    await signIn("admin-password", { email: data.email, password: data.password, redirectTo: "/admin" });
  } catch (err) {
    if (err instanceof AuthError) {
      const retryAt = retryAtOfCode((err as AuthError & { code?: string }).code);
      return { error: retryAt ? retryMessage(retryAt, "sign-in attempts") : "Email or password is incorrect." };
    }
    throw err;
  }
});

export const adminSignOutAction = inputlessAction(async () => {
  await signOut({ redirectTo: "/admin/login" });
});

const FORGOT_MESSAGE =
  "If an admin account exists for that email, we have sent it a link to choose a new password. The link works once and expires in 2 hours.";

/**
 * The same words, status and time for every address: the limits are counted for known and
 * unknown emails alike, and the lookup and the email happen in the worker, from a job written
 * before the answer (lib/jobs/email-requests.ts, as the portal's request routes do).
 */
export const forgotPasswordAction = action(z.object({ email: emailSchema }), async (data, { request }) => {
  const limit = await throttleAdminResetRequest(data.email, request);
  if (!limit.ok) return { error: retryMessage(limit.retryAt, "reset requests") };
  await queueEmailRequest({ type: "admin_reset", email: data.email, request });
  return { ok: true, message: FORGOT_MESSAGE };
});

const resetSchema = z.object({ token: z.string().min(1).max(100), password: z.string().max(PASSWORD_MAX * 4) });

export const resetPasswordAction = action(resetSchema, async (data, { request }) => {
  const result = await resetAdminPassword(data.token, data.password, request);
  if (!result.ok) {
    if (result.passwordError) return { error: result.passwordError, fieldErrors: { password: result.passwordError } };
    return { error: "This reset link can no longer be used. Ask for a new one below." };
  }
  try {
    await signIn("admin-password", { email: result.email, password: data.password, redirectTo: "/admin" });
  } catch (err) {
    // The password is saved either way; if signing in is refused now (the IP is throttled), say so.
    if (!(err instanceof AuthError)) throw err;
    const retryAt = retryAtOfCode((err as AuthError & { code?: string }).code);
    return { ok: true, message: `Your new password is saved. ${retryAt ? retryMessage(retryAt, "sign-in attempts from this network") : ""} Sign in with it on the sign-in page.`.replace(/\s+/g, " ") };
  }
});

const workspaceSchema = z.object({ name: z.string().trim().min(1, "Enter a name.").max(120), slug: slugSchema });

export const createWorkspaceAction = action(workspaceSchema, async (data) => {
  const admin = await requireAdmin();
  if (!(await listWorkspacesForMember(admin.id)).some((m) => m.role === "owner")) return { error: "Only the owner of a workspace can create more workspaces." };
  try {
    await createWorkspace({ name: data.name, slug: data.slug, ownerId: admin.id });
  } catch (err) {
    if (err instanceof SlugTakenError) return { error: err.message, fieldErrors: { slug: err.message } };
    throw err;
  }
  redirect(`/admin/${data.slug}`);
});
