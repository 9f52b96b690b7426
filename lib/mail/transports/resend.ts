import { Resend } from "resend";
import { env } from "@/lib/env";
import type { Transport } from "./types";

let client: Resend | undefined;

/**
 * Resend, one message per call with the outbox row id as the idempotency key, so a retry
 * after a crash between the provider's answer and our commit is not a second email.
 * (The SDK reads RESEND_BASE_URL itself when the client is constructed.)
 */
export const resendTransport: Transport = {
  name: "resend",
  async send(message) {
    client ??= new Resend(env.RESEND_API_KEY);
    const { data, error } = await client.emails.send(
      {
        from: message.fromEmail,
        to: [message.toEmail],
        subject: message.subject,
        html: message.html,
        text: message.text,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      },
      { idempotencyKey: message.id },
    );
    if (error) {
      const status = (error as { statusCode?: number | null }).statusCode ?? 0;
      const retryable = status === 429 || status >= 500 || status === 0;
      return { ok: false, retryable, error: `${error.name}: ${error.message}` };
    }
    return { ok: true, providerMessageId: data?.id };
  },
};
