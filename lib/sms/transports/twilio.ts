/**
 * Twilio's Messages API over fetch (no SDK: one form-encoded POST). 429 and 5xx, a timeout
 * and a network error are transient; any other 4xx is permanent (a bad number, an opted-out
 * recipient: Twilio error 21610). Error text names the status and Twilio's error code and
 * never carries the body, the auth token or a URL's query.
 */
import { cleanErrorText, SmsSendError, type SmsTransport } from "./types";

export type TwilioOptions = {
  accountSid: string;
  authToken: string;
  /** A number in E.164, or a Messaging Service SID (MG…) that picks the number itself. */
  from: string;
  apiUrl?: string;
  /** How long to wait for Twilio's answer before calling it a transient failure. */
  timeoutMs?: number;
};

type TwilioError = { code?: number; message?: string; status?: number };

export function makeTwilioTransport(opts: TwilioOptions): SmsTransport {
  const base = (opts.apiUrl ?? "https://api.twilio.com").replace(/\/+$/, "");
  const endpoint = `${base}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString("base64")}`;
  const timeoutMs = opts.timeoutMs ?? 10_000;

  return {
    name: "twilio",
    async send({ to, from, body, idempotencyKey }) {
      const sender = from ?? opts.from;
      const form = new URLSearchParams({ To: to, Body: body });
      form.set(sender.startsWith("MG") ? "MessagingServiceSid" : "From", sender);
      const clean = (text: string) => cleanErrorText(text, [body, opts.authToken, auth]);
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: "POST",
          headers: {
            authorization: auth,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
            // Twilio documents I-Twilio-Idempotency-Token as a header it sends on its own webhooks;
            // its Messages API does not document honouring it on requests, so it is sent as a hint
            // only. The real guarantee is ours: one sms_messages row per key, never re-sent once sent.
            "i-twilio-idempotency-token": idempotencyKey,
          },
          body: form,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "error",
        });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        if (e.name === "TimeoutError" || e.name === "AbortError") throw new SmsSendError({ transient: true, unknown: true, message: `Twilio did not answer within ${Math.round(timeoutMs / 100) / 10} s.` });
        // Refused or unresolvable: the request never left. Anything else (a reset mid-request) may have reached Twilio.
        const neverSent = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"].includes(e.cause?.code ?? "");
        throw new SmsSendError({ transient: true, unknown: !neverSent, message: clean(`Could not reach Twilio: ${e.cause?.code ?? e.cause?.message ?? e.message}`) });
      }
      const text = await res.text().catch(() => "");
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // A proxy's HTML error page: the status says enough.
      }
      if (res.ok && typeof data.sid === "string") return { providerMessageId: data.sid };
      if (res.ok) throw new SmsSendError({ status: res.status, transient: true, unknown: true, message: `Twilio answered ${res.status} without a message SID.` });
      const error = data as TwilioError;
      const transient = res.status === 429 || res.status >= 500;
      const code = error.code ? ` (error ${error.code})` : "";
      throw new SmsSendError({ status: res.status, transient, message: clean(`Twilio ${res.status}${code}: ${error.message ?? (res.statusText || "no message")}`) });
    },
  };
}
