"use server";
import { AuthError } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action, formAction, learnerAction } from "@/lib/actions";
import { setOwnPassword, signOutEverywhere } from "@/lib/auth/learner-account";
import { signIn, signOut } from "@/lib/auth/learner-auth";
import { currentLearner, currentPreview } from "@/lib/auth/session";
import { recordPreviewEnded } from "@/lib/auth/preview";
import { learnerSessionCookie, learnerCookieName } from "@/lib/auth/learner-session";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { destinationPath, nextOf } from "@/lib/links/destination";
import { completePasswordLink } from "@/lib/links/password-links";
import { retryAtOfCode, retryMessage } from "@/lib/auth/rate-limit";
import { OIDC_PROVIDER_ID, OIDC_WORKSPACE_COOKIE } from "@/lib/auth/oidc";
import { appUrl } from "@/lib/env";
import { requestInfoFrom } from "@/lib/request-info";
import { emailSchema, slugSchema } from "@/lib/slug";
import { getWorkspaceBySlug } from "@/lib/tenancy/workspaces";

const loginSchema = z.object({
  workspace: slugSchema,
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX * 4),
  next: z.string().max(300).optional(),
});

const MESSAGES: Record<string, string> = {
  no_access: "Your access is not active. If you think this is a mistake, contact the business that gave you access.",
};

export const learnerLoginAction = action(loginSchema, async (data) => {
  // Only a portal this host serves (on a custom domain: its own workspace's).
  if (!(await getWorkspaceBySlug(data.workspace))) return { error: "This portal does not exist here." };
  try {
    const { next, ...credentials } = data;
    await signIn("learner-password", { ...credentials, redirectTo: destinationPath(data.workspace, next) });
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code ?? "";
      const retryAt = retryAtOfCode(code);
      if (retryAt) return { error: `${retryMessage(retryAt, "sign-in attempts")} Or sign in with an emailed link.` };
      return {
        error:
          MESSAGES[code] ??
          "Email or password is incorrect. Never set a password? Use “Forgot password?” and we will email you a link to set one.",
      };
    }
    throw err;
  }
});

export const learnerSignOutAction = formAction(async (formData) => {
  const slug = slugSchema.safeParse(formData.get("workspace"));
  await signOut({ redirectTo: slug.success ? `/p/${slug.data}/login?signed_out=1` : "/" });
});

async function setSessionCookie(contact: Parameters<typeof learnerSessionCookie>[0]) {
  const cookie = await learnerSessionCookie(contact);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
}

const passwordField = z.string().max(PASSWORD_MAX * 4);

/** The set-password form behind a setup or reset link: uses the link, signs in. */
export const completePasswordLinkAction = action(
  z.object({ workspace: slugSchema, token: z.string().max(64), password: passwordField }),
  async (data) => {
    const workspace = await getWorkspaceBySlug(data.workspace);
    if (!workspace) redirect("/");
    const result = await completePasswordLink({ workspace, secret: data.token, password: data.password, request: requestInfoFrom(await headers()) });
    if (!result.ok && "passwordError" in result) return { error: result.passwordError, fieldErrors: { password: result.passwordError } };
    if (!result.ok) redirect(`/p/${workspace.slug}/l/${encodeURIComponent(data.token)}`);
    await setSessionCookie(result.contact);
    redirect(result.next);
  },
);

/** Account page (change, with the current password) and the welcome page (first password). */
export const setPasswordAction = learnerAction(
  z.object({ workspace: slugSchema, current: passwordField.optional(), password: passwordField, next: z.string().max(300).optional() }),
  async (data, { workspace, contact, request }) => {
    const result = await setOwnPassword({ workspace, contact, request, current: data.current, password: data.password });
    if (!result.ok) return { error: Object.values(result.fieldErrors)[0], fieldErrors: result.fieldErrors };
    await setSessionCookie(result.contact);
    if (data.next !== undefined) redirect(destinationPath(workspace.slug, data.next));
    return { ok: true, message: "Password changed. Your other devices were signed out." };
  },
);

export const signOutEverywhereAction = formAction(async (formData) => {
  const workspace = await getWorkspaceBySlug(String(formData.get("workspace") ?? ""));
  const contact = workspace ? await currentLearner(workspace) : null;
  if (!workspace || !contact) redirect("/");
  if (await currentPreview(workspace)) redirect(`/p/${workspace.slug}/account`);
  await signOutEverywhere({ workspace, contact, request: requestInfoFrom(await headers()) });
  (await cookies()).delete(learnerCookieName);
  redirect(`/p/${workspace.slug}/login?signed_out=everywhere`);
});

/** "Continue with Google/SSO": remember which portal this is, then hand over to the provider. */
export const oidcSignInAction = formAction(async (formData) => {
  const slug = slugSchema.safeParse(formData.get("workspace"));
  if (!slug.success || !(await getWorkspaceBySlug(slug.data))) redirect("/");
  (await cookies()).set(OIDC_WORKSPACE_COOKIE, slug.data, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 600, secure: appUrl.startsWith("https://") });
  // Back to where the learner was going: a destination validated for this workspace, else the portal home.
  const next = formData.get("next");
  await signIn(OIDC_PROVIDER_ID, { redirectTo: destinationPath(slug.data, nextOf(slug.data, typeof next === "string" ? next : null)) });
});

/** "End preview" on the banner: the preview session ends (audited) and the admin returns to the contact. */
export const endPreviewAction = formAction(async (formData) => {
  const workspace = await getWorkspaceBySlug(String(formData.get("workspace") ?? ""));
  if (!workspace) redirect("/");
  const [preview, contact] = await Promise.all([currentPreview(workspace), currentLearner(workspace)]);
  const jar = await cookies();
  if (!preview || !contact) redirect(`/p/${workspace.slug}`);
  jar.delete(learnerCookieName);
  if (preview.adminId) await recordPreviewEnded({ workspace, actor: { type: "admin", id: preview.adminId }, request: requestInfoFrom(await headers()) }, contact.id);
  redirect(`/admin/${workspace.slug}/contacts/${contact.id}`);
});
