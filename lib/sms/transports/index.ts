import { env, smsDevTransportActive } from "@/lib/env";
import { devSmsTransport } from "./dev";
import { makeTwilioTransport } from "./twilio";
import type { SmsTransport } from "./types";

let twilio: SmsTransport | undefined;

/** Twilio when its credentials are set, else the dev mailbox (in production too, as email does). */
export function currentSmsTransport(): SmsTransport {
  if (smsDevTransportActive) return devSmsTransport;
  return (twilio ??= makeTwilioTransport({ accountSid: env.TWILIO_ACCOUNT_SID!, authToken: env.TWILIO_AUTH_TOKEN!, from: env.TWILIO_FROM!, apiUrl: env.TWILIO_API_URL }));
}

export { SmsSendError, type SmsTransport } from "./types";
