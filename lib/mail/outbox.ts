/**
 * The outbox (SPEC §5): an email is a row written in the caller's transaction, rendered
 * now, delivered later by the worker. Nothing is sent from a request; after the caller's
 * transaction commits it calls wakeOutbox() so the worker picks the row up at once (the
 * worker also sweeps on a timer, so a lost wake-up only delays a message, never loses it).
 */
import { render } from "@react-email/components";
import type { ReactElement } from "react";
import type { Queryable } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { env } from "@/lib/env";
import { requestOutboxDrain } from "@/lib/jobs/queue";
import { seal } from "./sealed";

export type QueueEmailInput = {
  workspaceId?: string | null;
  contactId?: string | null;
  teamMemberId?: string | null;
  authTokenId?: string | null;
  template: string;
  to: string;
  subject: string;
  element: ReactElement;
  /** Every link the message carries (shown in the dev mailbox and the server log). */
  links: string[];
  senderName?: string | null;
  replyTo?: string | null;
  batchId?: string | null;
};

function fromAddress(senderName?: string | null): string {
  const configured = env.EMAIL_FROM;
  if (!senderName) return configured;
  const address = configured.match(/<([^>]+)>/)?.[1] ?? configured;
  return `${senderName.replace(/[<>"]/g, "")} <${address}>`;
}

export async function queueEmail(q: Queryable, input: QueueEmailInput): Promise<string> {
  const [html, text] = await Promise.all([render(input.element), render(input.element, { plainText: true })]);
  const [row] = await q
    .insert(emailMessages)
    .values({
      workspaceId: input.workspaceId ?? null,
      contactId: input.contactId ?? null,
      teamMemberId: input.teamMemberId ?? null,
      authTokenId: input.authTokenId ?? null,
      template: input.template,
      toEmail: input.to,
      fromEmail: fromAddress(input.senderName),
      replyTo: input.replyTo ?? null,
      subject: input.subject,
      html: seal(html),
      text: seal(text),
      links: input.links.map(seal),
      batchId: input.batchId ?? null,
    })
    .returning({ id: emailMessages.id });
  return row!.id;
}

/** Call after the transaction that queued emails has committed. Never throws. */
export async function wakeOutbox(): Promise<void> {
  try {
    await requestOutboxDrain();
  } catch (err) {
    console.error("[outbox] could not wake the worker; the periodic sweep will deliver", err);
  }
}
