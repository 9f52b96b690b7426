/**
 * Link and code emails. Each function issues the token and queues its email in the caller's
 * transaction (SPEC §5: state and its email commit together); call wakeOutbox() after commit.
 */
import { PgTransaction } from "drizzle-orm/pg-core";
import { createElement, type ReactElement } from "react";
import type { Queryable } from "@/db/client";
import type { Contact, Workspace } from "@/db/schema";
import type { Brand } from "@/emails/components/layout";
import Invitation, { invitationSubject } from "@/emails/invitation";
import LoginCode, { loginCodeSubject } from "@/emails/login-code";
import LoginLink, { loginLinkSubject } from "@/emails/login-link";
import PasswordChanged, { passwordChangedSubject } from "@/emails/password-changed";
import PasswordReset, { passwordResetSubject } from "@/emails/password-reset";
import Welcome, { welcomeSubject } from "@/emails/welcome";
import { isEmailOn } from "@/lib/mail/email-settings";
import { formatExpiry, formatWhen } from "@/lib/mail/format";
import { queueEmail, queueRendered, renderStamp } from "@/lib/mail/outbox";
import { issueLearnerToken, issueLearnerTokensPipelined, type IssueInput, type Issued } from "./issue";
import { portalUrl } from "./policy";

export type SendInput = Omit<IssueInput, "kind">;

/**
 * Whether a link email may simply sign this contact in: they set a password on a proven address.
 * Everyone else gets a setup link, which also replaces a password set through the checkout
 * shortcut (SPEC §3, pre-account takeover).
 */
export const hasProvenPassword = (c: Pick<Contact, "passwordHash" | "passwordUnproven">) => !!c.passwordHash && !c.passwordUnproven;

export const brandOf = (w: Workspace): Brand => ({ name: w.name, accentColor: w.accentColor, logoUrl: w.logoUrl });


type Mail = { template: string; subject: string; element: ReactElement; links: string[]; authTokenId?: string };

/** Queues an email to the contact, from the workspace's sender name and reply-to. */
const toContact = (w: Workspace, c: Contact) => ({ workspaceId: w.id, contactId: c.id, to: c.email, senderName: w.senderName ?? w.name, replyTo: w.replyTo });

function queueToContact(q: Queryable, w: Workspace, c: Contact, mail: Mail) {
  return queueEmail(q, { ...toContact(w, c), ...mail });
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

type Stamp = (values: Record<"url" | "name" | "expires", string>) => { html: string; text: string };
/**
 * Rendered link templates by template, variant and brand: the placeholders make one render
 * serve every recipient, in this call and the next (a grant through the API would otherwise
 * render its welcome email each time). A brand change is another key; the oldest go first.
 */
const stamps = new Map<string, Promise<Stamp>>();
function cachedStamp(key: string, render: () => Promise<Stamp>): Promise<Stamp> {
  let stamp = stamps.get(key);
  if (!stamp) {
    if (stamps.size >= 500) stamps.delete(stamps.keys().next().value!);
    stamp = render();
    stamp.catch(() => stamps.delete(key));
    stamps.set(key, stamp);
  }
  return stamp;
}

type BulkLinkMail = {
  contacts: Contact[];
  kindOf: (c: Contact) => "login_link" | "password_setup";
  template: string;
  subject: (kind: "login_link" | "password_setup", brand: Brand) => string;
  element: (kind: "login_link" | "password_setup", props: { brand: Brand; firstName: string; url: string; expiresText: string }) => ReactElement;
  batchId?: string;
  /** With one contact: the outbox key of the one email (a workflow step's). */
  idempotencyKey?: string;
};

/**
 * A link email to many contacts: tokens issued in bulk, the template rendered once per
 * variant and brand with placeholders (cachedStamp) and filled in per recipient (a render
 * costs ~8 ms), the outbox rows inserted in one statement.
 */
async function queueLinkEmails(q: Queryable, input: Omit<SendInput, "contact"> & BulkLinkMail): Promise<Issued[]> {
  const { workspace: w, contacts, kindOf, template, subject, element, batchId, idempotencyKey, ...rest } = input;
  if (contacts.length === 0) return [];
  if (idempotencyKey && contacts.length > 1) throw new Error("queueLinkEmails: an idempotency key is for one email");
  const { issued, written } = issueLearnerTokensPipelined(q, contacts.map((contact) => ({ ...rest, workspace: w, contact, kind: kindOf(contact) })));
  // In a transaction the emails' rows follow the tokens' on the same connection, in order; outside one they wait for them.
  if (!(q instanceof PgTransaction)) await written;
  const brand = brandOf(w);
  const mails = [];
  for (const [n, contact] of contacts.entries()) {
    const { token, url } = issued[n]!;
    const kind = token.kind as "login_link" | "password_setup";
    const named = !!contact.firstName;
    const stamp = await cachedStamp(`${template}:${kind}:${named}:${JSON.stringify(brand)}`, () =>
      renderStamp((p) => element(kind, { brand, firstName: named ? p.name : "", url: p.url, expiresText: p.expires }), ["url", "name", "expires"] as const),
    );
    const body = stamp({ url, name: contact.firstName, expires: formatExpiry(token.expiresAt) });
    mails.push({ ...toContact(w, contact), template, subject: subject(kind, brand), ...body, links: [url], authTokenId: token.id, batchId: batchId ?? null, idempotencyKey });
  }
  await Promise.all([written, queueRendered(q, mails)]);
  return issued;
}

/**
 * The membership welcome email sent by every enrollment path (SPEC §4): a setup link, or a
 * login link once a password is set. Nothing when the workspace turned it off, unless
 * `force` (the admin's "Resend"); `off`: as if it were turned off (an import without welcome emails).
 */
export async function queueWelcomeEmails(
  q: Queryable,
  input: Omit<SendInput, "contact"> & { contacts: Contact[]; force?: boolean; off?: boolean; idempotencyKey?: string },
): Promise<Issued[]> {
  const { force, off, ...rest } = input;
  // With the welcome email off, a contact whose password is unproven still gets the setup link
  // that lets the address's owner replace it (SPEC §3, pre-account takeover).
  const contacts = force || (!off && isEmailOn(input.workspace, "welcome")) ? input.contacts : input.contacts.filter((c) => c.passwordHash && c.passwordUnproven);
  return queueLinkEmails(q, {
    ...rest,
    contacts,
    kindOf: (c) => (hasProvenPassword(c) ? "login_link" : "password_setup"),
    template: "welcome",
    subject: (kind, brand) => (kind === "login_link" ? loginLinkSubject(brand) : welcomeSubject(brand)),
    element: (kind, props) => (kind === "login_link" ? createElement(LoginLink, props) : createElement(Welcome, props)),
  });
}

/** The portal invitation (SPEC §5) to many contacts: a setup link, or a login link once a password is set. */
export function queueInvitationEmails(q: Queryable, input: Omit<SendInput, "contact"> & { contacts: Contact[]; batchId?: string }): Promise<Issued[]> {
  return queueLinkEmails(q, {
    ...input,
    kindOf: (c) => (hasProvenPassword(c) ? "login_link" : "password_setup"),
    template: "invitation",
    subject: (_kind, brand) => invitationSubject(brand),
    element: (kind, props) => createElement(Invitation, { ...props, hasPassword: kind === "login_link" }),
  });
}

/** "Send Login Email" to many contacts at once (one-time login links, as an admin sends them). */
export function queueLoginEmails(q: Queryable, input: Omit<SendInput, "contact"> & { contacts: Contact[]; batchId?: string; idempotencyKey?: string }): Promise<Issued[]> {
  return queueLinkEmails(q, {
    ...input,
    kindOf: () => "login_link",
    template: "login_link",
    subject: (_kind, brand) => loginLinkSubject(brand),
    element: (_kind, props) => createElement(LoginLink, props),
  });
}

export async function queueWelcomeEmail(q: Queryable, input: SendInput & { force?: boolean }): Promise<Issued | null> {
  const [issued] = await queueWelcomeEmails(q, { ...input, contacts: [input.contact] });
  return issued ?? null;
}

export async function queuePasswordChangedNotice(q: Queryable, input: { workspace: Workspace; contact: Contact; byAdmin: boolean; now?: Date }) {
  const { workspace: w, contact: c } = input;
  if (!isEmailOn(w, "password_changed")) return;
  const forgotUrl = portalUrl(w.slug, "/forgot-password");
  await queueToContact(q, w, c, {
    template: "password_changed",
    subject: passwordChangedSubject(brandOf(w)),
    element: createElement(PasswordChanged, { brand: brandOf(w), firstName: c.firstName, whenText: formatWhen(input.now ?? new Date()), byAdmin: input.byAdmin, forgotUrl }),
    links: [forgotUrl],
  });
}
