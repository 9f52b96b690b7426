/**
 * The system emails (SPEC §5) as the dashboard lists them: what each is for, whether a
 * workspace may turn it off, and a preview with sample data. Sign-in emails a learner asks
 * for (login link, code, reset) cannot be turned off: that would lock learners out.
 */
import { eq } from "drizzle-orm";
import { createElement, type ReactElement } from "react";
import { db } from "@/db/client";
import { workspaces, type Workspace } from "@/db/schema";
import Invitation, { invitationSubject } from "@/emails/invitation";
import LoginCode, { loginCodeSubject } from "@/emails/login-code";
import LoginLink, { loginLinkSubject } from "@/emails/login-link";
import PasswordChanged, { passwordChangedSubject } from "@/emails/password-changed";
import PasswordReset, { passwordResetSubject } from "@/emails/password-reset";
import Welcome, { welcomeSubject } from "@/emails/welcome";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { brandOf } from "@/lib/links/send";
import { portalUrl } from "@/lib/links/policy";
import { isEmailOn } from "./email-settings";
import { formatExpiry, formatWhen } from "./format";
import { renderEmail } from "./outbox";

type Sample = { subject: string; element: ReactElement };
export { isEmailOn };

export type SystemEmail = { key: string; name: string; when: string; optional: boolean; sample: (w: Workspace) => Sample };

const inDays = (d: number) => formatExpiry(new Date(Date.now() + d * 86_400_000));
const sampleUrl = (w: Workspace) => portalUrl(w.slug, "/l/sample-link-for-preview");

export const SYSTEM_EMAILS: SystemEmail[] = [
  {
    key: "welcome",
    name: "Welcome / set your password",
    when: "When an offer is granted (checkout, admin, import, workflow, API): a set-password link, or a login link if the contact already has a password.",
    optional: true,
    sample: (w) => ({ subject: welcomeSubject(brandOf(w)), element: createElement(Welcome, { brand: brandOf(w), firstName: "Dana", url: sampleUrl(w), expiresText: inDays(7) }) }),
  },
  {
    key: "invitation",
    name: "Portal invitation",
    when: "When an admin invites a contact (Client Portal → Invite, or a bulk action on Contacts): a set-password link, or a login link if the contact already has a password. Off: Invite is unavailable.",
    optional: true,
    sample: (w) => ({ subject: invitationSubject(brandOf(w)), element: createElement(Invitation, { brand: brandOf(w), firstName: "Dana", url: sampleUrl(w), expiresText: inDays(7) }) }),
  },
  {
    key: "password_changed",
    name: "Password changed (notice)",
    when: "After a learner's password is changed, by them or by an admin who ticked “notify”.",
    optional: true,
    sample: (w) => ({
      subject: passwordChangedSubject(brandOf(w)),
      element: createElement(PasswordChanged, { brand: brandOf(w), firstName: "Dana", whenText: formatWhen(new Date()), byAdmin: false, forgotUrl: portalUrl(w.slug, "/forgot-password") }),
    }),
  },
  {
    key: "login_link",
    name: "Login link and code",
    when: "When a learner asks on the login page (“Email me a login link or code”), or an admin sends a login email. Off: learners sign in with their password (or SSO) only, and the login page stops offering it.",
    optional: true,
    sample: (w) => ({ subject: loginLinkSubject(brandOf(w)), element: createElement(LoginLink, { brand: brandOf(w), firstName: "Dana", url: sampleUrl(w), expiresText: inDays(1) }) }),
  },
  {
    key: "login_code",
    name: "Login code",
    when: "When a learner asks for a code to type on another device. On and off with the login link.",
    optional: false,
    sample: (w) => ({ subject: loginCodeSubject(brandOf(w)), element: createElement(LoginCode, { brand: brandOf(w), firstName: "Dana", code: "492817", expiresText: formatExpiry(new Date(Date.now() + 600_000)) }) }),
  },
  {
    key: "password_reset",
    name: "Password reset",
    when: "When a learner uses “Forgot password?”, or an admin sends a reset link. Off: the login page stops offering “Forgot password?”.",
    optional: true,
    sample: (w) => ({ subject: passwordResetSubject(brandOf(w)), element: createElement(PasswordReset, { brand: brandOf(w), firstName: "Dana", url: sampleUrl(w), expiresText: formatExpiry(new Date(Date.now() + 7_200_000)) }) }),
  },
];

export async function previewSystemEmail(w: Workspace, key: string) {
  const email = SYSTEM_EMAILS.find((e) => e.key === key);
  if (!email) return undefined;
  const { subject, element } = email.sample(w);
  return { email, subject, ...(await renderEmail(element)) };
}

export async function setSystemEmail(ctx: Ctx, key: string, on: boolean): Promise<{ ok: true } | { ok: false; error: string }> {
  const email = SYSTEM_EMAILS.find((e) => e.key === key);
  if (!email?.optional) return { ok: false, error: "This email cannot be turned off on its own." };
  await db.transaction(async (tx) => {
    const [w] = await tx.select().from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for("update");
    const disabled = new Set(w!.settings?.disabledEmails ?? []);
    if (on) disabled.delete(key);
    else disabled.add(key);
    await tx.update(workspaces).set({ settings: { ...w!.settings, disabledEmails: [...disabled] }, updatedAt: new Date() }).where(eq(workspaces.id, w!.id));
    await recordAudit(tx, { workspaceId: w!.id, actor: ctx.actor, request: ctx.request, action: on ? "system_email.enabled" : "system_email.disabled", data: { key } });
  });
  return { ok: true };
}
