/**
 * Send SMS: the step's text rendered with the merge fields ({{login_url}} mints a one-time
 * login link), sent through lib/sms under the step's key, so a retried step never texts twice.
 * A contact who replied STOP, or has no usable number, is skipped with the reason.
 */
import { db } from "@/db/client";
import { issueLearnerTokens } from "@/lib/links/issue";
import { portalUrl } from "@/lib/links/policy";
import { mergeScope } from "@/lib/mail/templates";
import { compileTemplate, renderTemplate, templateFields, TemplateError } from "@/lib/mail/template-sandbox";
import { devMailboxMode } from "@/lib/env";
import { sendSms, smsAlreadySent } from "@/lib/sms/send";
import { currentSmsTransport } from "@/lib/sms/transports";

/** Characters a rendered text may have (ten segments; the template itself is at most SMS_MAX_CHARS). */
export const SMS_MAX_SENT = 1600;
import { eventSubjects } from "./email";
import { needContact, StepError, StepSkipped, type ExternalStep, type StepEnv } from "./types";

/** The text for this contact; `mint: false` puts a stand-in where the login link goes (test runs). */
export async function smsText(s: StepEnv, opts: { mint: boolean }): Promise<{ text: string; withLink: boolean }> {
  const contact = needContact(s);
  let compiled;
  try {
    compiled = compileTemplate(String(s.config.body ?? ""));
  } catch (err) {
    if (err instanceof TemplateError) throw new StepError(`The SMS text cannot be used: ${err.message}`);
    throw err;
  }
  const withLink = templateFields(compiled).includes("login_url");
  return db.transaction(async (tx) => {
    let url = portalUrl(s.workspace.slug, "/login");
    if (withLink) {
      url = opts.mint
        ? (await issueLearnerTokens(tx, [{ workspace: s.workspace, contact, kind: "login_link", via: "workflow_sms", actor: s.ctx.actor }]))[0]!.url
        : portalUrl(s.workspace.slug, "/l/one-time-link-created-when-sent");
    }
    try {
      return { text: renderTemplate(compiled, mergeScope(s.workspace, contact, url, await eventSubjects(tx, s))).trim(), withLink };
    } catch (err) {
      if (err instanceof TemplateError) throw new StepError(`The SMS text could not be rendered for this contact: ${err.message}`);
      throw err;
    }
  });
}

export const sendSmsStep: ExternalStep = {
  kind: "external",
  async run(s) {
    const contact = needContact(s);
    // Texts kept for a dev mailbox nobody can open would be "sent" to no one: say so instead.
    if (currentSmsTransport().name === "dev" && devMailboxMode === "off") {
      throw new StepSkipped("No SMS provider is configured (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM): the text was not sent.");
    }
    // Nothing to mint for a contact who cannot receive it (sendSms records the skip), nor for a text already sent (sendSms answers `already`).
    const reachable = !!contact.phone && !contact.smsOptedOutAt && !(await smsAlreadySent(s.key));
    const { text } = reachable ? await smsText(s, { mint: true }) : { text: "" };
    if (text.length > SMS_MAX_SENT) throw new StepError(`The text is ${text.length.toLocaleString("en")} characters once filled in for this contact; at most ${SMS_MAX_SENT.toLocaleString("en")} can be sent.`);
    const r = await sendSms({ workspaceId: s.workspace.id, contactId: contact.id, to: contact.phone, body: text, idempotencyKey: s.key });
    if (r.ok) return { smsId: r.smsId, transport: r.transport, already: r.already || undefined };
    if (r.skipped) throw new StepSkipped(r.reason, { smsId: r.smsId });
    throw new StepError(r.error, r.transient, { smsId: r.smsId });
  },
};
