import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import type { SmsTransport } from "./types";

/**
 * Development transport: nothing leaves the machine. The sms_messages row, marked sent, is
 * what /dev/mailbox shows; with LOG_LINKS the text is printed too, as the email one does.
 */
export const devSmsTransport: SmsTransport = {
  name: "dev",
  async send({ to, body }) {
    // Deliberately outside the logger (which cuts link secrets out): LOG_LINKS is a development switch.
    if (env.LOG_LINKS) console.log(`[mailbox] sms to=${to}: ${body}`);
    return { providerMessageId: `dev_${randomUUID()}` };
  },
};
