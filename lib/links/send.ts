/**
 * Link and code emails. Each function issues the token and queues its email in the caller's
 * transaction (SPEC §5: state and its email commit together); call wakeOutbox() after commit.
 */
import { createElement, type ReactElement } from "react";
import type { Queryable } from "@/db/client";
import type { Contact, Workspace } from "@/db/schema";
import type { Brand } from "@/emails/components/layout";
import LoginCode, { loginCodeSubject } from "@/emails/login-code";
import LoginLink, { loginLinkSubject } from "@/emails/login-link";
import PasswordChanged, { passwordChangedSubject } from "@/emails/password-changed";
import PasswordReset, { passwordResetSubject } from "@/emails/password-reset";
import Welcome, { welcomeSubject } from "@/emails/welcome";
import { formatExpiry, formatWhen } from "@/lib/mail/format";
import { queueEmail } from "@/lib/mail/outbox";
import { issueLearnerToken, type IssueInput, type Issued } from "./issue";
import { portalUrl } from "./policy";

export type SendInput = Omit<IssueInput, "kind">;

export const brandOf = (w: Workspace): Brand => ({ name: w.name, accentColor: w.accentColor, logoUrl: w.logoUrl });

const systemEmailOn = (w: Workspace, key: string) => !(w.settings?.disabledEmails ?? []).includes(key);

type Mail = { template: string; subject: string; element: ReactElement; links: string[]; authTokenId?: string };

/** Queues an email to the contact, from the workspace's sender name and reply-to. */
function queueToContact(q: Queryable, w: Workspace, c: Contact, mail: Mail) {
  return queueEmail(q, { workspaceId: w.id, contactId: c.id, to: c.email, senderName: w.senderName ?? w.name, replyTo: w.replyTo, ...mail });
}

/** Issues a token of `kind` and queues the email `render` builds for it. */
async function issueAndEmail(
  q: Queryable,
  input: SendInput,
  kind: IssueInput["kind"],
  render: (issued: Issued, ctx: { brand: Brand; firstName: string; expiresText: string }) => Omit<Mail, "authTokenId" | "links">,
): Promise<Issued> {
  const { workspace: w, contact: c } = input;
  const issued = await issueLearnerToken(q, { ...input, kind });
  const mail = render(issued, { brand: brandOf(w), firstName: c.firstName, expiresText: formatExpiry(issued.token.expiresAt) });
  await queueToContact(q, w, c, { ...mail, authTokenId: issued.token.id, links: issued.url ? [issued.url] : [] });
  return issued;
}

/** A one-time login link; from the login page it also carries a code for another device. */
export async function queueSignInEmail(q: Queryable, input: SendInput & { withCode?: boolean }): Promise<Issued> {
  const code = input.withCode ? await issueLearnerToken(q, { ...input, kind: "login_code", destination: null }) : undefined;
  return issueAndEmail(q, input, "login_link", ({ url }, ctx) => ({
    template: "login_link",
    subject: loginLinkSubject(ctx.brand),
    element: createElement(LoginLink, { ...ctx, url, code: code ? { value: code.secret, expiresText: formatExpiry(code.token.expiresAt) } : undefined }),
  }));
}

/** The admin's "Generate magic link" with "send by email": the reusable link, emailed. */
export function queueMagicLinkEmail(q: Queryable, input: SendInput): Promise<Issued> {
  return issueAndEmail(q, input, "learner_magic_link", ({ url }, ctx) => ({
    template: "magic_link",
    subject: loginLinkSubject(ctx.brand),
    element: createElement(LoginLink, { ...ctx, url, reusable: true }),
  }));
}

export function queueCodeEmail(q: Queryable, input: SendInput): Promise<Issued> {
  return issueAndEmail(q, { ...input, destination: null }, "login_code", ({ secret }, ctx) => ({
    template: "login_code",
    subject: loginCodeSubject(ctx.brand),
    element: createElement(LoginCode, { ...ctx, code: secret }),
  }));
}

/** Set-password (welcome) link for a contact with no password yet. */
export function queueSetupEmail(q: Queryable, input: SendInput): Promise<Issued> {
  return issueAndEmail(q, input, "password_setup", ({ url }, ctx) => ({
    template: "welcome",
    subject: welcomeSubject(ctx.brand),
    element: createElement(Welcome, { ...ctx, url }),
  }));
}

/**
 * "Forgot password" and the admin's "Send reset link": a reset link, or a setup link for a
 * contact who never set a password (SPEC §3: such a contact is offered a setup link).
 */
export function queuePasswordEmail(q: Queryable, input: SendInput): Promise<Issued> {
  if (!input.contact.passwordHash) return queueSetupEmail(q, input);
  return issueAndEmail(q, input, "password_reset", ({ url }, ctx) => ({
    template: "password_reset",
    subject: passwordResetSubject(ctx.brand),
    element: createElement(PasswordReset, { ...ctx, url }),
  }));
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
  await queueToContact(q, w, c, {
    template: "password_changed",
    subject: passwordChangedSubject(brandOf(w)),
    element: createElement(PasswordChanged, { brand: brandOf(w), firstName: c.firstName, whenText: formatWhen(input.now ?? new Date()), byAdmin: input.byAdmin, forgotUrl }),
    links: [forgotUrl],
  });
}
