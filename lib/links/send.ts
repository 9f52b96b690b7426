/**
 * Link and code emails. Each function issues the token and queues its email in the caller's
 * transaction (SPEC §5: state and its email commit together); call wakeOutbox() after commit.
 */
import { createElement } from "react";
import type { Queryable } from "@/db/client";
import type { Contact, Workspace } from "@/db/schema";
import type { Brand } from "@/emails/components/layout";
import LoginCode, { loginCodeSubject } from "@/emails/login-code";
import LoginLink, { loginLinkSubject } from "@/emails/login-link";
import PasswordChanged, { passwordChangedSubject } from "@/emails/password-changed";
import PasswordReset, { passwordResetSubject } from "@/emails/password-reset";
import Welcome, { welcomeSubject } from "@/emails/welcome";
import { formatExpiry, formatWhen } from "@/lib/mail/format";
import { queueEmail, type QueueEmailInput } from "@/lib/mail/outbox";
import { issueLearnerToken, type IssueInput, type Issued } from "./issue";
import { portalUrl } from "./policy";

export type SendInput = Omit<IssueInput, "kind">;

export const brandOf = (w: Workspace): Brand => ({ name: w.name, accentColor: w.accentColor, logoUrl: w.logoUrl });

const systemEmailOn = (w: Workspace, key: string) => !(w.settings?.disabledEmails ?? []).includes(key);

function envelope(w: Workspace, c: Contact): Pick<QueueEmailInput, "workspaceId" | "contactId" | "to" | "senderName" | "replyTo"> {
  return { workspaceId: w.id, contactId: c.id, to: c.email, senderName: w.senderName ?? w.name, replyTo: w.replyTo };
}

/** A one-time login link; from the login page it also carries a code for another device. */
export async function queueSignInEmail(q: Queryable, input: SendInput & { withCode?: boolean }): Promise<Issued> {
  const { workspace: w, contact: c } = input;
  const link = await issueLearnerToken(q, { ...input, kind: "login_link" });
  const code = input.withCode ? await issueLearnerToken(q, { ...input, kind: "login_code", destination: null }) : undefined;
  await queueEmail(q, {
    ...envelope(w, c),
    authTokenId: link.token.id,
    template: "login_link",
    subject: loginLinkSubject(brandOf(w)),
    element: createElement(LoginLink, {
      brand: brandOf(w),
      firstName: c.firstName,
      url: link.url,
      expiresText: formatExpiry(link.token.expiresAt),
      code: code ? { value: code.secret, expiresText: formatExpiry(code.token.expiresAt) } : undefined,
    }),
    links: [link.url],
  });
  return link;
}

export async function queueCodeEmail(q: Queryable, input: SendInput): Promise<Issued> {
  const { workspace: w, contact: c } = input;
  const code = await issueLearnerToken(q, { ...input, kind: "login_code", destination: null });
  await queueEmail(q, {
    ...envelope(w, c),
    authTokenId: code.token.id,
    template: "login_code",
    subject: loginCodeSubject(brandOf(w)),
    element: createElement(LoginCode, { brand: brandOf(w), firstName: c.firstName, code: code.secret, expiresText: formatExpiry(code.token.expiresAt) }),
    links: [],
  });
  return code;
}

/** Set-password (welcome) link for a contact with no password yet. */
export async function queueSetupEmail(q: Queryable, input: SendInput): Promise<Issued> {
  const { workspace: w, contact: c } = input;
  const link = await issueLearnerToken(q, { ...input, kind: "password_setup" });
  await queueEmail(q, {
    ...envelope(w, c),
    authTokenId: link.token.id,
    template: "welcome",
    subject: welcomeSubject(brandOf(w)),
    element: createElement(Welcome, { brand: brandOf(w), firstName: c.firstName, url: link.url, expiresText: formatExpiry(link.token.expiresAt) }),
    links: [link.url],
  });
  return link;
}

/**
 * "Forgot password" and the admin's "Send reset link": a reset link, or a setup link for a
 * contact who never set a password (SPEC §3: such a contact is offered a setup link).
 */
export async function queuePasswordEmail(q: Queryable, input: SendInput): Promise<Issued> {
  const { workspace: w, contact: c } = input;
  if (!c.passwordHash) return queueSetupEmail(q, input);
  const link = await issueLearnerToken(q, { ...input, kind: "password_reset" });
  await queueEmail(q, {
    ...envelope(w, c),
    authTokenId: link.token.id,
    template: "password_reset",
    subject: passwordResetSubject(brandOf(w)),
    element: createElement(PasswordReset, { brand: brandOf(w), firstName: c.firstName, url: link.url, expiresText: formatExpiry(link.token.expiresAt) }),
    links: [link.url],
  });
  return link;
}

/**
 * The membership welcome email sent by every enrollment path (SPEC §4): a setup link, or a
 * login link once a password is set. Returns null when the workspace turned it off.
 */
export async function queueWelcomeEmail(q: Queryable, input: SendInput): Promise<Issued | null> {
  if (!systemEmailOn(input.workspace, "welcome")) return null;
  return input.contact.passwordHash ? queueSignInEmail(q, input) : queueSetupEmail(q, input);
}

export async function queuePasswordChangedNotice(q: Queryable, input: { workspace: Workspace; contact: Contact; byAdmin: boolean; now?: Date }) {
  const { workspace: w, contact: c } = input;
  if (!systemEmailOn(w, "password_changed")) return;
  const forgotUrl = portalUrl(w.slug, "/forgot-password");
  await queueEmail(q, {
    ...envelope(w, c),
    template: "password_changed",
    subject: passwordChangedSubject(brandOf(w)),
    element: createElement(PasswordChanged, { brand: brandOf(w), firstName: c.firstName, whenText: formatWhen(input.now ?? new Date()), byAdmin: input.byAdmin, forgotUrl }),
    links: [forgotUrl],
  });
}
