/**
 * The outbox (SPEC §5): an email is a row written in the caller's transaction, rendered
 * now, delivered later by the worker. Nothing is sent from a request; after the caller's
 * transaction commits it calls wakeOutbox() so the worker picks the row up at once (the
 * worker also sweeps on a timer, so a lost wake-up only delays a message, never loses it).
 */
import { render } from "@react-email/components";
import type { ReactElement } from "react";
import type { Queryable } from "@/db/client";
import { insertMany } from "@/db/insert-many";
import { emailMessages } from "@/db/schema";
import { env } from "@/lib/env";
import { requestOutboxDrain } from "@/lib/jobs/queue";
import { escapeHtml } from "@/lib/utils";
import { seal, sealCompressed } from "./sealed";
import { logger } from "@/lib/log";

const log = logger("outbox");

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
  /** At most one message per key (a workflow step's key): a second insert fails. */
  idempotencyKey?: string | null;
};

function fromAddress(senderName?: string | null): string {
  const configured = env.EMAIL_FROM;
  if (!senderName) return configured;
  const address = configured.match(/<([^>]+)>/)?.[1] ?? configured;
  return `${senderName.replace(/[<>"]/g, "")} <${address}>`;
}

export type RenderedEmail = Omit<QueueEmailInput, "element"> & { html: string; text: string };

export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

export async function queueEmail(q: Queryable, input: QueueEmailInput): Promise<string> {
  const { element, ...rest } = input;
  const [id] = await queueRendered(q, [{ ...rest, ...(await renderEmail(element)) }]);
  return id!;
}

/** Queues already-rendered emails in one statement (bulk sends). */
export async function queueRendered(q: Queryable, inputs: RenderedEmail[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  const rows = await insertMany<{ id: string }>(
    q,
    emailMessages,
    inputs.map((input) => ({
      workspaceId: input.workspaceId ?? null,
      contactId: input.contactId ?? null,
      teamMemberId: input.teamMemberId ?? null,
      authTokenId: input.authTokenId ?? null,
      template: input.template,
      toEmail: input.to,
      fromEmail: fromAddress(input.senderName),
      replyTo: input.replyTo ?? null,
      subject: input.subject,
      html: sealCompressed(input.html),
      text: sealCompressed(input.text),
      links: input.links.map(seal),
      batchId: input.batchId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    })),
    ["id"],
  );
  return rows.map((r) => r.id);
}

/**
 * Renders a template once with placeholder values and returns a function that fills them in:
 * a bulk send of one template costs one render instead of one per recipient (~8 ms each).
 * Values are HTML-escaped in the HTML part (or encoded by `html[key]`, e.g. to keep line
 * breaks) and inserted as they are in the text part.
 */
export async function renderStamp<K extends string>(
  build: (placeholders: Record<K, string>) => ReactElement,
  keys: readonly K[],
  opts: { html?: Partial<Record<K, (value: string) => string>> } = {},
) {
  const placeholders = Object.fromEntries(keys.map((k) => [k, `PORTICOSTAMP${k.toUpperCase()}X`])) as Record<K, string>;
  const { html, text } = await renderEmail(build(placeholders));
  const fill = (template: string, values: Record<K, string>, escape: (v: string, k: K) => string) =>
    keys.reduce((out, k) => out.split(placeholders[k]).join(escape(values[k], k)), template);
  const toHtml = (v: string, k: K) => (opts.html?.[k] ?? escapeHtml)(v);
  return (values: Record<K, string>) => ({ html: fill(html, values, toHtml), text: fill(text, values, (v) => v) });
}

/** Wake-ups within this long of the last one are sent as one, at its end (a drain takes everything queued by then). */
const WAKE_COALESCE_MS = 50;
let lastWake = 0;
let trailing: ReturnType<typeof setTimeout> | null = null;

/**
 * Call after the transaction that queued emails has committed. Never throws. A burst of them
 * (an API integration granting hundreds of offers a second) sends one wake-up per 50 ms,
 * not one job each.
 */
export async function wakeOutbox(): Promise<void> {
  const now = Date.now();
  if (now - lastWake < WAKE_COALESCE_MS) {
    trailing ??= setTimeout(() => {
      trailing = null;
      void wakeOutbox();
    }, WAKE_COALESCE_MS - (now - lastWake));
    trailing.unref?.();
    return;
  }
  lastWake = now;
  try {
    await requestOutboxDrain();
  } catch (err) {
    log.warn({ err }, "could not wake the worker; the periodic sweep will deliver");
  }
}
