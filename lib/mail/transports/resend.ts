import { Resend } from "resend";
import type { EmailMessage } from "@/db/schema";
import type { SendResult, Transport } from "./types";

type ResendError = { statusCode?: number | null; name?: string; message?: string };

const payload = (m: EmailMessage) => ({
  from: m.fromEmail,
  to: [m.toEmail],
  subject: m.subject,
  html: m.html,
  text: m.text,
  ...(m.replyTo ? { replyTo: m.replyTo } : {}),
});

/** 429 and 5xx (and no answer at all) are worth retrying; any other 4xx will fail again. */
function failure(error: ResendError, headers: Record<string, string> | null): SendResult {
  const status = error.statusCode ?? 0;
  const retryAfter = Number(headers?.["retry-after"]);
  return {
    ok: false,
    retryable: status === 429 || status >= 500 || status === 0 || status === 409,
    status,
    error: `${status || "network"} ${error.name ?? "error"}: ${error.message ?? "no message"}`,
    retryAfterMs: status === 429 && Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
  };
}

/**
 * Resend through its SDK: one message per call on /emails, more on /emails/batch (≤ 100).
 * The SDK never throws on HTTP errors; its `error` (with the status) is turned into a
 * retry decision here. A 409 (same key still in flight at Resend) is retried: the key makes
 * the retry safe. The SDK reads RESEND_BASE_URL when the client is constructed.
 */
export function makeResendTransport(opts: { apiKey: string; baseUrl?: string }): Transport {
  const client = new Resend(opts.apiKey, opts.baseUrl ? { baseUrl: opts.baseUrl } : undefined);
  return {
    name: "resend",
    async send(messages, idempotencyKey) {
      if (messages.length === 1) {
        const { data, error, headers } = await client.emails.send(payload(messages[0]!), { idempotencyKey });
        return error ? failure(error as ResendError, headers) : { ok: true, providerMessageIds: [data?.id] };
      }
      const { data, error, headers } = await client.batch.send(messages.map(payload), { idempotencyKey });
      if (error) return failure(error as ResendError, headers);
      const ids = (data as { data?: { id: string }[] } | null)?.data ?? [];
      return { ok: true, providerMessageIds: messages.map((_, i) => ids[i]?.id) };
    },
  };
}
